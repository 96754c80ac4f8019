// The console's login sessions, in memory only: they end with tallyd (a restart logs
// everyone out; docs/security.md). A session id is 256 random bits handed out once in the
// tally_session cookie; the table keeps only its SHA-256, so a memory dump cannot be
// replayed as a cookie. A session ends after `idle_ms` without a request, after
// `lifetime_ms` in all, or at logout. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "tally/engine/messages.hpp"
#include "tally/engine/sha256.hpp"
#include "tally/error.hpp"

namespace tally::server {

// Who a session is, as the API shows it (GET /api/v1/session).
struct SessionInfo {
  std::string name;
  engine::Role role = engine::Role::kAuditor;
  std::string csrf_token;        // 64 hex digits, sent in X-CSRF-Token on every write
  std::uint64_t expires_ms = 0;  // when it ends unless used again (idle) or at the latest
};

// A session just opened: its id, for the cookie, and what it is.
struct NewSession {
  std::string id;  // 64 hex digits
  SessionInfo info;
};

class SessionTable {
 public:
  SessionTable(std::uint64_t idle_ms, std::uint64_t lifetime_ms)
      : idle_ms_(idle_ms), lifetime_ms_(lifetime_ms) {}

  [[nodiscard]] std::uint64_t lifetime_ms() const { return lifetime_ms_; }

  // Opens a session for the person; fails (transient) only without random bytes.
  Result<NewSession> open(const std::string& name, engine::Role role, std::uint64_t now_ms);
  // The live session with this id, its idle time restarted; kSessionExpired for an id that
  // names no live session (ended, expired, or never opened).
  Result<SessionInfo> use(const std::string& id, std::uint64_t now_ms);
  // Ends the session (logout); nothing if it had ended.
  void close(const std::string& id);
  // Ends every session of `name` (its account was disabled).
  void close_all_of(const std::string& name);

 private:
  struct Entry {
    SessionInfo info;
    std::uint64_t opened_ms = 0;
    std::uint64_t used_ms = 0;
  };
  [[nodiscard]] std::uint64_t ends_ms(const Entry& entry) const;
  void drop_expired(std::uint64_t now_ms);

  std::uint64_t idle_ms_;
  std::uint64_t lifetime_ms_;
  std::mutex mutex_;
  std::map<engine::Sha256Digest, Entry> sessions_;
};

}  // namespace tally::server
