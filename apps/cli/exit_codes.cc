#include "exit_codes.h"

namespace stargate::cli {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidScenario:
      return 2;
    case ErrorKind::kIo:
      return 3;
    case ErrorKind::kUnsupported:
      return 4;
    case ErrorKind::kInternal:
      return 70;
  }
  return 70;
}

}  // namespace stargate::cli
