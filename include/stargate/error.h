// include/stargate/error.h
//
// The one error type of the library. Every failure the library reports is an
// Error with a small closed set of kinds; front ends map the kind to an exit
// code (apps/cli), an HTTP status or a Python exception, and never parse the
// message.

#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace stargate {

enum class ErrorKind {
  kInvalidScenario,  // the scenario (file, --set, generated) breaks a rule; issues() says where
  kIo,               // a file could not be read or written
  kUnsupported,      // a feature the scenario asks for is not built yet
  kInternal,         // a model invariant broke: a bug, please report
};

// "invalid_scenario", "io", "unsupported", "internal".
const char* to_string(ErrorKind kind);

// Where in a scenario source a value was written. Line and column are 1-based;
// 0 means "not from a file" (a built-in default, a generated value).
struct SourceSpan {
  std::string file;
  int line = 0;
  int column = 0;
};

// One problem with a scenario, with everything a user needs to fix it.
struct Issue {
  SourceSpan where;
  std::string key_path;  // "sites.abilene.phases.phase2.duration"
  std::string message;   // "expected a duration (d, w, mo, y), got '18 months'"
  std::string hint;      // "did you mean 'duration'?"; may be empty

  // "file:line:col: key.path: message (hint)", the form tests compare verbatim.
  std::string to_string() const;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::vector<Issue> issues = {});

  ErrorKind kind() const noexcept { return kind_; }
  const std::vector<Issue>& issues() const noexcept { return issues_; }

  // {"kind": "invalid_scenario", "message": ..., "issues": [{file, line, column,
  // key_path, message, hint}, ...]} as a JSON text.
  std::string to_json() const;

 private:
  ErrorKind kind_;
  std::vector<Issue> issues_;
};

}  // namespace stargate
