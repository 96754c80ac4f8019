#include "officer_worker.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include "dataset.hpp"
#include "device_fleet.hpp"
#include "officer_script.hpp"
#include "step_scheduler.hpp"
#include "worker_report.hpp"
#include "wall_clock.hpp"

namespace tally::demo {
namespace {

using Clock = StepScheduler::Clock;
constexpr std::size_t kOpenThreads = 6;
constexpr std::size_t kDriverThreads = 3;
constexpr auto kRetryDelay = std::chrono::milliseconds(200);

// One officer device's script and where it stands.
struct ScriptState {
  std::vector<Step> steps;
  std::size_t next = 0;
};

class OfficerNight {
 public:
  OfficerNight(const WorkerPlan& plan, DeviceFleet& fleet, const Dataset& dataset,
               const OfficerWorkerArgs& args)
      : fleet_(fleet) {
    Behaviour behaviour;
    behaviour.night_ms = plan.night_ms;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const DevicePlan& device = *fleet[i].plan;
      // The roster gives no device to a station without records; a level the station did
      // not report is left out of its script.
      const auto records = dataset.records_of(*dataset.definition.station(device.station));
      scripts_.push_back(ScriptState{officer_script(plan.seed, device, records, behaviour), 0});
    }
    // Steps due before this moment may have run before a kill: the stores say which.
    resume_ms_ = args.restarted ? unix_ms() - args.night_start_ms : -1;
    start_ = Clock::now() - std::chrono::milliseconds(unix_ms() - args.night_start_ms);
  }

  // Runs the scripts until every device has played its script and synced everything.
  void run() {
    StepScheduler scheduler(kDriverThreads, [this](std::size_t i) { return step(i); });
    for (std::size_t i = 0; i < fleet_.size(); ++i) scheduler.schedule(i, due(i));
    while (!all_done()) {
      report();
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    scheduler.stop();
    report();
    for (std::size_t i = 0; i < fleet_.size(); ++i) {
      std::vector<std::pair<engine::FormId, std::string>> paths;
      for (const auto& step : scripts_[i].steps) {
        if (step.kind == Step::Kind::kSet) paths.emplace_back(step.form, step.path);
        if (step.kind == Step::Kind::kSubmit) {
          paths.emplace_back(step.form, std::string(engine::kSubmissionPath));
        }
      }
      report_counter(*fleet_[i].client, paths);
    }
  }

 private:
  Clock::time_point due(std::size_t i) const {
    const auto& script = scripts_[i];
    return start_ + std::chrono::milliseconds(script.steps[script.next].at_ms);
  }

  bool own_entry(client::Client& device, const Step& step, std::string_view path) const {
    auto history = device.history(step.form, path);
    if (!history) return false;
    const std::string self = device.device()->device_id;
    for (const auto& entry : *history) {
      if (entry.entry.dot.device != self) continue;
      if (step.kind == Step::Kind::kSubmit && entry.entry.kind == engine::OpKind::kSubmit) return true;
      if (step.kind == Step::Kind::kSet && entry.entry.value == step.value) return true;
    }
    return false;
  }

  // True if a step that may have run before a restart already left its mark in the store.
  bool already_done(client::Client& device, const Step& step) const {
    if (step.at_ms > resume_ms_) return false;
    switch (step.kind) {
      case Step::Kind::kSet: return step.typo || own_entry(device, step, step.path);
      case Step::Kind::kSubmit: return own_entry(device, step, engine::kSubmissionPath);
      case Step::Kind::kGoOnline:
      case Step::Kind::kGoOffline: return false;
    }
    return false;
  }

  std::optional<Clock::time_point> step(std::size_t i) {
    auto& script = scripts_[i];
    client::Client& device = *fleet_[i].client;
    const Step& step = script.steps[script.next];
    if (!already_done(device, step)) {
      if (auto status = play_step(device, step); !status) {
        if (status.error().transient) return Clock::now() + kRetryDelay;
        errors_.fetch_add(1);
        std::cerr << "tally-night officers: " << fleet_[i].plan->name << ": "
                  << status.error().to_string() << "\n";
      } else if (step.kind == Step::Kind::kSet || step.kind == Step::Kind::kSubmit) {
        entered_.fetch_add(1);
      }
    }
    if (++script.next == script.steps.size()) {
      finished_.fetch_add(1);
      return std::nullopt;
    }
    return due(i);
  }

  bool all_done() const {
    if (finished_.load() < fleet_.size()) return false;
    for (std::size_t i = 0; i < fleet_.size(); ++i) {
      if (!fleet_[i].up_to_date.load() || fleet_[i].pending.load() != 0) return false;
    }
    return true;
  }

  void report() {
    const auto figures = fleet_.figures();
    WorkerStatus status;
    status.online = figures.online;
    status.pending = figures.pending;
    status.sessions = figures.sessions;
    status.entered = entered_.load();
    status.finished = finished_.load();
    status.devices = fleet_.size();
    status.errors = errors_.load();
    std::cout << format_status(status) << std::endl;
  }

  DeviceFleet& fleet_;
  std::vector<ScriptState> scripts_;
  std::int64_t resume_ms_ = -1;
  Clock::time_point start_;
  std::atomic<std::size_t> finished_{0};
  std::atomic<std::uint64_t> entered_{0};
  std::atomic<std::uint64_t> errors_{0};
};

}  // namespace

int run_officer_worker(const OfficerWorkerArgs& args) {
  auto plan_text = read_file(args.plan_file);
  if (!plan_text) return fail_worker("officers", plan_text.error());
  auto plan = worker_plan_from_json(*plan_text);
  if (!plan) return fail_worker("officers", plan.error());
  DeviceFleet fleet(*plan);
  auto opened = fleet.open_all(args.enrol_only, kOpenThreads, [](std::size_t done) {
    std::cout << "opened " << done << std::endl;
  });
  if (!opened) return fail_worker("officers", opened.error());
  if (args.enrol_only) return 0;
  auto dataset = load_dataset(plan->definition_file, plan->records_file);
  if (!dataset) return fail_worker("officers", dataset.error());
  OfficerNight night(*plan, fleet, *dataset, args);
  night.run();
  return 0;
}

}  // namespace tally::demo
