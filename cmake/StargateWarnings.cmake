# stargate_options: flags every stargate target builds with, as an INTERFACE
# target rather than edits to CMAKE_CXX_FLAGS.
#  -ffp-contract=off keeps FMA contraction from changing results between build
#  types (MODEL.md §8: bit-identical outputs).
add_library(stargate_options INTERFACE)
target_compile_options(stargate_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                  -Wnon-virtual-dtor -ffp-contract=off)
if(STARGATE_WERROR)
  target_compile_options(stargate_options INTERFACE -Werror)
endif()
