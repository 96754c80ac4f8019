#include "core/session_events.hpp"

namespace tally::server {

void SessionRegistry::attach(const std::shared_ptr<SessionEvents>& session) {
  std::lock_guard lock(mutex_);
  open_[session.get()] = session;
}

void SessionRegistry::detach(const SessionEvents* session) {
  std::lock_guard lock(mutex_);
  open_.erase(session);
  live_.erase(session);
}

void SessionRegistry::subscribe(const std::shared_ptr<SessionEvents>& session) {
  std::lock_guard lock(mutex_);
  live_[session.get()] = session;
}

void SessionRegistry::unsubscribe(const SessionEvents* session) {
  std::lock_guard lock(mutex_);
  live_.erase(session);
}

std::vector<std::shared_ptr<SessionEvents>> SessionRegistry::lock_all(Sessions& sessions) {
  std::vector<std::shared_ptr<SessionEvents>> alive;
  alive.reserve(sessions.size());
  for (auto it = sessions.begin(); it != sessions.end();) {
    if (auto session = it->second.lock()) {
      alive.push_back(std::move(session));
      ++it;
    } else {
      it = sessions.erase(it);
    }
  }
  return alive;
}

std::vector<std::shared_ptr<SessionEvents>> SessionRegistry::live() {
  std::lock_guard lock(mutex_);
  return lock_all(live_);
}

void SessionRegistry::for_each_open(const std::function<void(SessionEvents&)>& tell) {
  std::vector<std::shared_ptr<SessionEvents>> open;
  {
    std::lock_guard lock(mutex_);
    open = lock_all(open_);
  }
  for (const auto& session : open) tell(*session);
}

}  // namespace tally::server
