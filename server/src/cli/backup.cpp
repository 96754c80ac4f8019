// `tallyd backup` and `tallyd restore`.
#include "store/backup.hpp"

#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace tally::server {

namespace po = boost::program_options;

namespace {

// Usage errors (a target that is not empty) exit 2, the others 1.
int exit_code_of(const Error& error) {
  return error.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

}  // namespace

int run_backup(const Args& args) {
  po::options_description options("backup options");
  add_text_option(options, "data", "data directory of the server (it may be serving)", true);
  add_text_option(options, "to", "backup directory to create (must not exist, or be empty)", true);
  po::variables_map values;
  if (auto exit = parse_args("backup",
                             "Backs a data directory up while tallyd serves: a consistent\n"
                             "snapshot of the store (SQLite's VACUUM INTO) and copies of the\n"
                             "keys, tokens, definition and schema. tallyd restore puts it back.",
                             options, args, values)) {
    return *exit;
  }
  const DataDir dir{text_option(values, "data")};
  const std::string to = text_option(values, "to");
  if (auto status = backup_data_dir(dir, to); !status) {
    return report("backup", status.error(), exit_code_of(status.error()));
  }
  std::cout << "backed up " << dir.root << " to " << to << "\n";
  return kExitOk;
}

int run_restore(const Args& args) {
  po::options_description options("restore options");
  add_text_option(options, "from", "backup directory (tallyd backup --to)", true);
  add_text_option(options, "data", "new data directory to create (must not exist, or be empty)",
                  true);
  po::variables_map values;
  if (auto exit = parse_args("restore",
                             "Restores a backup made by tallyd backup into a new data directory,\n"
                             "which tallyd serve --data then serves.",
                             options, args, values)) {
    return *exit;
  }
  const std::string from = text_option(values, "from");
  const DataDir dir{text_option(values, "data")};
  if (auto status = restore_data_dir(from, dir); !status) {
    return report("restore", status.error(), exit_code_of(status.error()));
  }
  std::cout << "restored " << from << " into " << dir.root << "\n";
  return kExitOk;
}

}  // namespace tally::server
