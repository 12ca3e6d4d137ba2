include(GoogleTest)
# stargate_add_test(name SOURCES ... LIBS ...): one GoogleTest binary, its
# tests registered with CTest one by one. STARGATE_SOURCE_DIR lets tests find
# their data files without environment variables.
function(stargate_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main stargate_options)
  target_compile_definitions(${name} PRIVATE
                             STARGATE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
