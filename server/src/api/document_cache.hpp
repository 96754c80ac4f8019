// One rendering per published state of the documents every reader shares (the overview,
// the public results and stations, the tally): a reader of a state already rendered gets
// the same bytes and the same strong ETag, so read load costs a copy, not a rendering
// (docs/operations.md, "Cached documents").
//
// Freshness. An exact document (the API's /api/v1/tally, which a client reads right after
// its own commit) is rendered on the reader's thread for every new state a reader asks
// for. A bounded one (what the console and the public poll) is rendered on the cache's own
// thread, never on an I/O thread (but for its very first rendering), at most once per
// kRenderSpacing times its own last rendering time: readers meanwhile get the last
// rendering, whose ETag ("<log length>-<document>") names the state it shows, and a page
// that heard of a later commit asks again (docs/console.md, "Live"). So a busy document's
// renderings take at most 1/kRenderSpacing of one core however fast commits come, and no
// reader waits for one.
//
// Thread-safe: handlers on every I/O thread share one cache. While one reader renders a
// newer exact state, the others get the last rendering instead of waiting.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tally::server {

class DocumentCache {
 public:
  // A rendered document: its strong ETag (quoted), its body, and the body gzipped once
  // (gzip.hpp) with its own ETag (a strong ETag names one representation).
  struct Document {
    std::string etag;
    std::string body;
    std::string gzipped_etag;
    std::string gzipped;  // empty when compressing failed
  };
  using Shared = std::shared_ptr<const Document>;
  // Renders a document and says which state it saw (its version).
  using Render = std::function<std::string(std::string& version)>;
  enum class Freshness { kExact, kBounded };

  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  // How many times its own rendering time a bounded document waits before the next one.
  static constexpr int kRenderSpacing = 10;

  // `now` times the renderings. Without `own_thread` (tests, with their own clock) the
  // bounded renderings wait for render_queued_for_test().
  explicit DocumentCache(Now now = Clock::now, bool own_thread = true);
  DocumentCache(const DocumentCache&) = delete;
  DocumentCache& operator=(const DocumentCache&) = delete;
  // Ends the rendering thread once the rendering it runs, if any, is done.
  ~DocumentCache();

  // The document `key` of state `version` (the published log length, with whatever else
  // the document shows): the cached one if it is of that version; else, exact, rendered by
  // `render` now unless another reader renders it; bounded, the cached one while `render`
  // is queued for the cache's thread once due (so `render` must hold what it uses).
  Shared get(const std::string& key, const std::string& version, Freshness freshness,
             const Render& render);

  // Runs every queued rendering (tests: their clock decides what is due; nothing else).
  void render_queued_for_test();

 private:
  // One document's latest rendering.
  struct Entry {
    std::mutex rendering;  // held while rendering: one rendering per version
    std::mutex guard;      // guards the fields below
    std::string version;
    Shared document;
    Clock::time_point next_rendering{};  // a bounded document's earliest next rendering
    bool queued = false;                  // a bounded rendering waits on the thread
  };
  // A bounded rendering for the cache's thread.
  struct Queued {
    Entry* entry;
    std::string key;
    Render render;
  };
  Entry& entry(const std::string& key);
  Shared render_into(Entry& cached, const std::string& key, std::string version,
                     const Render& render);
  bool take_queued(Queued& next, bool wait);
  void render_queued(Queued& queued);

  Now now_;
  std::mutex mutex_;  // guards entries_ (entries are never removed)
  std::map<std::string, std::unique_ptr<Entry>, std::less<>> entries_;

  std::mutex queue_mutex_;  // guards queue_ and stopping_
  std::condition_variable queue_changed_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::thread renderer_;  // last: started once the rest is built
};

}  // namespace tally::server
