// tallyd: the TallySync server and its operator commands.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "tally/cli/report.hpp"

namespace {

constexpr const char* kUsage =
    R"(usage: tallyd <command> [options]   (tallyd <command> --help for its options)
       tallyd --version

commands:
  init       create a data directory (TLS certificate, signing key, tokens, database)
  serve      serve devices (WebSocket /sync) and HTTP on one port
  enrol      create a one-time enrolment code for a device (via the running server)
  devices    list enrolled devices
  revoke     revoke a device (its sessions close, its next Hello is refused)
  conflicts  list forms with conflicting values or flags
  adjudicate decide a conflicting field, or accept a flagged form
  round      round show|open: the second round (supplementary elections, re-votes)
  tally      print the tally (table, or --json)
  progress   print reporting progress
  export     write records, tally, devices and the audit log of a data directory
  verify     check an exported audit log offline and recompute the tally
  backup     back a data directory up while tallyd serves (restore puts it back)
  restore    restore a backup into a new data directory
  token      token rotate: a new operator, supervisor or auditor token (tallyd takes it on SIGHUP)
  user       user add|list|disable: the console's accounts, one per person

exit codes (docs/cli.md): 0 ok, 1 failure, 2 usage, 3 verification failed,
4 try again later (the server unreachable or busy)
)";

int run(const std::string& command, const tally::server::Args& args) {
  using namespace tally::server;
  if (command == "init") return run_init(args);
  if (command == "serve") return run_serve(args);
  if (command == "enrol" || command == "devices" || command == "conflicts" || command == "tally" ||
      command == "progress") {
    return run_api_command(command, args);
  }
  if (command == "revoke") return run_revoke(args);
  if (command == "adjudicate") return run_adjudicate(args);
  if (command == "round") return run_round(args);
  if (command == "export") return run_export(args);
  if (command == "verify") return run_verify(args);
  if (command == "backup") return run_backup(args);
  if (command == "restore") return run_restore(args);
  if (command == "token") return run_token(args);
  if (command == "user") return run_user(args);
  return tally::cli::usage_error("tallyd", "unknown command '" + command + "'");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tally::server;
  if (argc < 2) {
    std::cerr << kUsage;
    return tally::cli::usage_error("tallyd", "no command given");
  }
  const std::string command = argv[1];
  if (command == "--version") {
    std::cout << tally::cli::version_line("tallyd") << "\n";
    return kExitOk;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    // `tallyd help COMMAND` is `tallyd COMMAND --help`.
    if (argc > 2) return run(argv[2], {"--help"});
    std::cout << kUsage;
    return kExitOk;
  }
  return run(command, Args(argv + 2, argv + argc));
}
