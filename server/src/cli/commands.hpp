// The `tallyd` subcommands (docs/operations.md). Each takes its own arguments (after the
// subcommand name), prints results on stdout and errors ("E<code> message") on stderr,
// and returns one of the exit codes below.
#pragma once

#include <string>
#include <vector>

namespace tally::server {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // the command failed (I/O, store, server error)
inline constexpr int kExitUsage = 2;         // bad or missing arguments
inline constexpr int kExitVerifyFailed = 3;  // verify: the log, a signature or the tally is wrong
inline constexpr int kExitUnreachable = 4;   // the server could not be reached or refused the token

using Args = std::vector<std::string>;

int run_init(const Args& args);
int run_serve(const Args& args);
int run_api_command(const std::string& command, const Args& args);  // enrol, devices, ...
int run_revoke(const Args& args);
int run_adjudicate(const Args& args);
int run_export(const Args& args);
int run_verify(const Args& args);
int run_backup(const Args& args);  // and restore: cli/backup.cpp
int run_restore(const Args& args);
int run_token(const Args& args);  // token rotate

}  // namespace tally::server
