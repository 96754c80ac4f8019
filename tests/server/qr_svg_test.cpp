// The enrolment code's QR image and URI (api/qr_svg.hpp, api/enrol_uri.hpp). Nothing here
// decodes a QR code, so the image's structure is checked: its size is the symbol's modules
// plus the quiet zone, the three finder patterns are where ISO/IEC 18004 puts them, the one
// path is well-formed, and the same text gives the same bytes.
#include "api/qr_svg.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <utility>

#include "api/enrol_uri.hpp"

namespace tally::server {
namespace {

const std::string kUri =
    "tallysync://enrol?server=wss%3A%2F%2Ftally.example.vn%3A8443%2Fsync&code=X8SE-D1GV-EF5A-BV66";

// The image's size (its width) and its dark modules, as (x, y) in image units.
struct Drawn {
  int size = 0;
  std::set<std::pair<int, int>> dark;
};

Drawn parse(const std::string& svg) {
  Drawn drawn;
  std::smatch match;
  EXPECT_TRUE(std::regex_search(
      svg, match,
      std::regex(
          R"re(^<svg xmlns="http://www.w3.org/2000/svg" width="(\d+)" height="(\d+)" viewBox="0 0 (\d+) (\d+)" shape-rendering="crispEdges">)re")))
      << svg.substr(0, 200);
  if (match.empty()) return drawn;
  drawn.size = std::stoi(match[1]);
  for (std::size_t i = 2; i <= 4; ++i) EXPECT_EQ(std::stoi(match[i]), drawn.size);
  std::smatch paths;
  const std::regex path_element(R"re(<path fill="#000" d="([^"]*)"/>)re");
  EXPECT_EQ(std::distance(std::sregex_iterator(svg.begin(), svg.end(), path_element),
                          std::sregex_iterator()),
            1)
      << "one path";
  EXPECT_TRUE(std::regex_search(svg, paths, path_element));
  const std::string d = paths[1];
  // Well-formed: nothing but runs "M x yh n v1h-n z", each closed, n the same both ways.
  const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  std::size_t covered = 0;
  for (std::sregex_iterator it(d.begin(), d.end(), run), end; it != end; ++it) {
    const auto& m = *it;
    EXPECT_EQ(m.position(0), static_cast<std::ptrdiff_t>(covered)) << "stray text in the path";
    covered = static_cast<std::size_t>(m.position(0) + m.length(0));
    EXPECT_EQ(m[3], m[4]);
    const int x = std::stoi(m[1]);
    const int y = std::stoi(m[2]);
    for (int i = 0; i < std::stoi(m[3]); ++i) drawn.dark.insert({x + i, y});
  }
  EXPECT_EQ(covered, d.size()) << "the path is runs only";
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  return drawn;
}

// Whether the 7×7 finder pattern whose corner is at (x, y) is drawn: a dark ring, a light
// ring, a dark 3×3 centre.
void expect_finder(const Drawn& drawn, int x, int y) {
  for (int dy = 0; dy < 7; ++dy) {
    for (int dx = 0; dx < 7; ++dx) {
      const bool ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
      const bool centre = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
      EXPECT_EQ(drawn.dark.count({x + dx, y + dy}) == 1, ring || centre)
          << "finder at (" << x << ", " << y << "), module (" << dx << ", " << dy << ")";
    }
  }
}

TEST(QrSvgTest, TheImageIsTheSymbolWithAFourModuleQuietZone) {
  auto svg = qr_svg(kUri);
  ASSERT_TRUE(svg.ok()) << svg.error().to_string();
  const Drawn drawn = parse(*svg);
  const int modules = drawn.size - 2 * kQrQuietZoneModules;
  // A version v symbol has 17 + 4v modules a side; this text needs more than version 1.
  EXPECT_EQ((modules - 17) % 4, 0) << modules;
  EXPECT_GT(modules, 21);
  for (const auto& [x, y] : drawn.dark) {
    EXPECT_GE(x, kQrQuietZoneModules);
    EXPECT_GE(y, kQrQuietZoneModules);
    EXPECT_LT(x, kQrQuietZoneModules + modules);
    EXPECT_LT(y, kQrQuietZoneModules + modules);
  }
  const int q = kQrQuietZoneModules;
  expect_finder(drawn, q, q);
  expect_finder(drawn, q + modules - 7, q);
  expect_finder(drawn, q, q + modules - 7);
  EXPECT_NE(svg->find("<rect width=\"" + std::to_string(drawn.size) + "\""), std::string::npos);
}

TEST(QrSvgTest, TheSmallestSymbolHoldsAShortText) {
  auto svg = qr_svg("HELLO");
  ASSERT_TRUE(svg.ok()) << svg.error().to_string();
  EXPECT_EQ(parse(*svg).size, 21 + 8);  // version 1
}

TEST(QrSvgTest, TheSameTextGivesTheSameBytes) {
  auto first = qr_svg(kUri);
  auto second = qr_svg(kUri);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  auto other = qr_svg(kUri + "X");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*first, *other);
}

TEST(QrSvgTest, ATextNoSymbolHoldsIsRefusedWithAClearError) {
  auto svg = qr_svg(std::string(3000, 'x'));
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(svg.error().message.find("3000 bytes does not fit a QR code"), std::string::npos)
      << svg.error().message;
  EXPECT_FALSE(qr_svg(std::string("a\0b", 3)).ok());
}

TEST(EnrolUriTest, TheServerAndTheCodeArePercentEncoded) {
  EXPECT_EQ(enrol_uri("wss://tally.example.vn:8443/sync", "X8SE-D1GV-EF5A-BV66"), kUri);
  EXPECT_EQ(enrol_uri("wss://h/sync", "a&b=c d"),
            "tallysync://enrol?server=wss%3A%2F%2Fh%2Fsync&code=a%26b%3Dc%20d");
}

TEST(EnrolUriTest, APublicUrlNamesTheSyncPathOnce) {
  EXPECT_EQ(*devices_url_of_public_url("wss://tally.example.vn:8443"),
            "wss://tally.example.vn:8443/sync");
  EXPECT_EQ(*devices_url_of_public_url("wss://tally.example.vn:8443/"),
            "wss://tally.example.vn:8443/sync");
  EXPECT_EQ(*devices_url_of_public_url("wss://tally.example.vn/sync"),
            "wss://tally.example.vn/sync");
  EXPECT_EQ(*devices_url_of_public_url("wss://proxy.example.vn/tally"),
            "wss://proxy.example.vn/tally/sync");
  EXPECT_EQ(*devices_url_of_public_url("ws://127.0.0.1:8080"), "ws://127.0.0.1:8080/sync");
  for (const char* bad : {"https://tally.example.vn", "tally.example.vn:8443", "wss://",
                          "wss://h/sync?x=1", "wss://user@h"}) {
    auto url = devices_url_of_public_url(bad);
    ASSERT_FALSE(url.ok()) << bad;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(url.error().message.find(bad), std::string::npos) << url.error().message;
  }
}

TEST(EnrolUriTest, AHostHeaderGivesTheDevicesUrl) {
  EXPECT_EQ(*devices_url_of_host("tally.example.vn:8443", true),
            "wss://tally.example.vn:8443/sync");
  EXPECT_EQ(*devices_url_of_host("127.0.0.1:9000", false), "ws://127.0.0.1:9000/sync");
  EXPECT_EQ(*devices_url_of_host("[::1]:9000", true), "wss://[::1]:9000/sync");
  for (const char* bad : {"", "evil/path", "a b", "h:99999", "u@h"}) {
    EXPECT_FALSE(devices_url_of_host(bad, true).ok()) << bad;
  }
}

}  // namespace
}  // namespace tally::server
