// include/stargate/version.h: the library's version, as built.
#pragma once

namespace stargate {

// "0.1.0"; the CLI's --version and every summary.json carry it.
const char* version();

}  // namespace stargate
