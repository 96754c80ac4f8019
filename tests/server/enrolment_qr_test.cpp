// POST /api/v1/enrolment-codes against the real tallyd: the answer carries the enrolment
// URI an officer's phone scans (the devices' URL from --public-url, or from the request's
// Host header) and its QR image as an SVG document; a bad --public-url stops tallyd serve.
#include <boost/json.hpp>

#include "api/enrol_uri.hpp"
#include "api/qr_svg.hpp"
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

// The answer to an operator's POST of an officer's code for TN-0001.
json::object make_code(const tally::http::ApiTarget& target) {
  auto response = tally::http::api_call(target, http::verb::post, "/api/v1/enrolment-codes",
                                        R"({"role":"officer","station":"TN-0001"})");
  EXPECT_TRUE(response.ok()) << (response ? "" : response.error().to_string());
  if (!response) return {};
  EXPECT_EQ(response->status, 201u) << response->body;
  return json::parse(response->body).as_object();
}

// The reply's URI names `devices_url` and the code, and its image is that URI's QR code.
void expect_scannable(const json::object& reply, const std::string& devices_url) {
  const std::string code(reply.at("code").as_string());
  const std::string uri(reply.at("enrol_uri").as_string());
  EXPECT_EQ(uri, server::enrol_uri(devices_url, code));
  EXPECT_TRUE(uri.starts_with("tallysync://enrol?server=")) << uri;
  EXPECT_TRUE(uri.ends_with("&code=" + code)) << uri;
  const std::string svg(reply.at("qr_svg").as_string());
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")) << svg.substr(0, 80);
  EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
  auto expected = server::qr_svg(uri);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(svg, *expected);
}

using EnrolmentQrTest = ServerFixture;

TEST_F(EnrolmentQrTest, WithoutAPublicUrlTheRequestsHostNamesTheServer) {
  const json::object reply = make_code(api(server_.operator_token()));
  // tallyd serves plain here: ws://, the Host header's address and port, /sync.
  expect_scannable(reply, server_.sync_url());
  EXPECT_NE(
      std::string(reply.at("enrol_uri").as_string())
          .find("server=ws%3A%2F%2F127.0.0.1%3A" + std::to_string(server_.port()) + "%2Fsync&"),
      std::string::npos)
      << reply;
  // The code in the image enrols a device.
  TestDevice device("127.0.0.1", server_.port());
  EXPECT_TRUE(device.enrol(std::string(reply.at("code").as_string())).ok());
}

TEST(EnrolmentQrPublicUrlTest, APublicUrlNamesTheServerWhateverTheHost) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  ASSERT_TRUE(server.start(true, {"--public-url", "wss://tally.example.vn:8443"}))
      << read_file(server.file("serve.log"));
  const json::object reply =
      make_code(tally::http::ApiTarget{server.url(), server.operator_token(), server.ca_file()});
  expect_scannable(reply, "wss://tally.example.vn:8443/sync");
  EXPECT_NE(std::string(reply.at("enrol_uri").as_string())
                .find("server=wss%3A%2F%2Ftally.example.vn%3A8443%2Fsync&"),
            std::string::npos)
      << reply;
}

TEST(EnrolmentQrPublicUrlTest, WithTlsAndNoPublicUrlTheServerIsWss) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  ASSERT_TRUE(server.start(true)) << read_file(server.file("serve.log"));
  const json::object reply =
      make_code(tally::http::ApiTarget{server.url(), server.operator_token(), server.ca_file()});
  expect_scannable(reply, server.sync_url());
  EXPECT_TRUE(server.sync_url().starts_with("wss://"));
}

TEST(EnrolmentQrPublicUrlTest, ABadPublicUrlExitsTwoNamingIt) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  std::string errors;
  EXPECT_EQ(run_tallyd({"serve", "--data", server.data_dir(), "--plain", "--public-url",
                        "https://tally.example.vn"},
                       nullptr, &errors),
            2);
  EXPECT_NE(errors.find("E1101"), std::string::npos) << errors;
  EXPECT_NE(errors.find("https://tally.example.vn"), std::string::npos) << errors;
}

}  // namespace
}  // namespace tally::testkit
