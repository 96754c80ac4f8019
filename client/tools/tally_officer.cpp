// tally-officer: the officer's command line, standing in for the mobile app. Works on
// one device's local store; every command but enrol and sync works fully offline.
// Exit codes (docs/cli.md, the same in every tool): 0 done, 1 refused or failed, 2 usage,
// 4 transient failure (network, timeout, a busy store: try again later).
#include <boost/program_options.hpp>
#include <charconv>
#include <iostream>
#include <string>
#include <vector>

#include "tally/cli/exit_codes.hpp"
#include "tally/cli/report.hpp"
#include "tally/client/client.hpp"
#include "tally/client/form_json.hpp"
#include "tally/engine/names.hpp"
#include "tally/files/read_file.hpp"

namespace po = boost::program_options;
using tally::client::Client;

namespace {

using tally::cli::kExitOk;
constexpr const char* kTool = "tally-officer";

constexpr const char* kUsage = R"(usage: tally-officer --store FILE <command> [arguments] [options]
       tally-officer --version

Commands:
  enrol --server URL --code CODE [--ca FILE]   enrol this device (needs the network)
  forms [--json]                               list the forms of this device
  show FORM [--json]                           values, status, failed checks, conflicts
  set FORM FIELD VALUE [--text]                set a count (or a text with --text)
  clear FORM FIELD                             clear a field
  submit FORM                                  sign and submit the current values
  withdraw FORM                                withdraw the submission
  adjudicate FORM FIELD VALUE [--text]         resolve a conflict (supervisor devices)
  history FORM FIELD [--json]                  who entered what, when, from which device
  status [--json]                              device, sync state and ops pending
  sync [--timeout SECONDS] [--json]            sync now; wait until up to date
  receipts verify [--json]                     check the server's public log holds every
                                               acknowledged own op (needs the network)

FORM is "<station>/<unit>" (e.g. TN-0001/NA-01); FIELD is a field name ("valid") or a
vote entry ("votes.NA-01-C01"). Put "--" before a VALUE that starts with "-".

Exit codes (docs/cli.md): 0 done; 1 refused or failed (stderr "tally-officer COMMAND:
E<code> message"); 2 usage error; 3 receipts verify found a problem; 4 transient failure
(network, timeout or a busy store: try again later).
)";

// One command's error lines: "tally-officer COMMAND: E<code> message", and its exit code.
struct Reporter {
  std::string who;

  int operator()(const tally::Error& error) const { return tally::cli::report(who, error); }
  int operator()(const tally::Status& status) const {
    return status.ok() ? kExitOk : (*this)(status.error());
  }
  [[nodiscard]] int usage(const std::string& message) const {
    return tally::cli::usage_error(who, message);
  }
};

// `tally-officer COMMAND --help`: that command's line of kUsage, so a command's synopsis is
// written once; an unknown command gets the global help.
std::string command_usage(const std::string& name) {
  std::istringstream lines(kUsage);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  " + name + " ", 0) == 0) {
      const auto gap = line.find("   ");
      const auto description = line.find_first_not_of(' ', gap);
      return "usage: tally-officer --store FILE " + line.substr(2, gap - 2) + "\n  " +
             line.substr(description) + "\n";
    }
  }
  return kUsage;
}

std::string value_text(const tally::engine::OpValue& value) {
  if (const auto* count = std::get_if<tally::engine::Count>(&value)) return std::to_string(*count);
  if (const auto* text = std::get_if<std::string>(&value)) return "\"" + *text + "\"";
  return "(cleared)";
}

void print_form(const tally::client::FormView& view) {
  std::cout << view.form.to_string() << "  " << tally::engine::to_string(view.status.stage)
            << (view.submitted_by_this_device ? " (submitted by this device)" : "") << "\n";
  for (const auto& reason : view.status.reasons) {
    std::cout << "  flagged: " << tally::engine::to_string(reason.kind) << " " << reason.detail
              << "\n";
  }
  for (const auto& [field, value] : view.record.values) {
    if (const auto* count = std::get_if<tally::engine::Count>(&value)) {
      std::cout << "  " << field << " = " << *count << "\n";
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      std::cout << "  " << field << " = \"" << *text << "\"\n";
    } else {
      for (const auto& [candidate, votes] : std::get<tally::engine::VoteMap>(value)) {
        std::cout << "  " << field << "." << candidate << " = " << votes << "\n";
      }
    }
  }
  for (const auto& conflict : view.conflicts) {
    std::cout << "  CONFLICT " << conflict.path << ":";
    for (const auto& sibling : conflict.siblings) {
      std::cout << " " << value_text(sibling.value) << " by " << sibling.dot.device << "#"
                << sibling.dot.counter << ";";
    }
    std::cout << "\n";
  }
  for (const auto& failure : view.failed_checks) {
    std::cout << "  "
              << (failure.severity == tally::engine::Severity::kError ? "check failed: "
                                                                      : "warning: ")
              << failure.check_id << ": " << failure.message << "\n";
  }
}

void print_history(const std::vector<tally::client::HistoryEntry>& history) {
  for (const auto& [entry, live] : history) {
    std::cout << entry.hlc.physical_ms << "." << entry.hlc.logical << "  " << entry.dot.device
              << "#" << entry.dot.counter << "  " << tally::engine::to_string(entry.kind) << " "
              << value_text(entry.value);
    for (const auto& dot : entry.covered)
      std::cout << "  replaces " << dot.device << "#" << dot.counter;
    std::cout << (live ? "  (live)" : "") << "\n";
  }
}

void print_forms(const std::vector<tally::engine::FormId>& forms, bool as_json) {
  if (!as_json) {
    for (const auto& id : forms) std::cout << id.to_string() << "\n";
    return;
  }
  std::cout << tally::client::forms_to_json(forms) << "\n";
}

int print_status(Client& client, bool as_json) {
  auto state = client.sync_state();
  if (as_json) {
    std::cout << tally::client::sync_state_to_json(state) << "\n";
    return kExitOk;
  }
  auto device = client.device();
  if (device) {
    std::cout << "device " << device->device_id << " (" << device->role << ", station "
              << device->station_id << ") server " << device->server_url << "\n";
  } else {
    std::cout << "device not enrolled\n";
  }
  std::cout << "sync " << tally::client::to_string(state.phase) << ", " << state.ops_pending
            << " ops pending\n";
  auto receipt = client.last_receipt();
  if (receipt.ok() && receipt.value()) {
    std::cout << "acknowledged through counter " << receipt.value()->counter << " at log index "
              << receipt.value()->log_index << ", audit head " << receipt.value()->audit_head
              << "\n";
  }
  if (state.last_error) {
    std::cout << "last error " << state.last_error->to_string()
              << (state.last_error->transient ? " (transient)" : "") << "\n";
  }
  return kExitOk;
}

tally::Result<tally::engine::OpValue> parse_value(const std::string& text, bool as_text) {
  if (as_text) return tally::engine::OpValue(text);
  tally::engine::Count count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return tally::make_error(tally::ErrorCode::kWrongValueType,
                             "'" + text + "' is not a count (use --text for a text field)");
  }
  return tally::engine::OpValue(count);
}

struct Command {
  std::string name;
  std::vector<std::string> args;
  po::variables_map options;
};

int run(Client& client, const Command& command) {
  const auto& args = command.args;
  auto need = [&](std::size_t count) { return args.size() == count; };
  bool as_json = command.options.count("json") > 0;
  bool as_text = command.options.count("text") > 0;
  auto form = [&]() { return tally::engine::parse_form_id(args.at(0)); };
  const std::string& name = command.name;
  const Reporter report{std::string(kTool) + " " + name};

  if (name == "enrol") {
    if (!need(0) || !command.options.count("server") || !command.options.count("code")) {
      return report.usage("enrol needs --server URL and --code CODE");
    }
    tally::client::EnrolRequest request;
    request.server_url = command.options["server"].as<std::string>();
    request.code = command.options["code"].as<std::string>();
    request.timeout = std::chrono::seconds(command.options["timeout"].as<int>());
    if (command.options.count("ca")) {
      auto pem =
          tally::read_file(command.options["ca"].as<std::string>(), tally::kMaxSmallFileBytes);
      if (!pem) return report.usage("--ca: " + pem.error().to_string());
      request.ca_pem = std::move(pem).value();
    }
    if (auto status = client.enrol(request); !status.ok()) return report(status);
    return print_status(client, as_json);
  }
  if (name == "forms" && need(0)) {
    print_forms(client.forms(), as_json);
    return kExitOk;
  }
  if (name == "status" && need(0)) return print_status(client, as_json);
  if (name == "receipts" && need(1) && args[0] == "verify") {
    auto check = client.verify_receipts();
    if (!check.ok()) return report(check.error());
    if (as_json) {
      std::cout << tally::client::receipt_check_to_json(*check) << "\n";
    } else {
      std::cout << "signed tree head: " << check->tree_size << " entries, root " << check->root_hash
                << "\n";
      if (check->previous_tree_size != 0) {
        std::cout << "checked against the tree head of " << check->previous_tree_size
                  << " entries kept by the previous check\n";
      }
      std::cout << check->ops_checked << " acknowledged own ops are in the log\n";
      for (const auto& problem : check->problems)
        std::cout << "PROBLEM: " << problem.to_string() << "\n";
      std::cout << (check->ok() ? "OK" : "FAILED") << "\n";
    }
    return check->ok() ? kExitOk : tally::cli::kExitVerifyFailed;
  }
  if (name == "sync" && need(0)) {
    if (auto started = client.start_sync(); !started.ok()) return report(started);
    bool done =
        client.wait_until_up_to_date(std::chrono::seconds(command.options["timeout"].as<int>()));
    print_status(client, as_json);
    client.stop_sync();
    if (done) return kExitOk;
    auto state = client.sync_state();
    if (state.last_error && !state.last_error->transient) return report(*state.last_error);
    return report(
        tally::make_error(tally::ErrorCode::kTimeout, "not up to date within the timeout", true));
  }
  if ((name == "show" && need(1)) || (name == "history" && need(2))) {
    auto id = form();
    if (!id.ok()) return report(id.error());
    if (name == "show") {
      auto view = client.form(*id);
      if (!view.ok()) return report(view.error());
      if (as_json) {
        std::cout << tally::client::form_to_json(*view) << "\n";
      } else {
        print_form(*view);
      }
      return kExitOk;
    }
    auto history = client.history(*id, args[1]);
    if (!history.ok()) return report(history.error());
    if (as_json) {
      std::cout << tally::client::history_to_json(*history) << "\n";
    } else {
      print_history(*history);
    }
    return kExitOk;
  }
  if ((name == "set" || name == "adjudicate") && need(3)) {
    auto id = form();
    if (!id.ok()) return report(id.error());
    auto value = parse_value(args[2], as_text);
    if (!value.ok()) return report(value.error());
    if (name == "adjudicate") return report(client.adjudicate(*id, args[1], *value));
    if (const auto* count = std::get_if<tally::engine::Count>(&*value)) {
      return report(client.set_count(*id, args[1], *count));
    }
    return report(client.set_text(*id, args[1], std::get<std::string>(*value)));
  }
  if (name == "clear" && need(2)) {
    auto id = form();
    if (!id.ok()) return report(id.error());
    return report(client.clear(*id, args[1]));
  }
  if ((name == "submit" || name == "withdraw") && need(1)) {
    auto id = form();
    if (!id.ok()) return report(id.error());
    return report(name == "submit" ? client.submit(*id) : client.withdraw(*id));
  }
  return report.usage("unknown command or wrong number of arguments: " + name);
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")("version", "print the version and git commit")(
      "store", po::value<std::string>(), "the device's local store file (created if missing)")(
      "server", po::value<std::string>(),
      "enrol: server URL, wss://host:port/ (ws:// on loopback)")(
      "code", po::value<std::string>(), "enrol: the one-time enrolment code")(
      "ca", po::value<std::string>(), "enrol: the server's CA certificate (PEM) to trust")(
      "timeout", po::value<int>()->default_value(30), "enrol, sync: seconds to wait")(
      "json", "forms, show, history, status, enrol, sync: print JSON")(
      "text", "set, adjudicate: the value is a text, not a count");
  po::options_description hidden;
  hidden.add_options()("command", po::value<std::string>())(
      "args", po::value<std::vector<std::string>>()->default_value({}, ""));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("args", -1);

  Command command;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              command.options);
  } catch (const po::error& error) {
    return tally::cli::usage_error(kTool, error.what());
  }
  if (command.options.count("help")) {
    std::cout << (command.options.count("command")
                      ? command_usage(command.options["command"].as<std::string>())
                      : std::string(kUsage))
              << "\n"
              << options << "\n";
    return kExitOk;
  }
  if (command.options.count("version")) {
    std::cout << tally::cli::version_line(kTool) << "\n";
    return kExitOk;
  }
  if (!command.options.count("store")) {
    return tally::cli::usage_error(kTool, "--store FILE is required");
  }
  if (!command.options.count("command")) return tally::cli::usage_error(kTool, "no command given");
  command.name = command.options["command"].as<std::string>();
  command.args = command.options["args"].as<std::vector<std::string>>();

  const std::string who = std::string(kTool) + " " + command.name;
  auto client = Client::open(command.options["store"].as<std::string>());
  if (!client.ok()) return tally::cli::report(who, client.error());
  for (const auto& problem : (*client)->undecodable_ops()) tally::cli::warn(who, problem);
  return run(**client, command);
}
