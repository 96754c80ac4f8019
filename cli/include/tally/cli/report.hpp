// The error lines of every TallySync tool on stderr: "<who>: E<code> <message>", where
// <who> is the tool and its command ("tallyd export", or "tally-offline" alone), so a
// log of several tools says which one failed and why, with a code a script can match.
#pragma once

#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::cli {

// Prints "<who>: E<code> <message>" and returns exit_code_for(error).
int report(std::string_view who, const Error& error);

// Prints "<who>: E<code> <message>" and returns `exit_code`.
int report(std::string_view who, const Error& error, int exit_code);

// Prints "<who>: E1101 <message>" and "(see <who> --help)", returns kExitUsage.
int usage_error(std::string_view who, const std::string& message);

// Prints "<who>: warning: E<code> <message>" (the command goes on).
void warn(std::string_view who, const Error& error);

// "<tool> <project version> (<git commit>)", what --version prints.
std::string version_line(std::string_view tool);

}  // namespace tally::cli
