// The docs show what the program does: the generated reference is current and
// the examples in the scenario-language page load.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "stargate/error.h"
#include "stargate/scenario.h"

namespace stargate {
namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(STARGATE_SOURCE_DIR) + "/" + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Docs, ReferenceIsGeneratedFromTheDeclarations) {
  EXPECT_EQ(read("docs/reference.md"), scenario_reference())
      << "regenerate with: build/stargate explain --params > docs/reference.md";
}

// Every ```toml block of the page that starts with [scenario] is a whole
// scenario and must load; the others are fragments.
TEST(Docs, WholeScenariosInTheLanguagePageLoad) {
  const std::string page = read("docs/scenario-language.md");
  int whole = 0;
  for (size_t at = page.find("```toml\n"); at != std::string::npos;
       at = page.find("```toml\n", at + 1)) {
    const size_t begin = at + 8;
    const std::string block = page.substr(begin, page.find("```", begin) - begin);
    if (block.rfind("[scenario]", 0) != 0) continue;
    ++whole;
    try {
      Scenario::from_toml(block, "docs/scenario-language.md");
    } catch (const Error& e) {
      ADD_FAILURE() << "example scenario does not load: " << e.what();
    }
  }
  EXPECT_GE(whole, 1);
}

}  // namespace
}  // namespace stargate
