# stargate_options: flags every stargate target builds with, as an INTERFACE
# target rather than edits to CMAKE_CXX_FLAGS.
#  -ffp-contract=off keeps FMA contraction from changing results between build
#  types (MODEL.md §8: bit-identical outputs).
add_library(stargate_options INTERFACE)
target_compile_options(stargate_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                  -Wnon-virtual-dtor -ffp-contract=off)
# GCC 12 at -O3 reports -Wrestrict on ordinary std::string concatenation, a
# known false positive (GCC bug 105651); it is silenced rather than worked
# around in every string expression.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(stargate_options INTERFACE -Wno-restrict)
endif()
if(STARGATE_WERROR)
  target_compile_options(stargate_options INTERFACE -Werror)
endif()
