#include "auth/session_table.hpp"

#include <algorithm>
#include <array>

#include "tally/engine/crypto_random.hpp"
#include "tally/engine/hex.hpp"

namespace tally::server {
namespace {

// 256 random bits as 64 hex digits.
Result<std::string> random_hex() {
  std::array<std::uint8_t, 32> bytes{};
  if (auto status = engine::random_bytes(bytes); !status) return std::move(status).error();
  return engine::to_hex(bytes);
}

}  // namespace

std::uint64_t SessionTable::ends_ms(const Entry& entry) const {
  return std::min(entry.used_ms + idle_ms_, entry.opened_ms + lifetime_ms_);
}

void SessionTable::drop_expired(std::uint64_t now_ms) {
  std::erase_if(sessions_, [&](const auto& item) { return ends_ms(item.second) <= now_ms; });
}

Result<NewSession> SessionTable::open(const std::string& name, engine::Role role,
                                      std::uint64_t now_ms) {
  auto id = random_hex();
  if (!id) return std::move(id).error();
  auto csrf = random_hex();
  if (!csrf) return std::move(csrf).error();
  Entry entry{SessionInfo{name, role, *csrf, 0}, now_ms, now_ms};
  entry.info.expires_ms = ends_ms(entry);
  std::lock_guard lock(mutex_);
  drop_expired(now_ms);  // logins are rate-limited, so this sweep stays cheap
  sessions_[engine::sha256(std::string_view(*id))] = entry;
  return NewSession{*id, entry.info};
}

Result<SessionInfo> SessionTable::use(const std::string& id, std::uint64_t now_ms) {
  const auto digest = engine::sha256(std::string_view(id));
  std::lock_guard lock(mutex_);
  const auto found = sessions_.find(digest);
  if (found == sessions_.end() || ends_ms(found->second) <= now_ms) {
    if (found != sessions_.end()) sessions_.erase(found);
    return make_error(ErrorCode::kSessionExpired, "the session has ended: log in again");
  }
  found->second.used_ms = now_ms;
  found->second.info.expires_ms = ends_ms(found->second);
  return found->second.info;
}

void SessionTable::close(const std::string& id) {
  const auto digest = engine::sha256(std::string_view(id));
  std::lock_guard lock(mutex_);
  sessions_.erase(digest);
}

void SessionTable::close_all_of(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&](const auto& item) { return item.second.info.name == name; });
}

}  // namespace tally::server
