#include "auth/login_limiter.hpp"

#include <algorithm>
#include <iterator>

namespace tally::server {
namespace {

// Keys kept before the map is swept of keys with no failure in the window.
constexpr std::size_t kSweepAbove = 10000;

}  // namespace

void LoginLimiter::expire(Failures& failures, std::uint64_t now_ms) const {
  while (!failures.empty() && failures.front() + window_ms_ <= now_ms) failures.pop_front();
}

std::optional<std::uint64_t> LoginLimiter::wait_of(const std::string& key, std::uint64_t now_ms) {
  const auto found = failures_.find(key);
  if (found == failures_.end()) return std::nullopt;
  expire(found->second, now_ms);
  if (found->second.size() < max_failures_) return std::nullopt;
  return found->second.front() + window_ms_ - now_ms;
}

std::optional<std::uint64_t> LoginLimiter::wait_ms(const std::string& address,
                                                   const std::string& name, std::uint64_t now_ms) {
  std::lock_guard lock(mutex_);
  const auto by_address = wait_of("a:" + address, now_ms);
  const auto by_name = wait_of("n:" + name, now_ms);
  if (by_address && by_name) return std::max(*by_address, *by_name);
  return by_address ? by_address : by_name;
}

void LoginLimiter::failed(const std::string& address, const std::string& name,
                          std::uint64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (failures_.size() > kSweepAbove) prune(now_ms);
  for (const std::string& key : {"a:" + address, "n:" + name}) {
    auto& failures = failures_[key];
    expire(failures, now_ms);
    failures.push_back(now_ms);
  }
}

void LoginLimiter::succeeded(const std::string& name) {
  std::lock_guard lock(mutex_);
  failures_.erase("n:" + name);
}

void LoginLimiter::prune(std::uint64_t now_ms) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    expire(it->second, now_ms);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
}

}  // namespace tally::server
