// The narrow seam between Core and the sessions of connected devices: what Core tells an
// open session (SessionEvents), and the registry of open and live sessions it keeps by weak
// pointer (SessionRegistry). Core knows sessions only through these; the protocol session
// (sync/sync_session.hpp) implements SessionEvents.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "tally/engine/messages.hpp"

namespace tally::server {

// Ops committed in one group, as pushed to live sessions.
struct CommittedGroup {
  std::vector<engine::LogOp> entries;  // in log order
  std::uint64_t last_index = 0;
  std::uint64_t committed_ms = 0;  // when it was committed (the core's clock, Unix ms)
};

// What Core tells one open session. Core calls these on its publisher thread (committed,
// device_revoked, reference_changed) or on the thread that asked for a shutdown (shutting_down),
// never with any of Core's mutexes held. An implementation must not block: it hands the work to its
// own executor (the server's SyncSession posts it to the connection's strand), and from there it
// may call any method of Core.
class SessionEvents {
 public:
  virtual ~SessionEvents() = default;
  // A group was committed; called only while the session is subscribed (live), in log order.
  virtual void committed(std::shared_ptr<const CommittedGroup> group) = 0;
  // The operator revoked `device_id` (every open session hears it; the device's own close).
  virtual void device_revoked(const std::string& device_id) = 0;
  // tallyd is shutting down: close with "going away" once the queued frames are written.
  virtual void shutting_down() = 0;
  // The reference data changed (the second round opened) for the officers of `stations`
  // and for every device of another role: such a session closes with "going away", so that
  // its device reconnects and gets the new definition in its Welcome.
  virtual void reference_changed(std::shared_ptr<const std::set<std::string>> stations) = 0;
};

// The open sessions (attached from open to close) and the live ones among them (subscribed
// to commits), held weakly: a session that is gone is skipped and forgotten. Thread-safe;
// the calls to the sessions are made after its own mutex is released.
class SessionRegistry {
 public:
  void attach(const std::shared_ptr<SessionEvents>& session);
  void detach(const SessionEvents* session);  // also unsubscribes
  void subscribe(const std::shared_ptr<SessionEvents>& session);
  void unsubscribe(const SessionEvents* session);

  // The live sessions, or none (then the caller need not build a group for nobody).
  [[nodiscard]] std::vector<std::shared_ptr<SessionEvents>> live();
  // Calls `tell` for every open session.
  void for_each_open(const std::function<void(SessionEvents&)>& tell);

 private:
  using Sessions = std::map<const SessionEvents*, std::weak_ptr<SessionEvents>>;
  static std::vector<std::shared_ptr<SessionEvents>> lock_all(Sessions& sessions);

  std::mutex mutex_;
  Sessions open_;
  Sessions live_;
};

}  // namespace tally::server
