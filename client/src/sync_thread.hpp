// The sync thread: an Asio io_context on its own std::thread that keeps one SyncSession
// connected to the server, reconnecting by itself after any loss with exponential
// backoff and full jitter (tuning.hpp), and publishes the SyncState to observers.
// Internal to the client library; Client starts and stops it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include "local_replica.hpp"
#include "tally/client/client.hpp"
#include "tally/client/sync_state.hpp"

namespace tally::client {

class TlsResumption;

class SyncThread {
 public:
  SyncThread(LocalReplica& replica, ClientOptions options);
  ~SyncThread();
  SyncThread(const SyncThread&) = delete;
  SyncThread& operator=(const SyncThread&) = delete;

  // Starts the thread (idempotent); fails if the device is not enrolled.
  Status start();
  // Closes the connection and joins the thread (idempotent).
  void stop();
  // Connect now if waiting to reconnect; upload now if connected.
  void sync_now();
  // An own op was stored: upload it (and refresh the pending count).
  void notify_local_op();

  [[nodiscard]] SyncState state() const;
  void set_observer(std::function<void(const SyncState&)> observer);
  bool wait_until_up_to_date(std::chrono::milliseconds timeout);

 private:
  class Runner;
  // Publishes a new state (any thread); notifies observers and waiters if it changed.
  void publish(SyncState state);

  LocalReplica& replica_;
  ClientOptions options_;
  std::mutex run_mutex_;  // start/stop
  std::unique_ptr<Runner> runner_;
  // One TLS context and the last TLS session, across every reconnect of this device and
  // across stop() and start() (used on the running thread only).
  std::shared_ptr<TlsResumption> tls_;

  mutable std::mutex state_mutex_;
  std::condition_variable state_changed_;
  SyncState state_;
  std::function<void(const SyncState&)> observer_;
};

}  // namespace tally::client
