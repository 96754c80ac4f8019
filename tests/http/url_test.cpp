// parse_url: what a client connects to, the scheme's default port, and the URLs refused.
#include "tally/http/url.hpp"

#include <gtest/gtest.h>

namespace tally::http {
namespace {

TEST(UrlTest, SplitsSchemeHostPortAndTarget) {
  auto url = parse_url("https://127.0.0.1:8443/api/v1/tally?format=text");
  ASSERT_TRUE(url.ok()) << url.error().to_string();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->target, "/api/v1/tally?format=text");
  EXPECT_TRUE(url->secure());
  EXPECT_EQ(url->authority(), "127.0.0.1:8443");
}

TEST(UrlTest, PortDefaultsFromTheScheme) {
  EXPECT_EQ(parse_url("http://tally.example").value().port, 80);
  EXPECT_EQ(parse_url("https://tally.example").value().port, 443);
  EXPECT_EQ(parse_url("ws://tally.example").value().port, 80);
  EXPECT_EQ(parse_url("wss://tally.example").value().port, 443);
}

TEST(UrlTest, TargetDefaultsToTheRoot) {
  EXPECT_EQ(parse_url("http://127.0.0.1:8080").value().target, "/");
  EXPECT_EQ(parse_url("http://127.0.0.1:8080/").value().target, "/");
  EXPECT_EQ(parse_url("wss://127.0.0.1:8443/sync").value().target, "/sync");
}

TEST(UrlTest, SchemeIsLowerCasedAndFragmentDropped) {
  auto url = parse_url("HTTPS://tally.example/x#part");
  ASSERT_TRUE(url.ok()) << url.error().to_string();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->target, "/x");
}

TEST(UrlTest, Ipv6HostLosesItsBracketsAndTheAuthorityPutsThemBack) {
  auto url = parse_url("wss://[::1]:9000/sync");
  ASSERT_TRUE(url.ok()) << url.error().to_string();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->authority(), "[::1]:9000");
}

TEST(UrlTest, BadUrlsAreInvalidArgumentsThatQuoteTheUrl) {
  for (const char* text :
       {"", "127.0.0.1:8443", "ftp://tally.example", "https://", "https:///path",
        "https://tally.example:0", "https://tally.example:65536", "https://tally.example:99999",
        "https://tally.example:", "https://tally.example:12ab", "https://user:secret@tally.example",
        "https://127.0.0.1:8443\n", "//tally.example"}) {
    auto url = parse_url(text);
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_NE(url.error().message.find("'" + std::string(text) + "'"), std::string::npos)
        << url.error().message;
  }
}

}  // namespace
}  // namespace tally::http
