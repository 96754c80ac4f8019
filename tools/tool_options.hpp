// Command-line parsing shared by the engine's tools: --help prints the usage, a bad
// argument prints "E<code> message" and the usage to stderr (exit code 1).
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

#include "tally/error.hpp"

namespace tally::tools {

inline constexpr int kExitUsage = 1;

// Parses `argv` into `arguments`; the exit code to return at once (help or usage error),
// or nullopt to go on.
inline std::optional<int> parse_command_line(
    int argc, char** argv, const boost::program_options::options_description& options,
    boost::program_options::variables_map& arguments) {
  namespace po = boost::program_options;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), arguments);
    if (arguments.count("help") > 0) {
      std::cout << options << "\n";
      return 0;
    }
    po::notify(arguments);
  } catch (const po::error& error) {
    std::cerr << "E" << static_cast<unsigned>(ErrorCode::kInvalidArgument) << " " << error.what()
              << "\n"
              << options << "\n";
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace tally::tools
