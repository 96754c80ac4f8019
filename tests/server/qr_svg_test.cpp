// The enrolment code's QR image and URI (api/qr_svg.hpp, api/enrol_uri.hpp). Nothing here
// decodes a QR code, so the image's structure is checked: its size is the symbol's modules
// plus the quiet zone, the three finder patterns are where ISO/IEC 18004 puts them, the one
// path is well-formed, and the same text gives the same bytes.
#include "api/qr_svg.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
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

// Reads a whole number at `at` and moves past it; -1 if there is none.
int read_number(std::string_view text, std::size_t& at) {
  int value = 0;
  const std::size_t first = at;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    value = value * 10 + (text[at++] - '0');
  }
  return at == first ? -1 : value;
}

// Whether `text` continues with `literal` at `at`, moving past it if so.
bool read_literal(std::string_view text, std::size_t& at, std::string_view literal) {
  if (text.substr(at, literal.size()) != literal) return false;
  at += literal.size();
  return true;
}

// Parsed by hand, not with std::regex: libstdc++'s matcher recurses once per character,
// and the path of a symbol this size overflowed a test thread's stack.
Drawn parse(const std::string& svg) {
  Drawn drawn;
  std::size_t at = 0;
  const auto sized = [&](std::string_view before) {
    EXPECT_TRUE(read_literal(svg, at, before)) << "at " << at << ": " << svg.substr(0, 200);
    return read_number(svg, at);
  };
  drawn.size = sized(R"(<svg xmlns="http://www.w3.org/2000/svg" width=")");
  EXPECT_EQ(sized(R"(" height=")"), drawn.size);
  EXPECT_EQ(sized(R"(" viewBox="0 0 )"), drawn.size);
  EXPECT_EQ(sized(" "), drawn.size);
  EXPECT_TRUE(read_literal(svg, at, R"(" shape-rendering="crispEdges">)"));
  constexpr std::string_view kPath = R"(<path fill="#000" d=")";
  const std::size_t path = svg.find(kPath);
  EXPECT_NE(path, std::string::npos);
  EXPECT_EQ(svg.find(kPath, path + 1), std::string::npos) << "one path";
  if (path == std::string::npos) return drawn;
  // Well-formed: nothing but runs "M x yh n v1h-n z", each closed, n the same both ways.
  at = path + kPath.size();
  while (at < svg.size() && svg[at] != '"') {
    const std::size_t run_start = at;
    const bool ok = read_literal(svg, at, "M");
    const int x = read_number(svg, at);
    const bool spaced = read_literal(svg, at, " ");
    const int y = read_number(svg, at);
    const bool across = read_literal(svg, at, "h");
    const int length = read_number(svg, at);
    const bool down = read_literal(svg, at, "v1h-");
    const int back = read_number(svg, at);
    const bool closed = read_literal(svg, at, "z");
    if (!(ok && spaced && across && down && closed) || x < 0 || y < 0 || length <= 0) {
      ADD_FAILURE() << "stray text in the path at " << run_start << ": "
                    << svg.substr(run_start, 40);
      return drawn;
    }
    EXPECT_EQ(length, back);
    for (int i = 0; i < length; ++i) drawn.dark.insert({x + i, y});
  }
  EXPECT_TRUE(read_literal(svg, at, "\"/>")) << "the path is runs only";
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
  // A Host header that is not UTF-8 (the HTTP fuzzer's find): its bytes are quoted in the
  // message, which becomes a JSON answer.
  const auto binary = devices_url_of_host("YYYY\xa7\x9fYY", true);
  ASSERT_FALSE(binary.ok());
  EXPECT_NE(binary.error().message.find("'YYYY%A7%9FYY'"), std::string::npos)
      << binary.error().message;
}

}  // namespace
}  // namespace tally::server
