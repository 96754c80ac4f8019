// The exit codes of every TallySync tool (docs/cli.md, "Exit codes"): one table, so a
// script reads the same number the same way whichever tool it ran.
#pragma once

#include "tally/error.hpp"

namespace tally::cli {

inline constexpr int kExitOk = 0;
// The command failed or was refused; the error line's E-code says why.
inline constexpr int kExitFailure = 1;
// Bad or missing arguments, an unknown command: nothing was done.
inline constexpr int kExitUsage = 2;
// `tallyd verify`: the export was checked and is wrong (the first fault is printed).
inline constexpr int kExitVerifyFailed = 3;
// A transient failure (the server unreachable, a timeout, a busy store): the same command
// may succeed later.
inline constexpr int kExitTryAgain = 4;

// The exit code of a command that stops on `error`: kExitTryAgain when retrying may help
// (Error::transient), kExitFailure otherwise.
constexpr int exit_code_for(const Error& error) {
  return error.transient ? kExitTryAgain : kExitFailure;
}

}  // namespace tally::cli
