// apps/cli/exit_codes.h: the only place that knows the CLI's exit codes.
#pragma once

#include "stargate/error.h"

namespace stargate::cli {

inline constexpr int kOk = 0;
inline constexpr int kUsage = 64;  // EX_USAGE: bad command-line arguments

// 2 invalid scenario, 3 I/O, 4 unsupported, 70 internal (EX_SOFTWARE: a bug).
int exit_code_for(ErrorKind kind);

}  // namespace stargate::cli
