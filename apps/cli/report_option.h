// apps/cli/report_option.h: `--report [FILE]`, alike on run, mc and compare.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace stargate::cli {

// Adds `--report [FILE]` to `cmd`: a FILE must end in .html or .htm, so that
// `stargate run --report my.toml` is an error rather than a scenario
// overwritten. Whether it was given is the option's count() after parsing;
// `file` is "" when it came without a FILE.
inline CLI::Option* add_report_option(CLI::App* cmd, std::string& file, const std::string& help) {
  return cmd->add_option("--report", file, help)
      ->expected(0, 1)
      ->option_text("[FILE]")
      ->check(
          [](const std::string& v) {
            return v.empty() || v.ends_with(".html") || v.ends_with(".htm")
                       ? std::string()
                       : "expected a file ending in .html, got '" + v + "'";
          },
          "FILE.html");
}

}  // namespace stargate::cli
