// CLI transcripts (simgrid's tesh, simplified): each tests/transcripts/*.txt
// holds commands and their exact output.
//
//   # a comment
//   $ stargate validate tests/transcripts/misspelt.toml
//   > tests/transcripts/misspelt.toml:9:1: sites.s: unknown key 'powr' (did you mean 'power'?)
//   ? 2
//
// `$` runs the command from the source directory with stdout and stderr
// merged; `>` lines are the expected output, in order, exactly; `?` is the
// expected exit code (0 when absent).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Case {
  std::string command;
  std::vector<std::string> expected;
  int exit_code = 0;
  int line = 0;
};

std::vector<Case> parse(const fs::path& file) {
  std::vector<Case> cases;
  std::ifstream in(file);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("$ ", 0) == 0) {
      cases.push_back(Case{line.substr(2), {}, 0, n});
    } else if (line.rfind("> ", 0) == 0 || line == ">") {
      cases.back().expected.push_back(line.size() > 2 ? line.substr(2) : "");
    } else if (line.rfind("? ", 0) == 0) {
      cases.back().exit_code = std::stoi(line.substr(2));
    }
  }
  return cases;
}

std::pair<std::vector<std::string>, int> run(const std::string& command) {
  std::string cmd = command;
  if (cmd.rfind("stargate", 0) == 0) cmd = std::string(STARGATE_CLI) + cmd.substr(8);
  cmd = "cd '" + std::string(STARGATE_SOURCE_DIR) + "' && NO_COLOR=1 " + cmd + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, got);
  const int status = ::pclose(pipe);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < out.size()) {
    const size_t end = out.find('\n', start);
    lines.push_back(out.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return {lines, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

class Transcript : public ::testing::TestWithParam<std::string> {};

TEST_P(Transcript, OutputMatches) {
  const fs::path file = fs::path(STARGATE_SOURCE_DIR) / "tests/transcripts" / GetParam();
  const std::vector<Case> cases = parse(file);
  ASSERT_FALSE(cases.empty()) << file << " has no commands";
  for (const Case& c : cases) {
    const auto [lines, code] = run(c.command);
    EXPECT_EQ(code, c.exit_code) << file.filename().string() << ":" << c.line << ": $ "
                                 << c.command;
    std::string got, want;
    for (const std::string& l : lines) got += l + "\n";
    for (const std::string& l : c.expected) want += l + "\n";
    EXPECT_EQ(got, want) << file.filename().string() << ":" << c.line << ": $ " << c.command;
  }
}

std::vector<std::string> transcripts() {
  std::vector<std::string> names;
  for (const auto& e :
       fs::directory_iterator(fs::path(STARGATE_SOURCE_DIR) / "tests/transcripts")) {
    if (e.path().extension() == ".txt") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Cli, Transcript, ::testing::ValuesIn(transcripts()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param.substr(0, p.param.size() - 4);
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
