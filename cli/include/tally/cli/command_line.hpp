// One command's command line on Boost.Program_options, the same way in every tool: --help
// prints the command's own usage and options on stdout, --version the version line, and a
// bad argument an E-code line and the usage on stderr (exit 2, docs/cli.md).
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tally::cli {

// Who a command is and what its help says.
struct CommandUsage {
  std::string tool;      // "tallyd"
  std::string command;   // "export"; empty for a tool without subcommands
  std::string synopsis;  // after "usage: tallyd export ", e.g. "--data DIR --out DIR [--csv]"
  std::string summary;   // what it does, a few lines

  // "tallyd export", or the tool's name alone: how error lines and the usage name it.
  [[nodiscard]] std::string who() const;
};

// Parses `args` (the words after the command) against `options` and `positional`, with
// --help/-h and --version added. Returns the exit code when the command must stop at once
// (--help or --version printed: kExitOk; a bad argument reported: kExitUsage), or nullopt
// to go on with `values` filled and notified.
std::optional<int> parse_command_line(
    const CommandUsage& usage, const boost::program_options::options_description& options,
    const std::vector<std::string>& args, boost::program_options::variables_map& values,
    const boost::program_options::positional_options_description& positional = {});

// The words after the program's name: argv[1] .. argv[argc - 1].
std::vector<std::string> arguments_of(int argc, char** argv);

}  // namespace tally::cli
