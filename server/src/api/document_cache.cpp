#include "api/document_cache.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include "api/gzip.hpp"

namespace tally::server {

namespace {

// The renderings' thread runs at a lower priority than the I/O and writer threads: on a
// busy machine a bounded document waits (readers keep the last rendering) rather than a
// device's commit. Linux keeps a nice value per thread.
constexpr int kRendererNice = 10;

}  // namespace

DocumentCache::DocumentCache(Now now, bool own_thread) : now_(std::move(now)) {
  if (!own_thread) return;
  renderer_ = std::thread([this] {
    // Best effort: at the same priority, the renderings only compete for the cores.
    static_cast<void>(::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kRendererNice));
    Queued next{};
    while (take_queued(next, /*wait=*/true)) render_queued(next);
  });
}

DocumentCache::~DocumentCache() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_changed_.notify_all();
  if (renderer_.joinable()) renderer_.join();
}

DocumentCache::Entry& DocumentCache::entry(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& entry = entries_[key];
  if (!entry) entry = std::make_unique<Entry>();
  return *entry;
}

DocumentCache::Shared DocumentCache::get(const std::string& key, const std::string& version,
                                         Freshness freshness, const Render& render) {
  Entry& cached = entry(key);
  {
    std::lock_guard lock(cached.guard);
    if (cached.document && cached.version == version) return cached.document;
    if (freshness == Freshness::kBounded && cached.document) {
      if (!cached.queued && now_() >= cached.next_rendering) {
        cached.queued = true;
        {
          std::lock_guard queue_lock(queue_mutex_);
          queue_.push_back(Queued{&cached, key, render});
        }
        queue_changed_.notify_one();
      }
      return cached.document;
    }
  }
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
  {
    std::lock_guard lock(cached.guard);  // rendered while this reader waited
    if (cached.document && (cached.version == version || freshness == Freshness::kBounded)) {
      return cached.document;
    }
  }
  return render_into(cached, key, version, render);
}

// Renders under cached.rendering (held by the caller).
DocumentCache::Shared DocumentCache::render_into(Entry& cached, const std::string& key,
                                                 std::string version, const Render& render) {
  const auto started = now_();
  std::string body = render(version);
  const auto finished = now_();
  std::string gzipped = gzip(body);
  auto document = std::make_shared<const Document>(
      Document{"\"" + version + "-" + key + "\"", std::move(body),
               "\"" + version + "-" + key + "+gzip\"", std::move(gzipped)});
  std::lock_guard lock(cached.guard);
  cached.version = std::move(version);
  cached.document = document;
  cached.next_rendering = finished + kRenderSpacing * (finished - started);
  return document;
}

bool DocumentCache::take_queued(Queued& next, bool wait) {
  std::unique_lock lock(queue_mutex_);
  if (wait) queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  if (stopping_ || queue_.empty()) return false;
  next = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

void DocumentCache::render_queued(Queued& queued) {
  {
    std::lock_guard rendering(queued.entry->rendering);
    render_into(*queued.entry, queued.key, {}, queued.render);
  }
  std::lock_guard lock(queued.entry->guard);
  queued.entry->queued = false;
}

void DocumentCache::render_queued_for_test() {
  Queued next{};
  while (take_queued(next, /*wait=*/false)) render_queued(next);
}

}  // namespace tally::server
