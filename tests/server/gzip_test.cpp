// gzip of the shared documents: a body comes back whole through zlib's gunzip, and
// Accept-Encoding is read as RFC 9110 says (q=0 refuses, "*" accepts, case does not matter).
#include "api/gzip.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace tally::server {
namespace {

std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(GzipTest, ABodyComesBackWholeAndARepetitiveOneShrinks) {
  std::string tally;
  for (int unit = 0; unit < 2000; ++unit) {
    tally += R"({"unit":"NA-)" + std::to_string(unit) + R"(","votes":{"Lê Văn Cường":101}},)";
  }
  const std::string compressed = gzip(tally);
  ASSERT_FALSE(compressed.empty());
  EXPECT_LT(compressed.size(), tally.size() / 5);
  EXPECT_EQ(gunzip(compressed), tally);
  EXPECT_EQ(gunzip(gzip("")), "");
}

TEST(GzipTest, AcceptEncodingIsReadAsRfc9110Says) {
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000, br"));
  EXPECT_FALSE(accepts_gzip("gzipped"));
}

}  // namespace
}  // namespace tally::server
