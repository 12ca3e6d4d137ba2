#include "stargate/version.h"

namespace stargate {

const char* version() { return STARGATE_VERSION; }

}  // namespace stargate
