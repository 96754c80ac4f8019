#include "night_checks.hpp"

#include <sys/wait.h>

#include <boost/json.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "sanitizer_report.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/definition_loader.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/records_json.hpp"
#include "tally/engine/tally.hpp"
#include "tally/http/https_client.hpp"

namespace tally::integration {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

int run_shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

NightRun::NightRun(const std::vector<std::string>& arguments) {
  std::string pattern = (fs::temp_directory_path() / "tally-night-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return;
  root_ = pattern;
  // The device stores stay in tally-night's default place (a tmpfs, removed at its end).
  std::string command = quoted(TALLY_NIGHT_BINARY) + " --tallyd " + quoted(TALLYD_BINARY) +
                        " --data " + quoted((root_ / "data").string());
  for (const auto& argument : arguments) command += " " + quoted(argument);
  command += " > " + quoted((root_ / "output.txt").string()) + " 2> " +
             quoted((root_ / "progress.txt").string());
  exit_code_ = run_shell(command);
  output_ = read_text((root_ / "output.txt").string());
  const std::string progress = read_text((root_ / "progress.txt").string());
  // The last lines of the progress and errors (stderr), for a failing test's message.
  output_ += "\n--- stderr (end) ---\n" + progress.substr(progress.size() > 3000 ? progress.size() - 3000 : 0);
}

NightRun::~NightRun() {
  std::error_code ignored;
  if (!root_.empty()) fs::remove_all(root_, ignored);
  // With --keep the device stores stay in tally-night's own place (the report names it).
  std::smatch stores;
  if (std::regex_search(
          output_, stores,
          std::regex(R"(device stores: (/dev/shm/tally-night-devices-[A-Za-z0-9]+)\n)"))) {
    fs::remove_all(stores[1].str(), ignored);
  }
}

long long NightRun::figure(const std::string& label) const {
  std::istringstream lines(output_);
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find(label);
    if (at == std::string::npos) continue;
    std::istringstream rest(line.substr(at + label.size()));
    long long value = -1;
    if (rest >> value) return value;
  }
  return -1;
}

std::string check_records_match_truth(const NightRun& run) {
  auto definition = engine::load_election_definition(read_text(run.data("night/election.json")));
  auto truth = engine::parse_records_file(read_text(run.data("night/records.json")));
  auto exported = engine::parse_records_file(read_text(run.data("export/records.json")));
  if (!definition) return "definition: " + definition.error().to_string();
  if (!truth) return "ground truth: " + truth.error().to_string();
  if (!exported) return "export: " + exported.error().to_string();
  std::map<engine::FormId, const engine::StationRecord*> by_form;
  for (const auto& record : exported->records) by_form.emplace(record.form, &record);
  for (const auto& record : truth->records) {
    const auto it = by_form.find(record.form);
    if (it == by_form.end()) return record.form.to_string() + " is missing from the export";
    if (it->second->values != record.values) {
      return record.form.to_string() + " was exported with values other than the paper's";
    }
  }
  if (exported->records.size() != truth->records.size()) {
    return "the export has " + std::to_string(exported->records.size()) + " records, the truth " +
           std::to_string(truth->records.size());
  }
  auto expected = engine::tally_all(*definition, truth->records);
  auto got = engine::tally_all(*definition, exported->records);
  if (!expected || !got) return "the records do not tally";
  return *expected == *got ? "" : "the exported records tally differently from the truth";
}

std::string check_log_has_each_op_once(const NightRun& run) {
  auto log = engine::read_audit_log(read_text(run.data("export/audit.log")));
  if (!log) return "audit log: " + log.error().to_string();
  if (log->entries.empty()) return "the audit log is empty";
  std::map<std::string, std::set<std::uint64_t>> counters;
  for (const auto& entry : log->entries) {
    auto op = engine::decode_op(entry.op_bytes);
    if (!op) return "entry " + std::to_string(entry.index) + ": " + op.error().to_string();
    if (!counters[op->dot.device].insert(op->dot.counter).second) {
      return op->dot.device + ":" + std::to_string(op->dot.counter) + " is in the log twice";
    }
  }
  for (const auto& [device, seen] : counters) {
    if (*seen.rbegin() != seen.size()) {
      return device + "'s counters in the log have a gap (" + std::to_string(seen.size()) +
             " ops, highest " + std::to_string(*seen.rbegin()) + ")";
    }
  }
  return "";
}

std::string check_tallyd_verify(const NightRun& run) {
  const std::string command = quoted(TALLYD_BINARY) + " verify --export " +
                              quoted(run.data("export")) + " > /dev/null 2>&1";
  const int code = run_shell(command);
  return code == 0 ? "" : "tallyd verify exited with " + std::to_string(code);
}

std::string check_offline_retally_equals_export(const NightRun& run) {
  const std::string out = (run.root() / "retally.json").string();
  const std::string command =
      quoted(TALLY_OFFLINE_BINARY) + " --definition " + quoted(run.data("export/election.json")) +
      " --schema " + quoted(run.data("export/form-schema.json")) + " --records " +
      quoted(run.data("export/records.json")) + " --json > " + quoted(out) + " 2> /dev/null";
  if (const int code = run_shell(command); code != 0) {
    return "tally-offline exited with " + std::to_string(code);
  }
  const std::string exported = read_text(run.data("export/tally.json"));
  if (exported.empty()) return "the export has no tally.json";
  return read_text(out) == exported ? ""
                                    : "tally-offline's tally of the export differs from its "
                                      "tally.json";
}

std::string check_no_sanitizer_report(const NightRun& run) {
  // tally-night's own stderr, tallyd.log and the workers' logs.
  std::string reports;
  std::error_code error;
  for (fs::recursive_directory_iterator it(run.root(), error), end; !error && it != end;
       it.increment(error)) {
    const fs::path& path = it->path();
    if (!it->is_regular_file() || (path.extension() != ".log" && path.extension() != ".txt")) {
      continue;
    }
    if (auto report = testkit::sanitizer_report(read_text(path.string())); !report.empty()) {
      reports += path.string() + ":\n" + report + "\n";
    }
  }
  return reports;
}

std::string check_console_login_and_stop_kept_tallyd(const NightRun& run) {
  std::smatch stop;
  if (!std::regex_search(run.output(), stop, std::regex(R"(stop it with: kill ([0-9]+))"))) {
    return "the report does not say how to stop the kept tallyd";
  }
  const pid_t pid = std::stoi(stop[1]);
  std::string problem;
  std::smatch console;
  if (!std::regex_search(run.output(), console,
                         std::regex(R"(console (https://127\.0\.0\.1:[0-9]+)/  log in as )"
                                    R"(([a-z0-9._-]+), password ([0-9a-f]+))"))) {
    problem = "the report does not name the console's address and a login";
  } else {
    const tally::http::ApiTarget target{console[1], "", run.data("tallyd/tls-cert.pem")};
    const auto body = boost::json::serialize(
        boost::json::object{{"name", console[2].str()}, {"password", console[3].str()}});
    auto session =
        tally::http::api_call(target, boost::beast::http::verb::post, "/api/v1/session", body);
    if (!session) {
      problem = "the console's login: " + session.error().to_string();
    } else if (session->status != 200 ||
               session->body.find(R"("role":"operator")") == std::string::npos) {
      problem =
          "the console's login answered " + std::to_string(session->status) + ": " + session->body;
    }
  }
  ::kill(pid, SIGTERM);
  // tallyd is not this process's child: wait for it to be gone (a deadline only for a hang).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (::kill(pid, 0) == 0)
    problem += (problem.empty() ? "" : "; ") + std::string("tallyd did not stop");
  return problem;
}

}  // namespace tally::integration
