#include "api/session_cookie.hpp"

namespace tally::server {
namespace {

constexpr std::string_view kAttributes = "; HttpOnly; Secure; SameSite=Strict; Path=/";

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    const std::string_view pair = trimmed(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

std::string session_set_cookie(const std::string& id, std::uint64_t max_age_seconds) {
  return std::string(kSessionCookie) + "=" + id + std::string(kAttributes) +
         "; Max-Age=" + std::to_string(max_age_seconds);
}

std::string session_clear_cookie() {
  return std::string(kSessionCookie) + "=" + std::string(kAttributes) + "; Max-Age=0";
}

}  // namespace tally::server
