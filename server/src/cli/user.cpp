// `tallyd user add|list|disable`: the console's accounts, one per person, written straight
// into the data directory's database (docs/operations.md, "Console accounts"). Works while
// tallyd serves (SQLite WAL): the running server reads accounts at every login.
#include <termios.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "auth/accounts.hpp"
#include "base/rfc3339.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "store/data_dir.hpp"
#include "tally/engine/names.hpp"
#include "tally/files/read_file.hpp"

namespace tally::server {

namespace po = boost::program_options;
namespace json = boost::json;

namespace {

constexpr const char* kUsage = "usage: tallyd user add|list|disable --data DIR ...";

std::uint64_t wall_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

// The first line of `text`, without its line end.
std::string first_line(std::string text) {
  text = text.substr(0, text.find('\n'));
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

// One line from stdin; on a terminal, asked for on stderr and not echoed.
Result<std::string> read_password_from_stdin() {
  const bool terminal = ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    std::cerr << "password: " << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool read = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  if (!read) return make_error(ErrorCode::kInvalidArgument, "no password on stdin");
  return first_line(line);
}

Result<std::unique_ptr<Store>> open_store(const DataDir& dir) {
  if (!std::filesystem::exists(dir.database())) {
    return make_error(ErrorCode::kNotFound, dir.root + " is not a data directory (no tallyd.db)");
  }
  SqliteStoreOptions options;
  options.path = dir.database();
  options.read_connections = 1;
  return open_sqlite_store(options);
}

json::object account_json(const AccountRow& account) {
  return json::object{{"name", account.name},
                      {"role", engine::to_string(account.role)},
                      {"created_at", rfc3339_utc(account.created_ms)},
                      {"disabled", account.disabled}};
}

int run_add(const Args& args) {
  bool as_json = false;
  po::options_description options("user add options");
  add_text_option(options, "data", "data directory of the server", true);
  add_text_option(options, "name", "the account's name (or give it as the operand)", true);
  add_text_option(options, "role", "operator, supervisor or auditor", true);
  add_text_option(options, "password-file",
                  "read the password from this file's first line (else from stdin)");
  options.add_options()("json", po::bool_switch(&as_json), "print the account as JSON");
  po::positional_options_description operand;
  operand.add("name", 1);
  po::variables_map values;
  if (auto exit = parse_args("user add",
                             "Adds a console account for one person: NAME is 1 to 48 of a-z,\n"
                             "0-9, '.', '_', '-'; the password (10 to 1024 bytes) is hashed with\n"
                             "scrypt. Works while tallyd serves: the next login sees it.",
                             options, args, values, operand)) {
    return *exit;
  }
  const DataDir dir{text_option(values, "data")};
  const std::string password_file = text_option(values, "password-file");
  auto password = password_file.empty() ? read_password_from_stdin()
                                        : read_file(password_file, kMaxSmallFileBytes);
  if (!password) return report("user add", password.error());
  auto account = new_account(text_option(values, "name"), text_option(values, "role"),
                             first_line(*password), wall_ms());
  if (!account) return report("user add", account.error(), kExitUsage);
  auto store = open_store(dir);
  if (!store) return report("user add", store.error());
  if (auto status = (*store)->add_account(*account); !status) {
    return report("user add", status.error());
  }
  if (as_json) {
    std::cout << json::serialize(account_json(*account)) << "\n";
  } else {
    std::cout << "added " << account->name << " (" << engine::to_string(account->role) << ")\n";
  }
  return kExitOk;
}

int run_list(const Args& args) {
  bool as_json = false;
  po::options_description options("user list options");
  add_text_option(options, "data", "data directory of the server", true);
  options.add_options()("json", po::bool_switch(&as_json), "print the accounts as JSON");
  po::variables_map values;
  if (auto exit = parse_args("user list", "Lists the console's accounts (never their hashes).",
                             options, args, values)) {
    return *exit;
  }
  auto store = open_store(DataDir{text_option(values, "data")});
  if (!store) return report("user list", store.error());
  auto accounts = (*store)->load_accounts();
  if (!accounts) return report("user list", accounts.error());
  if (as_json) {
    json::array users;
    for (const auto& account : *accounts) users.push_back(account_json(account));
    std::cout << json::serialize(json::object{{"users", std::move(users)}}) << "\n";
    return kExitOk;
  }
  for (const auto& account : *accounts) {
    std::cout << account.name << "  " << engine::to_string(account.role) << "  "
              << rfc3339_utc(account.created_ms) << (account.disabled ? "  disabled" : "") << "\n";
  }
  return kExitOk;
}

int run_disable(const Args& args) {
  po::options_description options("user disable options");
  add_text_option(options, "data", "data directory of the server", true);
  add_text_option(options, "name", "the account to disable (or give it as the operand)", true);
  po::positional_options_description operand;
  operand.add("name", 1);
  po::variables_map values;
  if (auto exit = parse_args("user disable",
                             "Disables an account: its logins are refused and its open sessions\n"
                             "end at their next request. The account stays (its name is in the\n"
                             "adjudications it made).",
                             options, args, values, operand)) {
    return *exit;
  }
  auto store = open_store(DataDir{text_option(values, "data")});
  if (!store) return report("user disable", store.error());
  const std::string name = text_option(values, "name");
  if (auto status = (*store)->disable_account(name); !status) {
    return report("user disable", status.error());
  }
  std::cout << "disabled " << name << "\n";
  return kExitOk;
}

}  // namespace

int run_user(const Args& args) {
  const std::string action = args.empty() ? "" : args.front();
  const Args rest(args.empty() ? args.begin() : args.begin() + 1, args.end());
  if (action == "add") return run_add(rest);
  if (action == "list") return run_list(rest);
  if (action == "disable") return run_disable(rest);
  if (action == "--help" || action == "-h") {
    std::cout << kUsage << "\n  (tallyd user add --help, list --help, disable --help)\n";
    return kExitOk;
  }
  return report("user", make_error(ErrorCode::kInvalidArgument, kUsage), kExitUsage);
}

}  // namespace tally::server
