// The `tallyd` subcommands (docs/operations.md). Each takes its own arguments (after the
// subcommand name), prints results on stdout and errors ("E<code> message") on stderr,
// and returns one of the exit codes below.
#pragma once

#include <string>
#include <vector>

#include "tally/cli/exit_codes.hpp"

namespace tally::server {

// The exit codes of every tool (tally/cli/exit_codes.hpp, docs/cli.md).
using cli::kExitFailure;
using cli::kExitOk;
using cli::kExitTryAgain;
using cli::kExitUsage;
using cli::kExitVerifyFailed;

using Args = std::vector<std::string>;

int run_init(const Args& args);
int run_serve(const Args& args);
int run_api_command(const std::string& command, const Args& args);  // enrol, devices, ...
int run_revoke(const Args& args);
int run_adjudicate(const Args& args);
int run_round(const Args& args);  // round show, round open: the second round
int run_export(const Args& args);
int run_verify(const Args& args);
int run_backup(const Args& args);  // and restore: cli/backup.cpp
int run_restore(const Args& args);
int run_token(const Args& args);  // token rotate
int run_user(const Args& args);   // user add, list, disable (cli/user.cpp)

}  // namespace tally::server
