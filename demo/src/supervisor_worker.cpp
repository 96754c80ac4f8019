#include "supervisor_worker.hpp"

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

#include "dataset.hpp"
#include "device_fleet.hpp"
#include "officer_script.hpp"
#include "operator_api.hpp"
#include "worker_report.hpp"

namespace tally::demo {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr auto kRound = std::chrono::milliseconds(300);
// A form acted on is left alone this long, for the server to merge and report the result.
constexpr auto kCooldown = std::chrono::milliseconds(1500);
constexpr int kQuietRoundsToFinish = 3;

// The value a record holds at a field path ("valid", "votes.NA-01-C01").
std::optional<engine::OpValue> value_at(const engine::StationRecord& record,
                                        const std::string& path) {
  const auto dot = path.find('.');
  const auto it = record.values.find(path.substr(0, dot));
  if (it == record.values.end()) return std::nullopt;
  if (dot != std::string::npos) {
    const auto* votes = std::get_if<engine::VoteMap>(&it->second);
    if (votes == nullptr) return std::nullopt;
    const auto vote = votes->find(path.substr(dot + 1));
    if (vote == votes->end()) return std::nullopt;
    return engine::OpValue{vote->second};
  }
  if (const auto* count = std::get_if<engine::Count>(&it->second)) return engine::OpValue{*count};
  if (const auto* text = std::get_if<std::string>(&it->second)) return engine::OpValue{*text};
  return std::nullopt;
}

// True once the orchestrator has written "finish" (or closed our stdin).
class FinishSignal {
 public:
  FinishSignal() { ::fcntl(STDIN_FILENO, F_SETFL, ::fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK); }
  bool received() {
    char buffer[256];
    for (;;) {
      const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (got == 0) finished_ = true;
      if (got <= 0) break;
      text_.append(buffer, static_cast<std::size_t>(got));
    }
    if (text_.find("finish") != std::string::npos) finished_ = true;
    return finished_;
  }

 private:
  std::string text_;
  bool finished_ = false;
};

class SupervisorDesk {
 public:
  SupervisorDesk(DeviceFleet& fleet, const Dataset& dataset, OperatorApi& api)
      : fleet_(fleet), paper_(dataset.by_form()), api_(api) {}

  // One look at the dashboard; returns how many forms are flagged.
  Result<std::size_t> round() {
    auto listed = api_.get_json("/api/v1/conflicts");
    if (!listed) return std::move(listed).error();
    const auto& forms = listed->at("conflicts").as_array();
    for (const auto& entry : forms) {
      const std::string id(entry.at("form").as_string());
      for (const auto& field : entry.at("fields").as_array()) {
        raised_.insert(id + " " + std::string(field.at("path").as_string()));
      }
      auto form = engine::parse_form_id(id);
      if (!form) continue;
      const auto last = acted_.find(id);
      if (last != acted_.end() && Clock::now() - last->second < kCooldown) continue;
      const std::size_t desk = std::hash<std::string>{}(id) % fleet_.size();
      if (handle(*fleet_[desk].client, *form)) acted_[id] = Clock::now();
    }
    return forms.size();
  }

  // Each desk's last own counter, over the forms it adjudicated.
  void report_counters() {
    for (std::size_t d = 0; d < fleet_.size(); ++d) {
      std::vector<std::pair<engine::FormId, std::string>> paths;
      for (const auto& [id, when] : acted_) {
        auto form = engine::parse_form_id(id);
        const auto paper = form ? paper_.find(*form) : paper_.end();
        if (paper == paper_.end()) continue;
        for (const auto& field : paper_fields(*paper->second)) paths.emplace_back(*form, field.first);
        paths.emplace_back(*form, std::string(engine::kSubmissionPath));
      }
      report_counter(*fleet_[d].client, paths);
    }
  }

  void report() const {
    const auto figures = fleet_.figures();
    WorkerStatus status;
    status.online = figures.online;
    status.pending = figures.pending;
    status.sessions = figures.sessions;
    status.devices = fleet_.size();
    status.errors = errors_;
    status.raised = raised_.size();
    status.resolved = resolved_.size();
    status.forms_adjudicated = forms_adjudicated_;
    std::cout << format_status(status) << std::endl;
  }

 private:
  // Adjudicates the form's wrong or conflicting fields to the paper and submits it.
  bool handle(client::Client& desk, const engine::FormId& form) {
    const auto paper = paper_.find(form);
    auto view = desk.form(form);
    if (paper == paper_.end() || !view) return false;
    bool acted = false;
    for (const auto& [path, value] : paper_fields(*paper->second)) {
      bool in_conflict = false;
      for (const auto& conflict : view->conflicts) in_conflict |= conflict.path == path;
      if (!in_conflict && value_at(view->record, path) == value) continue;
      if (auto status = desk.adjudicate(form, path, value); !status) {
        ++errors_;
        std::cerr << "tally-night supervisors: " << form.to_string() << " " << path << ": "
                  << status.error().to_string() << "\n";
        continue;
      }
      if (in_conflict) resolved_.insert(form.to_string() + " " + path);
      acted = true;
    }
    if (acted || view->status.stage != engine::FormStage::kAccepted) {
      if (auto status = desk.submit(form); !status) {
        ++errors_;
        std::cerr << "tally-night supervisors: submit " << form.to_string() << ": "
                  << status.error().to_string() << "\n";
        return acted;
      }
      ++forms_adjudicated_;
      acted = true;
    }
    return acted;
  }

  DeviceFleet& fleet_;
  std::map<engine::FormId, const engine::StationRecord*> paper_;
  OperatorApi& api_;
  std::map<std::string, Clock::time_point> acted_;
  std::set<std::string> raised_;
  std::set<std::string> resolved_;  // "form path" adjudicated while in conflict
  std::uint64_t forms_adjudicated_ = 0;
  std::uint64_t errors_ = 0;
};

}  // namespace

int run_supervisor_worker(const SupervisorWorkerArgs& args) {
  auto plan_text = read_file(args.plan_file);
  if (!plan_text) return fail_worker("supervisors", plan_text.error());
  auto plan = worker_plan_from_json(*plan_text);
  if (!plan) return fail_worker("supervisors", plan.error());
  DeviceFleet fleet(*plan);
  auto opened = fleet.open_all(args.enrol_only, plan->devices.size(), [](std::size_t done) {
    std::cout << "opened " << done << std::endl;
  });
  if (!opened) return fail_worker("supervisors", opened.error());
  if (args.enrol_only) return 0;
  auto dataset = load_dataset(plan->definition_file, plan->records_file);
  if (!dataset) return fail_worker("supervisors", dataset.error());
  auto token = read_file(plan->token_file);
  if (!token) return fail_worker("supervisors", token.error());
  while (!token->empty() && std::isspace(static_cast<unsigned char>(token->back()))) token->pop_back();
  OperatorApi api(http::ApiTarget{plan->api_url, *token, plan->ca_file});
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    if (auto started = fleet[i].client->start_sync(); !started) {
      return fail_worker("supervisors", started.error());
    }
  }
  SupervisorDesk desk(fleet, *dataset, api);
  FinishSignal finish;
  int quiet_rounds = 0;
  for (;;) {
    auto flagged = desk.round();
    desk.report();
    if (!flagged) {
      std::cerr << "tally-night supervisors: dashboard: " << flagged.error().to_string() << "\n";
    }
    const bool quiet = flagged && *flagged == 0 && fleet.figures().pending == 0;
    quiet_rounds = quiet ? quiet_rounds + 1 : 0;
    if (finish.received() && quiet_rounds >= kQuietRoundsToFinish) break;
    std::this_thread::sleep_for(kRound);
  }
  desk.report_counters();
  return 0;
}

}  // namespace tally::demo
