#include "support/generate.h"

namespace stargate::testing {

std::string generate_scenario(std::uint64_t, const GenerateOptions&) { return {}; }
std::string generate_large_scenario(int, int, int, int) { return {}; }

}  // namespace stargate::testing
