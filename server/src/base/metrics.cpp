#include "base/metrics.hpp"

#include <algorithm>
#include <cstdio>

#include "base/process_metrics.hpp"
#include "tally/build_info.hpp"

namespace tally::server {
namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

template <typename T>
void sample(std::string& out, const char* name, const char* type, const char* help, T value) {
  header(out, name, type, help);
  out += name;
  out += ' ';
  out += std::to_string(value);
  out += '\n';
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double value) {
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  std::lock_guard lock(mutex_);
  ++counts_[bucket];
  sum_ += value;
  ++count_;
}

void Histogram::render(const std::string& name, std::string& out) const {
  std::lock_guard lock(mutex_);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    out += name + "_bucket{le=\"" + number(bounds_[i]) + "\"} " + std::to_string(cumulative) + '\n';
  }
  cumulative += counts_.back();
  out += name + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + '\n';
  out += name + "_sum " + number(sum_) + '\n';
  out += name + "_count " + std::to_string(count_) + '\n';
}

Metrics::Metrics()
    : batch_ops_({1, 5, 10, 50, 100, 500, 1000, 5000}),
      commit_seconds_({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}),
      commit_ops_({1, 10, 100, 1000, 10000, 100000}),
      ack_seconds_({0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}) {}

void Metrics::record_commit(double seconds, std::size_t ops, bool ok) {
  ++commits_;
  if (!ok) ++commit_failures_;
  commit_seconds_.observe(seconds);
  commit_ops_.observe(static_cast<double>(ops));
}

void Metrics::record_batch(std::size_t ops) {
  ++batches_;
  batch_ops_.observe(static_cast<double>(ops));
}

void Metrics::record_ack(double seconds) { ack_seconds_.observe(seconds); }

void Metrics::record_error(ErrorCode code) {
  std::lock_guard lock(errors_mutex_);
  ++errors_[static_cast<unsigned>(code)];
}

std::string Metrics::render(const StateFigures& state) const {
  std::string out;
  sample(out, "tally_ops_ingested_total", "counter", "Ops stored in the log.",
         ops_ingested_.load());
  sample(out, "tally_duplicate_ops_total", "counter", "Ops received again and acked again.",
         duplicate_ops_.load());
  sample(out, "tally_upload_batches_total", "counter", "Upload batches accepted.", batches_.load());
  header(out, "tally_upload_batch_ops", "histogram", "Ops per accepted upload batch.");
  batch_ops_.render("tally_upload_batch_ops", out);
  sample(out, "tally_commits_total", "counter", "Group commits run.", commits_.load());
  sample(out, "tally_commit_failures_total", "counter", "Group commits that failed.",
         commit_failures_.load());
  header(out, "tally_commit_duration_seconds", "histogram",
         "Duration of a group commit (one SQLite transaction).");
  commit_seconds_.render("tally_commit_duration_seconds", out);
  header(out, "tally_commit_ops", "histogram", "Ops written per group commit.");
  commit_ops_.render("tally_commit_ops", out);
  header(out, "tally_ack_latency_seconds", "histogram",
         "From an upload batch's arrival to its ack being queued (commit included).");
  ack_seconds_.render("tally_ack_latency_seconds", out);
  sample(out, "tally_connections", "gauge", "Open WebSocket connections.", connections_.load());
  sample(out, "tally_connected_devices", "gauge", "Connections with an authenticated device.",
         devices_connected_.load());
  sample(out, "tally_slow_consumers_dropped_total", "counter",
         "Connections dropped because they did not read their pushes.", slow_consumers_.load());
  sample(out, "tally_accept_pauses_total", "counter",
         "Waits of the accept loop because no file descriptor was left (EMFILE/ENFILE).",
         accept_pauses_.load());
  header(out, "tally_tls_handshakes_total", "counter",
         "TLS handshakes completed, by whether they resumed a session (a ticket).");
  out += "tally_tls_handshakes_total{resumed=\"false\"} " + std::to_string(tls_full_.load()) +
         "\ntally_tls_handshakes_total{resumed=\"true\"} " + std::to_string(tls_resumed_.load()) +
         '\n';
  sample(out, "tally_outbound_queued_bytes", "gauge",
         "Bytes of frames queued for connections and not yet written.",
         outbound_queued_bytes_.load());
  sample(out, "tally_log_index", "gauge", "Entries in the audit log.", state.log_index);
  sample(out, "tally_conflicts_open", "gauge", "Forms with a field in conflict.",
         state.conflicts_open);
  sample(out, "tally_forms_accepted", "gauge", "Forms accepted.", state.forms_accepted);
  sample(out, "tally_forms_flagged", "gauge", "Forms flagged for a supervisor.",
         state.forms_flagged);
  sample(out, "tally_stations_reported", "gauge", "Stations whose every form is accepted.",
         state.stations_reported);
  sample(out, "tally_stations_expected", "gauge", "Stations in the election definition.",
         state.stations_expected);
  header(out, "tally_build_info", "gauge", "Always 1: the version and git commit of tallyd.");
  out += "tally_build_info{version=\"" + std::string(kVersion) + "\",commit=\"" +
         std::string(kGitCommit) + "\"} 1\n";
  // /proc unreadable (not Linux, or a sandbox without it): the process figures are left out
  // rather than failing the scrape.
  if (auto process = read_process_figures()) {
    sample(out, "process_cpu_seconds_total", "counter",
           "User and system CPU time spent in seconds.", process->cpu_seconds);
    sample(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
           process->resident_bytes);
    sample(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
           process->virtual_bytes);
    sample(out, "process_open_fds", "gauge", "Number of open file descriptors.", process->open_fds);
    sample(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
           process->max_fds);
    sample(out, "process_start_time_seconds", "gauge",
           "Start time of the process since unix epoch in seconds.", process->start_time_seconds);
  }
  header(out, "tally_errors_total", "counter", "Errors sent to peers, by error code.");
  std::lock_guard lock(errors_mutex_);
  for (const auto& [code, count] : errors_) {
    out +=
        "tally_errors_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(count) + '\n';
  }
  return out;
}

}  // namespace tally::server
