// `tallyd token rotate`: a new API token for a role, which the running tallyd takes on
// SIGHUP (docs/operations.md, "Rotate a token").
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "store/data_dir.hpp"

namespace tally::server {

namespace po = boost::program_options;

int run_token(const Args& args) {
  if (args.empty() ||
      (args.front() != "rotate" && args.front() != "--help" && args.front() != "-h")) {
    return report("token",
                  make_error(ErrorCode::kInvalidArgument,
                             "usage: tallyd token rotate --data DIR --role "
                             "operator|supervisor|auditor"),
                  kExitUsage);
  }
  po::options_description options("token rotate options");
  add_text_option(options, "data", "data directory of the server", true);
  add_text_option(options, "role", "whose token: operator, supervisor or auditor", true);
  po::variables_map values;
  const Args rest(args.front() == "rotate" ? args.begin() + 1 : args.begin(), args.end());
  if (auto exit = parse_args("token rotate",
                             "Writes a new random token for the role into DATA/ROLE.token (mode\n"
                             "0600), replacing the old one. The running tallyd accepts it, and\n"
                             "refuses the old one, after SIGHUP (systemctl reload tallyd).",
                             options, rest, values)) {
    return *exit;
  }
  const DataDir dir{text_option(values, "data")};
  const std::string role = text_option(values, "role");
  const auto path = dir.token_of_role(role);
  if (!path) {
    return report("token rotate",
                  make_error(ErrorCode::kInvalidArgument,
                             "--role must be operator, supervisor or auditor, not '" + role + "'"),
                  kExitUsage);
  }
  if (!std::filesystem::exists(dir.database())) {
    return report("token rotate", make_error(ErrorCode::kNotFound,
                                             dir.root + " is not a data directory (no tallyd.db)"));
  }
  if (auto status = write_new_token(*path, true); !status) {
    return report("token rotate", status.error());
  }
  std::cout << "rotated the " << role << " token: " << *path << "\n"
            << "  the running tallyd takes it on SIGHUP (systemctl reload tallyd)\n";
  return kExitOk;
}

}  // namespace tally::server
