#include "auth/logins.hpp"

#include <utility>

#include "auth/accounts.hpp"

namespace tally::server {

Logins::Logins(Store& store, const LoginOptions& options, Clock clock)
    : store_(store),
      clock_(std::move(clock)),
      sessions_(options.idle_ms, options.lifetime_ms),
      limiter_(options.max_failures, options.window_ms) {}

LoginOutcome Logins::log_in(const std::string& address, const std::string& name,
                            std::string_view password) {
  if (const auto wait = limiter_.wait_ms(address, name, clock_())) {
    const std::uint64_t seconds = (*wait + 999) / 1000;
    return {make_error(ErrorCode::kRateLimited,
                       "too many failed logins: try again in " + std::to_string(seconds) + " s"),
            seconds};
  }
  auto account = store_.find_account(name);
  if (!account) return {std::move(account).error()};
  const auto person = check_login(*account, password);
  if (!person) {
    limiter_.failed(address, name, clock_());
    return {make_error(ErrorCode::kBadCredentials, "wrong name or password")};
  }
  limiter_.succeeded(name);
  return {sessions_.open(person->name, person->role, clock_())};
}

Result<SessionInfo> Logins::session(const std::string& id) {
  auto info = sessions_.use(id, clock_());
  if (!info) return info;
  // Disabling an account (tallyd user disable, perhaps from another process) ends its
  // sessions at their next request.
  auto account = store_.find_account(info->name);
  if (!account) return std::move(account).error();
  if (!*account || (*account)->disabled) {
    sessions_.close(id);
    return make_error(ErrorCode::kSessionExpired, "the account was disabled");
  }
  return info;
}

}  // namespace tally::server
