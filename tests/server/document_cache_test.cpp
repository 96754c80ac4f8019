// The cache of shared documents: one rendering per state; an exact document is rendered
// for every new state; a bounded one answers its last rendering until kRenderSpacing times
// its rendering time has passed (on a clock the test moves), then renders the new state.
#include "api/document_cache.hpp"

#include <gtest/gtest.h>

namespace tally::server {
namespace {

using namespace std::chrono_literals;
using Freshness = DocumentCache::Freshness;

class DocumentCacheTest : public ::testing::Test {
 protected:
  // A rendering of state `state` that takes `took` on the test's clock.
  DocumentCache::Render rendering(const std::string& state,
                                  std::chrono::milliseconds took = 10ms) {
    return [this, state, took](std::string& version) {
      ++renderings_;
      now_ += took;
      version = state;
      return "body of " + state;
    };
  }

  DocumentCache::Clock::time_point now_{};
  int renderings_ = 0;
  DocumentCache cache_{[this] { return now_; }, /*own_thread=*/false};
};

TEST_F(DocumentCacheTest, EveryReaderOfOneStateGetsOneRenderingAndItsETag) {
  const auto first = cache_.get("tally", "7", Freshness::kExact, rendering("7"));
  const auto again = cache_.get("tally", "7", Freshness::kExact, rendering("7"));
  EXPECT_EQ(renderings_, 1);
  EXPECT_EQ(first, again);
  EXPECT_EQ(first->etag, "\"7-tally\"");
  EXPECT_EQ(first->body, "body of 7");
}

TEST_F(DocumentCacheTest, AnExactDocumentIsRenderedForEveryNewState) {
  cache_.get("tally", "7", Freshness::kExact, rendering("7"));
  const auto next = cache_.get("tally", "8", Freshness::kExact, rendering("8"));
  EXPECT_EQ(renderings_, 2);
  EXPECT_EQ(next->etag, "\"8-tally\"");
}

TEST_F(DocumentCacheTest, ABoundedDocumentAnswersItsLastRenderingUntilItsSpacingHasPassed) {
  cache_.get("public", "7", Freshness::kBounded, rendering("7", 10ms));
  // Rendering took 10 ms: the next is due 10 × 10 ms after it ended.
  now_ += 99ms;
  const auto early = cache_.get("public", "8", Freshness::kBounded, rendering("8"));
  EXPECT_EQ(early->etag, "\"7-public\"") << "names the state it shows";
  EXPECT_EQ(renderings_, 1);
  now_ += 1ms;
  // Due: the reader still gets the last rendering, and the next is queued for the cache's
  // thread, once however many readers ask.
  EXPECT_EQ(cache_.get("public", "9", Freshness::kBounded, rendering("9"))->etag, "\"7-public\"");
  EXPECT_EQ(cache_.get("public", "9", Freshness::kBounded, rendering("9"))->etag, "\"7-public\"");
  EXPECT_EQ(renderings_, 1);
  cache_.render_queued_for_test();
  EXPECT_EQ(renderings_, 2);
  const auto rendered = cache_.get("public", "9", Freshness::kBounded, rendering("9"));
  EXPECT_EQ(rendered->etag, "\"9-public\"");
}

TEST_F(DocumentCacheTest, ABoundedDocumentsFirstRenderingIsMadeForItsFirstReader) {
  const auto first = cache_.get("public", "3", Freshness::kBounded, rendering("3"));
  EXPECT_EQ(first->etag, "\"3-public\"");
  EXPECT_EQ(renderings_, 1);
}

TEST_F(DocumentCacheTest, KeysAreRenderedApart) {
  cache_.get("public", "7", Freshness::kBounded, rendering("7"));
  const auto other = cache_.get("overview", "8", Freshness::kBounded, rendering("8"));
  EXPECT_EQ(other->etag, "\"8-overview\"");
  EXPECT_EQ(renderings_, 2);
}

}  // namespace
}  // namespace tally::server
