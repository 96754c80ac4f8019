#include "api/document_cache.hpp"

namespace tally::server {

DocumentCache::Entry& DocumentCache::entry(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& entry = entries_[key];
  if (!entry) entry = std::make_unique<Entry>();
  return *entry;
}

DocumentCache::Shared DocumentCache::get(const std::string& key, const std::string& version,
                                         const Render& render) {
  Entry& cached = entry(key);
  const auto fresh = [&]() -> Shared {
    std::lock_guard lock(cached.guard);
    return cached.document && cached.version == version ? cached.document : nullptr;
  };
  if (auto document = fresh()) return document;
  std::unique_lock rendering(cached.rendering, std::try_to_lock);
  if (!rendering.owns_lock()) {
    // Another reader renders a newer state: this one gets the last rendering (its ETag
    // names the state it shows) rather than waiting, so that commits faster than a
    // rendering cannot make every reader wait for one.
    {
      std::lock_guard lock(cached.guard);
      if (cached.document) return cached.document;
    }
    rendering.lock();  // nothing rendered yet: wait for the first rendering
  }
  if (auto document = fresh()) return document;  // rendered while this reader waited
  std::string seen = version;
  std::string body = render(seen);
  auto document =
      std::make_shared<const Document>(Document{"\"" + seen + "-" + key + "\"", std::move(body)});
  std::lock_guard lock(cached.guard);
  cached.version = std::move(seen);
  cached.document = document;
  return document;
}

}  // namespace tally::server
