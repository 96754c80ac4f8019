// The test bench of bench/ingest: the real tallyd (testkit::TallydProcess) on the
// synthetic election of workload.hpp, one enrolled officer device per station
// (testkit::AsyncDevice, all on one client thread), and the server figures the benchmark
// reports (memory from /proc, group commits from /metrics). Used by ingest_bench.cpp only.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "async_device.hpp"
#include "tally/error.hpp"
#include "tallyd_process.hpp"

namespace tally::bench {

// Memory (/proc/PID/status, in KiB) and CPU time (/proc/PID/stat) of a process.
struct ProcessStats {
  std::size_t rss_kib = 0;   // VmRSS
  std::size_t peak_kib = 0;  // VmHWM
  double cpu_seconds = 0;    // user + system, all threads
};
ProcessStats process_stats(int pid);

// Group commits so far, from tallyd's /metrics (tally_commit_ops and _seconds histograms).
struct CommitFigures {
  double commits = 0;
  double ops = 0;
  double seconds = 0;  // in store commits (tally_commit_duration_seconds)
};

class IngestRig {
 public:
  // Writes the synthetic definition for `stations`, initialises tallyd's data directory,
  // starts it plain, creates an enrolment code per station and enrols one officer device
  // per station.
  static Result<std::unique_ptr<IngestRig>> prepare(std::size_t stations);
  IngestRig(const IngestRig&) = delete;
  IngestRig& operator=(const IngestRig&) = delete;
  ~IngestRig();

  // Restarts tallyd, plain or TLS (the devices follow), on the same port.
  Status restart(bool tls);
  // Connects every device and says Hello, `parallel` at a time; returns the seconds taken.
  Result<double> hello_all(std::size_t parallel);
  // Encodes every device's W1 batch (its outbox, before the timed part).
  void prepare_w1();
  // Every device uploads its W1 batch (prepare_w1) and waits for the Ack, `parallel`
  // devices in flight; returns the seconds from the first upload to the last Ack.
  Result<double> upload_w1(std::size_t parallel);
  // Runs the client side for `seconds` (idle devices answer pings meanwhile).
  void idle(double seconds);
  // Closes every device's connection.
  void disconnect_all();

  [[nodiscard]] ProcessStats server_stats() const { return process_stats(server_.pid()); }
  Result<CommitFigures> commit_figures() const;
  [[nodiscard]] std::size_t devices() const { return devices_.size(); }
  // tallyd's origin (http://127.0.0.1:PORT once restarted plain) and operator token, for
  // the read-load clients.
  [[nodiscard]] std::string url() const { return server_.url(); }
  [[nodiscard]] std::string operator_token() const { return server_.operator_token(); }
  // A directory on the disk tallyd's database is on, for the raw SQLite run.
  [[nodiscard]] const testkit::TempDir& scratch() const { return scratch_; }

 private:
  explicit IngestRig(std::size_t stations);
  Status start(bool tls);
  Result<std::vector<std::string>> create_codes();
  // Runs start(i, done) for i in [0, count), `parallel` at a time, on the client thread
  // until all completed; returns the first error.
  Status run_all(std::size_t count, std::size_t parallel,
                 const std::function<void(std::size_t, testkit::AsyncDevice::Done)>& start);

  std::size_t stations_;
  testkit::TempDir scratch_;
  std::string definition_path_;
  testkit::TallydProcess server_;
  std::unique_ptr<testkit::DeviceSwarm> swarm_;
  std::vector<std::unique_ptr<testkit::AsyncDevice>> devices_;
  std::vector<std::string> frames_;  // W1 upload frames, by device
};

}  // namespace tally::bench
