// The server's counters, gauges and histograms, rendered in the Prometheus text format
// (version 0.0.4) for GET /metrics. Thread-safe: updated from every thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tally/error.hpp"

namespace tally::server {

// A cumulative histogram with fixed upper bounds.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  // Appends the _bucket, _sum and _count lines of `name`.
  void render(const std::string& name, std::string& out) const;

 private:
  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> counts_;  // per bound, then +Inf
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

// Figures that come from the merged state, read when /metrics is served.
struct StateFigures {
  std::uint64_t log_index = 0;
  std::uint64_t conflicts_open = 0;  // forms with a field in conflict
  std::uint64_t forms_accepted = 0;
  std::uint64_t forms_flagged = 0;
  std::uint64_t stations_reported = 0;  // stations whose every form is accepted
  std::uint64_t stations_expected = 0;
};

class Metrics {
 public:
  Metrics();

  void record_commit(double seconds, std::size_t ops, bool ok);
  void record_batch(std::size_t ops);
  void record_ack(double seconds);
  void record_error(ErrorCode code);
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }
  void device_connected() { ++devices_connected_; }
  void device_disconnected() { --devices_connected_; }
  void ops_ingested(std::size_t ops) { ops_ingested_ += ops; }
  void duplicate_ops(std::size_t ops) { duplicate_ops_ += ops; }
  // Ops received again and acked again, since start.
  [[nodiscard]] std::uint64_t duplicate_ops_total() const { return duplicate_ops_; }
  void slow_consumer_dropped() { ++slow_consumers_; }
  // A TLS handshake completed, resuming an earlier session (a ticket) or in full.
  void tls_handshake(bool resumed) { ++(resumed ? tls_resumed_ : tls_full_); }
  // The listener waited because the process had no descriptor left (EMFILE/ENFILE).
  void accept_paused() { ++accept_pauses_; }
  // Bytes waiting in connections' outbound queues: + when a frame is queued, - when it
  // is written or its connection ends.
  void outbound_queued(std::int64_t bytes) { outbound_queued_bytes_ += bytes; }

  // The whole exposition, state figures included.
  [[nodiscard]] std::string render(const StateFigures& state) const;

 private:
  std::atomic<std::uint64_t> ops_ingested_{0};
  std::atomic<std::uint64_t> duplicate_ops_{0};
  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> commit_failures_{0};
  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::int64_t> devices_connected_{0};
  std::atomic<std::uint64_t> slow_consumers_{0};
  std::atomic<std::uint64_t> accept_pauses_{0};
  std::atomic<std::uint64_t> tls_full_{0};
  std::atomic<std::uint64_t> tls_resumed_{0};
  std::atomic<std::int64_t> outbound_queued_bytes_{0};
  Histogram batch_ops_;
  Histogram commit_seconds_;
  Histogram commit_ops_;
  Histogram ack_seconds_;
  mutable std::mutex errors_mutex_;
  std::map<unsigned, std::uint64_t> errors_;  // by ErrorCode
};

}  // namespace tally::server
