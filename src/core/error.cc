#include "stargate/error.h"

#include <nlohmann/json.hpp>

namespace stargate {
namespace {

std::string summarise(const std::string& message, const std::vector<Issue>& issues) {
  if (!message.empty() || issues.empty()) return message;
  return issues.size() == 1 ? issues.front().to_string()
                            : std::to_string(issues.size()) + " problems in the scenario";
}

}  // namespace

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidScenario:
      return "invalid_scenario";
    case ErrorKind::kIo:
      return "io";
    case ErrorKind::kUnsupported:
      return "unsupported";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Issue::to_string() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0)
      out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
    out += ": ";
  }
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

Error::Error(ErrorKind kind, std::string message, std::vector<Issue> issues)
    : std::runtime_error(summarise(message, issues)), kind_(kind), issues_(std::move(issues)) {}

std::string Error::to_json() const {
  nlohmann::json issues = nlohmann::json::array();
  for (const Issue& i : issues_) {
    issues.push_back({{"file", i.where.file},
                      {"line", i.where.line},
                      {"column", i.where.column},
                      {"key_path", i.key_path},
                      {"message", i.message},
                      {"hint", i.hint}});
  }
  return nlohmann::json{
      {"kind", stargate::to_string(kind_)}, {"message", what()}, {"issues", issues}}
      .dump();
}

}  // namespace stargate
