// The HTTP endpoints and the operator commands against the real tallyd.
#include <boost/json.hpp>
#include <fstream>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
using HttpApiTest = ServerFixture;

TEST_F(HttpApiTest, HealthAndReadinessNeedNoToken) {
  auto health = api_call(api(""), http::verb::get, "/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200u);
  auto ready = api_call(api(""), http::verb::get, "/readyz");
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(ready->status, 200u);
}

TEST_F(HttpApiTest, AuditorTokenReadsButMayNotCreateCodes) {
  const std::string auditor = [&] {
    std::ifstream in(server_.file("auditor.token"));
    std::string token;
    in >> token;
    return token;
  }();
  auto progress = api_call(api(auditor), http::verb::get, "/api/v1/progress");
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->status, 200u);
  auto code = api_call(api(auditor), http::verb::post, "/api/v1/enrolment-codes",
                       R"({"role":"officer","station":"TN-0001"})");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->status, 403u);
}

TEST_F(HttpApiTest, EnrolmentCodeForAnUnknownStationIsRefused) {
  auto response = api_call(api(server_.operator_token()), http::verb::post,
                           "/api/v1/enrolment-codes", R"({"role":"officer","station":"XX-9"})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 400u);
}

TEST_F(HttpApiTest, ProgressCountsAcceptedForms) {
  auto device = connected_device("TN-0001");
  auto progress = api_call(api(server_.operator_token()), http::verb::get, "/api/v1/progress");
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress->status, 200u);
  const auto document = boost::json::parse(progress->body);
  EXPECT_EQ(document.at("stations_expected").as_int64(), 2);
  EXPECT_EQ(document.at("forms_expected").as_int64(), 6);
  EXPECT_EQ(document.at("forms_accepted").as_int64(), 0);
}

TEST_F(HttpApiTest, MetricsAreInPrometheusTextFormat) {
  auto device = connected_device("TN-0001");
  ASSERT_TRUE(
      device->upload({device->set_op({"TN-0001", "NA-01"}, "voted", engine::Count{1})}).ok());
  auto metrics = api_call(api(""), http::verb::get, "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(metrics->status, 200u);
  EXPECT_NE(
      metrics->body.find("# TYPE tally_ops_ingested_total counter\ntally_ops_ingested_total 1\n"),
      std::string::npos);
  EXPECT_NE(metrics->body.find("tally_connected_devices 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("tally_commit_duration_seconds_bucket{le=\"+Inf\"}"),
            std::string::npos);
}

TEST_F(HttpApiTest, UnknownPathIsQuotedAsValidJsonWhateverItsBytes) {
  // Found by the http_request fuzz target: a byte that is not UTF-8 was echoed raw.
  auto response = api_call(api(""), http::verb::get, "/ap\xe9/v1");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 404u);
  boost::json::error_code error;
  const auto document = boost::json::parse(response->body, error);
  ASSERT_FALSE(error) << response->body;
  EXPECT_EQ(document.at("error").at("message").as_string(), "no such endpoint: /ap%E9/v1");
}

TEST_F(HttpApiTest, EnrolCommandPrintsACodeADeviceCanUse) {
  std::string output;
  ASSERT_EQ(run_tallyd({"enrol", "--data", server_.data_dir(), "--station", "TN-0002"}, &output),
            0);
  while (!output.empty() && output.back() == '\n') output.pop_back();
  TestDevice device("127.0.0.1", server_.port());
  auto enrolled = device.enrol(output);
  ASSERT_TRUE(enrolled.ok()) << enrolled.error().to_string();
  EXPECT_EQ(enrolled->station_id, "TN-0002");
  std::string devices;
  ASSERT_EQ(run_tallyd({"devices", "--data", server_.data_dir()}, &devices), 0);
  EXPECT_NE(devices.find(enrolled->device_id), std::string::npos);
}

TEST(ServeOptionsTest, PlainIsRefusedOnANonLoopbackAddress) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  EXPECT_EQ(run_tallyd({"serve", "--data", server.data_dir(), "--listen", "0.0.0.0:0", "--plain"}),
            2);
}

}  // namespace
}  // namespace tally::testkit
