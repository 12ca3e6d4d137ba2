// The docs show what the program does: the generated reference is current,
// the examples in the scenario-language page load, and every test the model
// page names as the proof of a rule exists.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
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

// docs/model.md cites tests as `Suite.Name` or `Suite.*`; a renamed or
// deleted test would leave a rule with a proof that no longer exists.
TEST(Docs, EveryTestTheModelPageCitesExists) {
  std::set<std::string> suites, tests;
  const std::regex declared(R"(\bTEST(?:_P|_F)?\(\s*(\w+)\s*,\s*(\w+)\s*\))");
  for (const char* dir : {"src", "tests"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::string(STARGATE_SOURCE_DIR) + "/" + dir)) {
      const std::string path = entry.path().string();
      if (!path.ends_with("_test.cc")) continue;
      const std::string text =
          read(std::filesystem::relative(entry.path(), STARGATE_SOURCE_DIR).string());
      for (std::sregex_iterator m(text.begin(), text.end(), declared), end; m != end; ++m) {
        suites.insert((*m)[1]);
        tests.insert((*m)[1].str() + "." + (*m)[2].str());
      }
    }
  }
  ASSERT_GT(tests.size(), 100u);
  const std::string page = read("docs/model.md");
  const std::regex cited(R"(`([A-Z]\w*)\.(\*|[A-Z]\w*)`)");
  int checked = 0;
  for (std::sregex_iterator m(page.begin(), page.end(), cited), end; m != end; ++m) {
    const std::string suite = (*m)[1], name = (*m)[2];
    if (name == "*") {
      EXPECT_TRUE(suites.count(suite)) << "docs/model.md cites a missing suite: " << suite;
    } else {
      EXPECT_TRUE(tests.count(suite + "." + name))
          << "docs/model.md cites a missing test: " << suite << "." << name;
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

}  // namespace
}  // namespace stargate
