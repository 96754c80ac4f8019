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
  std::size_t open_fds = 0;  // entries of /proc/PID/fd
};
ProcessStats process_stats(int pid);

// Group commits so far, from tallyd's /metrics (tally_commit_ops and _seconds histograms).
struct CommitFigures {
  double commits = 0;
  double ops = 0;
  double seconds = 0;    // in store commits (tally_commit_duration_seconds)
  double log_index = 0;  // entries in the audit log (tally_log_index)
};

// A program run to completion by run_measured: its wall time, peak memory and exit code.
struct ChildRun {
  double seconds = 0;
  std::size_t peak_kib = 0;  // ru_maxrss of the child alone (wait4)
  int exit_code = -1;
  std::string output;  // its standard output
};
// Runs `binary` with `args`, standard output to ChildRun::output, standard error dropped.
Result<ChildRun> run_measured(const std::string& binary, const std::vector<std::string>& args);

// The most devices the rig can hold connected at once on this machine: the descriptor
// limit after raise_descriptor_limit, less what this process keeps for itself.
std::size_t max_connected_devices();

// A contiguous range of the rig's devices (device i is station i's).
struct DeviceRange {
  std::size_t first = 0;
  std::size_t count = 0;
};

// Raises this process's descriptor limit (soft and, when allowed, hard) to at least
// `descriptors`; tallyd, started by the rig, inherits it. The limit reached.
std::size_t raise_descriptor_limit(std::size_t descriptors);

class IngestRig {
 public:
  // Writes the synthetic definition for `stations`, initialises tallyd's data directory,
  // starts it plain, creates an enrolment code per station and enrols one officer device
  // per station. Above about 20,000 stations the devices connect from several loopback
  // addresses and the descriptor limits are raised to hold every device connected at once.
  static Result<std::unique_ptr<IngestRig>> prepare(std::size_t stations);
  IngestRig(const IngestRig&) = delete;
  IngestRig& operator=(const IngestRig&) = delete;
  ~IngestRig();

  // Restarts tallyd, plain or TLS (the devices follow), on the same port.
  Status restart(bool tls);
  [[nodiscard]] DeviceRange all() const { return {0, devices_.size()}; }
  // Device i (station i's), and the client io_context every device runs on, for a
  // benchmark that drives the devices itself (bench/soak).
  [[nodiscard]] testkit::AsyncDevice& device(std::size_t i) { return *devices_[i]; }
  [[nodiscard]] boost::asio::io_context& io() { return swarm_->io(); }
  // Connects the devices and says Hello, `parallel` at a time; returns the seconds taken.
  // Refused above max_connected_devices().
  Result<double> hello(DeviceRange range, std::size_t parallel);
  Result<double> hello_all(std::size_t parallel) { return hello(all(), parallel); }
  // Whether devices resume their last TLS session when they reconnect (default true).
  void set_resume_sessions(bool resume) { swarm_->set_resume_sessions(resume); }
  // Devices whose last TLS handshake resumed a session.
  [[nodiscard]] std::size_t resumed_devices() const;
  // Encodes the devices' W1 batches (their outboxes, before the timed part).
  void prepare_w1(DeviceRange range);
  void prepare_w1() { prepare_w1(all()); }
  // The devices (connected) upload their W1 batches (prepare_w1) and wait for the Ack,
  // `parallel` devices in flight; returns the seconds from the first upload to the last Ack.
  Result<double> upload_w1(DeviceRange range, std::size_t parallel);
  Result<double> upload_w1(std::size_t parallel) { return upload_w1(all(), parallel); }
  // Runs the client side for `seconds` (idle devices answer pings meanwhile).
  void idle(double seconds);
  // Closes the devices' connections.
  void disconnect(DeviceRange range);
  void disconnect_all() { disconnect(all()); }

  [[nodiscard]] ProcessStats server_stats() const { return process_stats(server_.pid()); }
  Result<CommitFigures> commit_figures() const;
  [[nodiscard]] std::size_t devices() const { return devices_.size(); }
  // tallyd's origin (http://127.0.0.1:PORT once restarted plain) and operator token, for
  // the read-load clients.
  [[nodiscard]] std::string url() const { return server_.url(); }
  [[nodiscard]] std::string operator_token() const { return server_.operator_token(); }
  // A directory on the disk tallyd's database is on, for the raw SQLite run.
  [[nodiscard]] const testkit::TempDir& scratch() const { return scratch_; }
  // Exports the data directory (tallyd export, tallyd running) and checks the export with
  // tallyd verify; the verify run, refused unless it passed.
  Result<ChildRun> export_and_verify();

 private:
  explicit IngestRig(std::size_t stations);
  Status start(bool tls);
  Result<std::vector<std::string>> create_codes();
  // Runs start(i, done) for every i of `range`, `parallel` at a time, on the client thread
  // until all completed; returns the first error.
  Status run_all(DeviceRange range, std::size_t parallel,
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
