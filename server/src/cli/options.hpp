// Shared parsing for the tallyd subcommands: tallyd's side of the one CLI convention
// (tally/cli/command_line.hpp, tally/cli/report.hpp; docs/cli.md).
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "base/log.hpp"
#include "cli/commands.hpp"
#include "tally/error.hpp"
#include "tally/server/sqlite_store.hpp"

namespace tally::server {

// Parses `args` against `options` (and `positional`, for commands that take operands).
// Returns an exit code when the command must stop (--help or --version printed: kExitOk;
// bad arguments: kExitUsage), nullopt to go on.
std::optional<int> parse_args(
    const std::string& command, const std::string& summary,
    const boost::program_options::options_description& options, const Args& args,
    boost::program_options::variables_map& values,
    const boost::program_options::positional_options_description& positional = {});

// Adds a string option; read it with text_option(). Every string option goes through
// here so that Boost's std::string value type is instantiated in cli_options.cpp only
// (GCC 12's -Wnull-dereference reports a false positive inside it: server/CMakeLists.txt).
void add_text_option(boost::program_options::options_description& options, const char* name,
                     const char* help, bool required = false, const char* default_value = nullptr);

// The string value of option `name`, or "" when it was not given.
std::string text_option(const boost::program_options::variables_map& values, const char* name);

// Boost.Program_options' hook for an option of type SyncMode (found by argument-dependent
// lookup): "full" or "normal", else invalid_option_value, which names the flag or the
// config file's key.
void validate(boost::any& value, const std::vector<std::string>& tokens, SyncMode* /*type*/,
              int /*unused*/);

// The same for LogLevel: debug, info, warn or error.
void validate(boost::any& value, const std::vector<std::string>& tokens, LogLevel* /*type*/,
              int /*unused*/);

// Prints "tallyd <command>: E<code> <message>" on stderr and returns its exit code
// (cli::exit_code_for), or `exit_code`.
int report(const std::string& command, const Error& error);
int report(const std::string& command, const Error& error, int exit_code);

// Prints "tallyd <command>: E1101 <message>" and the help hint; returns kExitUsage.
int usage_error(const std::string& command, const std::string& message);

}  // namespace tally::server
