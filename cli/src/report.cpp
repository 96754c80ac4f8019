#include "tally/cli/report.hpp"

#include <iostream>

#include "tally/build_info.hpp"
#include "tally/cli/exit_codes.hpp"

namespace tally::cli {

int report(std::string_view who, const Error& error) {
  return report(who, error, exit_code_for(error));
}

int report(std::string_view who, const Error& error, int exit_code) {
  std::cerr << who << ": " << error.to_string() << "\n";
  return exit_code;
}

int usage_error(std::string_view who, const std::string& message) {
  report(who, make_error(ErrorCode::kInvalidArgument, message));
  std::cerr << "(see " << who << " --help)\n";
  return kExitUsage;
}

void warn(std::string_view who, const Error& error) {
  std::cerr << who << ": warning: " << error.to_string() << "\n";
}

std::string version_line(std::string_view tool) {
  return std::string(tool) + " " + std::string(kVersion) + " (" + std::string(kGitCommit) + ")";
}

}  // namespace tally::cli
