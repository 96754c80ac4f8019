// One rendering per published state of the documents every reader shares (the overview,
// the public results and stations, the tally): the first request after a commit renders a
// document, every other reader of that state gets the same bytes and the same strong ETag,
// so read load costs a copy, not a rendering (docs/operations.md, "Cached documents").
// Thread-safe: handlers on every I/O thread share one cache; a reader of a fresh document
// takes one short lock. While one reader renders a newer state, the others get the last
// rendering (whose ETag, "<log length>-<document>", names the state it shows) instead of
// waiting: a page whose event named a later log length asks again.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace tally::server {

class DocumentCache {
 public:
  // A rendered document: its strong ETag (quoted) and its body.
  struct Document {
    std::string etag;
    std::string body;
  };
  using Shared = std::shared_ptr<const Document>;
  // Renders a document and says which state it saw (its version).
  using Render = std::function<std::string(std::string& version)>;

  // The document `key` of state `version` (the published log length, with whatever else
  // the document shows); rendered by `render` unless the cached one is of that version,
  // or the last rendering while another reader renders.
  Shared get(const std::string& key, const std::string& version, const Render& render);

 private:
  // One document's latest rendering.
  struct Entry {
    std::mutex rendering;  // held while rendering: one rendering per version
    std::mutex guard;      // guards version and document
    std::string version;
    Shared document;
  };
  Entry& entry(const std::string& key);

  std::mutex mutex_;  // guards entries_ (entries are never removed)
  std::map<std::string, std::unique_ptr<Entry>, std::less<>> entries_;
};

}  // namespace tally::server
