// The limit on failed logins (docs/security.md, "Console logins"): at most `max_failures`
// failed logins per client address and per account name within a sliding `window`; past
// it, logins from that address or for that name are refused (429, E1001, Retry-After)
// until the oldest failure leaves the window. Refused attempts are not counted, so a
// caller that waits gets in. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tally::server {

class LoginLimiter {
 public:
  LoginLimiter(std::size_t max_failures, std::uint64_t window_ms)
      : max_failures_(max_failures), window_ms_(window_ms) {}

  // Milliseconds until a login from `address` for `name` may be tried at `now_ms`, or
  // nullopt if it may be tried now.
  std::optional<std::uint64_t> wait_ms(const std::string& address, const std::string& name,
                                       std::uint64_t now_ms);
  // Counts a failed login.
  void failed(const std::string& address, const std::string& name, std::uint64_t now_ms);
  // Forgets the name's failures after a good login (the address's stay).
  void succeeded(const std::string& name);

 private:
  // Failures per key ("a:" address, "n:" name), oldest first, all within the window.
  using Failures = std::deque<std::uint64_t>;
  void expire(Failures& failures, std::uint64_t now_ms) const;
  std::optional<std::uint64_t> wait_of(const std::string& key, std::uint64_t now_ms);
  // Drops keys whose failures all left the window, so that guessed names do not pile up.
  void prune(std::uint64_t now_ms);

  std::size_t max_failures_;
  std::uint64_t window_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace tally::server
