// The HTTP API's path matcher: literal segments, {name} placeholders, and the paths that
// must not match (a missing, an extra or an empty segment).
#include "api/path_pattern.hpp"

#include <gtest/gtest.h>

namespace tally::server {
namespace {

TEST(PathPatternTest, LiteralPathMatchesOnlyItself) {
  EXPECT_TRUE(match_path("/api/v1/tally", "/api/v1/tally"));
  EXPECT_FALSE(match_path("/api/v1/tally", "/api/v1/tall"));
  EXPECT_FALSE(match_path("/api/v1/tally", "/api/v1/tally/"));
  EXPECT_FALSE(match_path("/api/v1/tally", "/api/v1"));
  EXPECT_FALSE(match_path("/api/v1/tally", "api/v1/tally"));
}

TEST(PathPatternTest, PlaceholderCapturesOneSegmentByName) {
  const auto params = match_path("/api/v1/devices/{device}/revoke", "/api/v1/devices/d-7/revoke");
  ASSERT_TRUE(params);
  EXPECT_EQ((*params)["device"], "d-7");
  EXPECT_EQ((*params)["form"], "");
}

TEST(PathPatternTest, PlaceholderSegmentsArePercentDecodedOrKeptWhenNotValidEncoding) {
  const auto form =
      match_path("/api/v1/forms/{form}/history", "/api/v1/forms/TN-0001%2FNA-01/history");
  ASSERT_TRUE(form);
  EXPECT_EQ((*form)["form"], "TN-0001/NA-01");
  const auto bad = match_path("/api/v1/devices/{device}/revoke", "/api/v1/devices/d%zz/revoke");
  ASSERT_TRUE(bad);
  EXPECT_EQ((*bad)["device"], "d%zz");
}

TEST(PathPatternTest, PlaceholderNeedsExactlyOneNonEmptySegment) {
  constexpr std::string_view kRevoke = "/api/v1/devices/{device}/revoke";
  EXPECT_FALSE(match_path(kRevoke, "/api/v1/devices//revoke"));
  EXPECT_FALSE(match_path(kRevoke, "/api/v1/devices/revoke"));
  EXPECT_FALSE(match_path(kRevoke, "/api/v1/devices/a/b/revoke"));
}

}  // namespace
}  // namespace tally::server
