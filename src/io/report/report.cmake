# report.html's page and chart library, embedded into stargate_io.
#
# The chart library (Vega, Vega-Lite, vega-embed) is an npm package set pinned
# by assets/package-lock.json and installed by `make setup` (npm ci) into
# assets/node_modules, which is never committed. When it is there, its minified
# builds are compiled into the library and html_report() inlines them; when it
# is not, everything else builds and tests as before, and html_report() throws
# Error{kUnsupported} saying to run `make setup`. CMake looks again whenever the
# assets directory changes (node_modules appears or goes), so a build directory
# configured before `make setup` picks the library up on its next build.
set(STARGATE_REPORT_ASSETS_DIR ${CMAKE_CURRENT_LIST_DIR}/assets)
set(STARGATE_REPORT_JS
    ${STARGATE_REPORT_ASSETS_DIR}/node_modules/vega/build/vega.min.js
    ${STARGATE_REPORT_ASSETS_DIR}/node_modules/vega-lite/build/vega-lite.min.js
    ${STARGATE_REPORT_ASSETS_DIR}/node_modules/vega-embed/build/vega-embed.min.js)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${STARGATE_REPORT_ASSETS_DIR})

stargate_embed(stargate_io ${CMAKE_CURRENT_LIST_DIR}/page.html report_page_html)

set(STARGATE_REPORT_HAVE_JS ON)
foreach(js ${STARGATE_REPORT_JS})
  if(NOT EXISTS ${js})
    set(STARGATE_REPORT_HAVE_JS OFF)
  endif()
endforeach()
if(STARGATE_REPORT_HAVE_JS)
  list(GET STARGATE_REPORT_JS 0 vega_js)
  list(GET STARGATE_REPORT_JS 1 vega_lite_js)
  list(GET STARGATE_REPORT_JS 2 vega_embed_js)
  stargate_embed(stargate_io ${vega_js} vega_js)
  stargate_embed(stargate_io ${vega_lite_js} vega_lite_js)
  stargate_embed(stargate_io ${vega_embed_js} vega_embed_js)
  target_compile_definitions(stargate_io PRIVATE STARGATE_REPORT_ASSETS=1)
  message(STATUS "report.html: chart library found in ${STARGATE_REPORT_ASSETS_DIR}/node_modules")
else()
  target_compile_definitions(stargate_io PRIVATE STARGATE_REPORT_ASSETS=0)
  message(STATUS "report.html: chart library not installed (run `make setup`); "
                 "`stargate run --report` will say so")
endif()
