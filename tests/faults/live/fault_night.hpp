// A reduced election night on the real binaries for the fault tests: the first stations of
// the Thái Nguyên 2021 data set, the real tallyd (TLS, testkit::TallydProcess, same port
// across restarts), optionally the chaos proxy in front of it, and one officer device per
// station (the real client library) in fault-officers worker processes. The tests kill
// tallyd or the workers with SIGKILL, cut the network, and ask this harness to check:
// after a server crash, that every op a device holds an ack for is in the log exactly once
// and the audit chain verifies (tallyd export + tallyd verify); at a worker's restart,
// that its store kept every edit whose call returned; at the end, that each device's ops
// in the log are its script's ops, each once, and that the tally equals the ground truth.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chaos_proxy.hpp"
#include "dataset.hpp"
#include "night_plan.hpp"
#include "officer_script.hpp"
#include "process.hpp"
#include "tallyd_process.hpp"

namespace tally::faults {

struct FaultNightOptions {
  std::size_t stations = 20;
  std::size_t workers = 2;
  std::int64_t night_ms = 10'000;
  std::uint64_t seed = 9;
  bool through_proxy = false;
  ProxyOptions proxy;  // listen/target ports are filled in
};

// Figures of a night, for the tests' output and docs/reliability.md.
struct FaultFigures {
  std::size_t server_kills = 0;
  std::size_t worker_kills = 0;
  std::uint64_t acked_ops_checked = 0;       // summed over every check after a server kill
  std::uint64_t returned_edits_checked = 0;  // summed over every worker restart
  std::uint64_t ops_in_log = 0;              // at the end
  std::uint64_t lost = 0;
  std::uint64_t duplicates = 0;
};

class FaultNight {
 public:
  explicit FaultNight(FaultNightOptions options);
  ~FaultNight();
  FaultNight(const FaultNight&) = delete;
  FaultNight& operator=(const FaultNight&) = delete;

  // Data set, tallyd, proxy, enrolment codes and plans, then every device enrolled. "" or
  // what failed.
  std::string prepare();
  // Starts the night: every worker plays its devices' scripts from now.
  std::string start_night();
  // Reads the workers' lines and notices ended workers; "" or what went wrong.
  std::string pump();
  // Every worker has finished: scripts played out, every op acknowledged.
  [[nodiscard]] bool finished() const;
  [[nodiscard]] std::chrono::milliseconds since_start() const;

  // SIGKILLs tallyd, collects every device's ack, checks them against the exported log
  // and verifies the audit chain, then restarts tallyd. "" or the broken invariant.
  std::string crash_server_and_check();
  // Tells every running worker's devices to sync now (an app's network callback).
  void sync_now();
  // SIGKILLs worker `w` (or, if it has finished, the next one still running) and restarts
  // it on its stores.
  std::string crash_worker(std::size_t w);
  // The end: each device's ops in the log are its script's, each once; the records and
  // the tally equal the ground truth; tallyd verify passes. "" or what is wrong.
  std::string check_final();

  [[nodiscard]] std::size_t workers() const { return workers_.size(); }
  [[nodiscard]] std::size_t devices() const { return devices_.size(); }
  [[nodiscard]] ChaosProxy* proxy() { return proxy_.get(); }
  [[nodiscard]] const FaultFigures& figures() const { return figures_; }
  [[nodiscard]] std::string work_dir() const { return dir_.path().string(); }

 private:
  struct Device {
    std::string id;
    std::size_t worker = 0;
    std::size_t index = 0;  // in its worker's plan
    std::vector<demo::Step> ops;
    std::uint64_t returned = 0;  // highest op whose call returned
    std::uint64_t acked = 0;     // highest ack reported
  };
  struct Worker {
    demo::WorkerPlan plan;
    std::string plan_file;
    std::string log_file;
    demo::ChildProcess child;
    std::vector<std::size_t> devices;  // indexes into devices_
    bool reported = false;
    bool finished = false;
  };

  std::string spawn(Worker& worker, bool enrol);
  std::string handle_line(Worker& worker, const std::string& line);
  // Handles every line the worker has written so far.
  std::string drain(Worker& worker);
  Device& device_of(Worker& worker, const std::string& index);
  // Exports the store into a fresh directory; its path, or "" on failure.
  std::string export_store(std::string& problem);

  FaultNightOptions options_;
  testkit::TempDir dir_;
  demo::Dataset dataset_;
  std::optional<testkit::TallydProcess> server_;
  std::unique_ptr<ChaosProxy> proxy_;
  std::vector<Worker> workers_;
  std::vector<Device> devices_;
  std::int64_t night_start_ms_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::size_t exports_ = 0;
  FaultFigures figures_;
};

// The first problem among the exported audit log's ops: a dot twice, a gap in a device's
// counters, or an acked counter missing. Counts the acked ops checked into `checked`.
std::string check_log_against_acks(const std::string& audit_log_path,
                                   const std::map<std::string, std::uint64_t>& acked,
                                   std::uint64_t& checked);

// TALLY_FAULTS_LONG=1 asks for the long forms.
bool long_form();

}  // namespace tally::faults
