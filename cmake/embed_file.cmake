# Script mode: writes OUT, a C++ source defining `SYMBOL` as the bytes of IN.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
math(EXPR size "${n} / 2")
file(WRITE ${OUT}
  "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace stargate::embedded {\n"
  "namespace {\nconstexpr char kBytes[] = {${bytes} '\\0'};\n}\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL}(kBytes, ${size});\n}\n")
