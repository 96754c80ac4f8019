// The console's session cookie (docs/security.md, "Console logins"): reading tally_session
// from a Cookie header, and the Set-Cookie values that give and clear it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally::server {

inline constexpr std::string_view kSessionCookie = "tally_session";

// The value of cookie `name` in a Cookie header ("a=1; tally_session=..."), if present.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

// Set-Cookie for a new session: HttpOnly (no script reads it), Secure (HTTPS only),
// SameSite=Strict (no cross-site request carries it), Path=/, Max-Age in seconds.
std::string session_set_cookie(const std::string& id, std::uint64_t max_age_seconds);
// Set-Cookie that makes the browser forget the session cookie (logout).
std::string session_clear_cookie();

}  // namespace tally::server
