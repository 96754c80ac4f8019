// fault-officers: a device worker process of the fault tests. Runs the officers' devices
// of a tally-night worker plan (demo/src/night_plan.hpp) with the real client library and
// plays their officer scripts (night/device_script.hpp) on the night's clock. Killed with
// SIGKILL at any moment and started again on the same plan, it resumes each device at the
// step after the last own op in its store.
//
// Lines on stdin: "report" (answered on stdout as below) and "sync" (every device calls
// Client::sync_now(), as an app does when the network comes back).
// Lines on stdout (the tests read them):
//   device I ID        device I of the plan has device id ID
//   resume I C         device I starts with C own ops in its store
//   done I C           the call that made device I's op C returned
//   acked I C          (on "report" from stdin) device I holds an ack up to counter C
//   reported           end of a report
//   finished           every script played out, every op acknowledged
// Exit code 0 when finished, 1 when an edit is refused (the script and the store no longer
// agree) or the plan cannot be run.
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <iostream>
#include <mutex>
#include <thread>

#include "device_fleet.hpp"
#include "device_script.hpp"
#include "step_scheduler.hpp"
#include "worker_report.hpp"
#include "wall_clock.hpp"

namespace tally::faults {
namespace {

namespace po = boost::program_options;
using demo::Step;
using demo::unix_ms;
using Clock = demo::StepScheduler::Clock;
constexpr auto kRetryDelay = std::chrono::milliseconds(200);
constexpr std::size_t kOpenThreads = 4;
constexpr std::size_t kDriverThreads = 3;

// One device's script and where it stands (touched by one driver thread at a time).
struct DeviceRun {
  std::vector<Step> script;
  std::size_t next = 0;       // index into script
  std::uint64_t counter = 0;  // own ops made
  std::atomic<bool> played{false};
};

class FaultOfficers {
 public:
  FaultOfficers(demo::DeviceFleet& fleet, const demo::WorkerPlan& plan,
                const demo::Dataset& dataset, std::int64_t night_start_ms)
      : fleet_(fleet),
        start_(Clock::now() - std::chrono::milliseconds(unix_ms() - night_start_ms)) {
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      auto run = std::make_unique<DeviceRun>();
      run->script = device_script(plan, *fleet[i].plan, dataset);
      runs_.push_back(std::move(run));
    }
  }

  // Finds where each device stands, then plays the scripts; returns the exit code.
  int run() {
    for (std::size_t i = 0; i < fleet_.size(); ++i) {
      if (auto status = resume(i); !status) {
        std::cerr << "fault-officers: " << fleet_[i].plan->name << ": "
                  << status.error().to_string() << "\n";
        return 1;
      }
    }
    demo::StepScheduler scheduler(kDriverThreads, [this](std::size_t i) { return step(i); });
    for (std::size_t i = 0; i < fleet_.size(); ++i) {
      if (runs_[i]->played.load()) continue;
      scheduler.schedule(i, due(i));
    }
    std::string pending_input;
    while (!failed_.load() && !all_done()) {
      pollfd input{STDIN_FILENO, POLLIN, 0};
      if (::poll(&input, 1, 100) > 0) {
        char buffer[256];
        const auto got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got <= 0) break;  // the test is gone
        pending_input.append(buffer, static_cast<std::size_t>(got));
        for (auto end = pending_input.find('\n'); end != std::string::npos;
             end = pending_input.find('\n')) {
          const std::string command = pending_input.substr(0, end);
          if (command == "report") report();
          if (command == "sync") sync_now();
          pending_input.erase(0, end + 1);
        }
      }
    }
    scheduler.stop();
    if (failed_.load()) return 1;
    report();
    say("finished");
    return 0;
  }

 private:
  void say(const std::string& line) {
    std::lock_guard lock(output_mutex_);
    std::cout << line << std::endl;
  }

  // What an app does when the network comes back: every device syncs now.
  void sync_now() {
    for (std::size_t i = 0; i < fleet_.size(); ++i) fleet_[i].client->sync_now();
  }

  void report() {
    for (std::size_t i = 0; i < fleet_.size(); ++i) {
      auto receipt = fleet_[i].client->last_receipt();
      const std::uint64_t acked = receipt && *receipt ? (*receipt)->counter : 0;
      say("acked " + std::to_string(i) + " " + std::to_string(acked));
    }
    say("reported");
  }

  // Skips the steps whose ops the store holds; restores the device's online state.
  Status resume(std::size_t i) {
    client::Client& device = *fleet_[i].client;
    if (!device.device()) {
      return make_error(ErrorCode::kNotAuthenticated, "not enrolled");
    }
    DeviceRun& run = *runs_[i];
    const std::uint64_t stored = demo::last_own_counter(device, written_paths(run.script));
    say("device " + std::to_string(i) + " " + device.device()->device_id);
    say("resume " + std::to_string(i) + " " + std::to_string(stored));
    bool online = false;
    while (run.counter < stored && run.next < run.script.size()) {
      const Step& step = run.script[run.next++];
      if (step.kind == Step::Kind::kGoOnline) online = true;
      if (step.kind == Step::Kind::kGoOffline) online = false;
      if (step.kind == Step::Kind::kSet || step.kind == Step::Kind::kSubmit) ++run.counter;
    }
    if (run.counter != stored) {
      return make_error(ErrorCode::kCorruption, "the store holds " + std::to_string(stored) +
                                                    " own ops, more than the script makes");
    }
    if (online) {
      if (auto started = device.start_sync(); !started) return started;
    }
    if (run.next == run.script.size()) run.played.store(true);
    return {};
  }

  Clock::time_point due(std::size_t i) const {
    const DeviceRun& run = *runs_[i];
    return start_ + std::chrono::milliseconds(run.script[run.next].at_ms);
  }

  std::optional<Clock::time_point> step(std::size_t i) {
    DeviceRun& run = *runs_[i];
    const Step& step = run.script[run.next];
    if (auto status = play_step(*fleet_[i].client, step); !status) {
      if (status.error().transient) return Clock::now() + kRetryDelay;
      std::cerr << "fault-officers: " << fleet_[i].plan->name << ": " << status.error().to_string()
                << "\n";
      failed_.store(true);
      return std::nullopt;
    }
    if (step.kind == Step::Kind::kSet || step.kind == Step::Kind::kSubmit) {
      say("done " + std::to_string(i) + " " + std::to_string(++run.counter));
    }
    if (++run.next == run.script.size()) {
      run.played.store(true);
      return std::nullopt;
    }
    return due(i);
  }

  bool all_done() const {
    for (std::size_t i = 0; i < fleet_.size(); ++i) {
      if (!runs_[i]->played.load() || !fleet_[i].up_to_date.load() ||
          fleet_[i].pending.load() != 0) {
        return false;
      }
    }
    return true;
  }

  demo::DeviceFleet& fleet_;
  Clock::time_point start_;
  std::vector<std::unique_ptr<DeviceRun>> runs_;
  std::mutex output_mutex_;
  std::atomic<bool> failed_{false};
};

}  // namespace
}  // namespace tally::faults

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string plan_file;
  std::int64_t night_start_ms = 0;
  bool enrol_only = false;
  po::options_description described("fault-officers options");
  described.add_options()("plan", po::value(&plan_file)->required(),
                          "the worker's plan (tally-night's JSON)")(
      "start-ms", po::value(&night_start_ms), "the night's start (Unix ms)")(
      "enrol", po::bool_switch(&enrol_only), "only open and enrol the devices");
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, described), values);
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "fault-officers: " << error.what() << "\n" << described;
    return 2;
  }
  auto text = tally::read_file(plan_file);
  if (!text) return tally::demo::fail_worker("fault-officers", text.error());
  auto plan = tally::demo::worker_plan_from_json(*text);
  if (!plan) return tally::demo::fail_worker("fault-officers", plan.error());
  tally::demo::DeviceFleet fleet(*plan);
  if (auto opened = fleet.open_all(enrol_only, tally::faults::kOpenThreads, [](std::size_t) {});
      !opened) {
    return tally::demo::fail_worker("fault-officers", opened.error());
  }
  if (enrol_only) return 0;
  auto dataset = tally::demo::load_dataset(plan->definition_file, plan->records_file);
  if (!dataset) return tally::demo::fail_worker("fault-officers", dataset.error());
  tally::faults::FaultOfficers night(fleet, *plan, *dataset, night_start_ms);
  return night.run();
}
