// Shared parsing for the tallyd subcommands (Boost.Program_options).
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "cli.hpp"
#include "tally/error.hpp"

namespace tally::server {

// Parses `args` against `options`. Returns an exit code when the command must stop
// (--help printed: kExitOk; bad arguments: kExitUsage), nullopt to go on.
std::optional<int> parse_args(const std::string& command, const std::string& summary,
                              const boost::program_options::options_description& options,
                              const Args& args, boost::program_options::variables_map& values);

// Prints "tallyd <command>: E<code> <message>" on stderr and returns `exit_code`.
int report(const std::string& command, const Error& error, int exit_code = kExitFailure);

}  // namespace tally::server
