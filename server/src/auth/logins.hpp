// Logging people in to the console: the accounts in the store, the session table and the
// rate limit on failed logins, behind the calls HttpApi makes (docs/security.md, "Console
// logins"). Thread-safe; log_in() runs scrypt (~32 MiB, tens of milliseconds) on the
// caller's thread, which for HttpApi is its login queue's (base/job_queue.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/login_limiter.hpp"
#include "auth/session_table.hpp"
#include "base/tuning.hpp"
#include "tally/server/store.hpp"

namespace tally::server {

// The session and login limits (tallyd serve flags; docs/operations.md).
struct LoginOptions {
  std::uint64_t idle_ms = tuning::kSessionIdleMs;
  std::uint64_t lifetime_ms = tuning::kSessionLifetimeMs;
  std::size_t max_failures = tuning::kLoginFailuresPerWindow;
  std::uint64_t window_ms = tuning::kLoginWindowMs;
};

// What a login attempt got: a session, or the refusal (kBadCredentials; kRateLimited
// with the seconds to wait for Retry-After).
struct LoginOutcome {
  Result<NewSession> session;
  std::uint64_t retry_after_seconds = 0;
};

class Logins {
 public:
  using Clock = std::function<std::uint64_t()>;  // Unix milliseconds

  Logins(Store& store, const LoginOptions& options, Clock clock);

  [[nodiscard]] std::uint64_t session_lifetime_ms() const { return sessions_.lifetime_ms(); }

  // Checks `name` and `password` for a caller at `address` (refused at once while the
  // address or the name is over its failures); the same kBadCredentials for an unknown
  // name, a disabled account and a wrong password.
  LoginOutcome log_in(const std::string& address, const std::string& name,
                      std::string_view password);
  // The live session with this cookie value (its idle time restarted); kSessionExpired if
  // none, or if its account was disabled since (the session is then ended).
  Result<SessionInfo> session(const std::string& id);
  void log_out(const std::string& id) { sessions_.close(id); }

  Status add_account(const AccountRow& account) { return store_.add_account(account); }
  Result<std::vector<AccountRow>> accounts() { return store_.load_accounts(); }
  [[nodiscard]] std::uint64_t now_ms() const { return clock_(); }

 private:
  Store& store_;
  Clock clock_;
  SessionTable sessions_;
  LoginLimiter limiter_;
};

}  // namespace tally::server
