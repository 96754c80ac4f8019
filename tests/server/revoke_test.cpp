// `tallyd revoke` against the real tallyd: the device is cut off at once and for good,
// and what it sent stays.
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
using RevokeTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};

// Reads until an Error arrives; its code, or kOk if the connection ended without one.
ErrorCode next_error_code(TestDevice& device) {
  while (true) {
    auto message = device.receive();
    if (!message) return ErrorCode::kOk;
    if (const auto* error = std::get_if<engine::ErrorMessage>(&*message)) return error->code;
  }
}

TEST_F(RevokeTest, RevokedDeviceIsClosedAndRefusedButItsOpsStay) {
  auto device = connected_device("TN-0001");
  ASSERT_TRUE(device->upload({device->set_op(kForm, "voted", engine::Count{810})}).ok());

  std::string output;
  std::string errors;
  ASSERT_EQ(server_.run("revoke", {device->id()}, &output, &errors), 0) << errors;
  EXPECT_NE(output.find("revoked " + device->id()), std::string::npos) << output;

  EXPECT_EQ(next_error_code(*device), ErrorCode::kDeviceRevoked);
  device->disconnect();
  auto refused = device->hello();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kDeviceRevoked) << refused.error().to_string();

  // Stored: still revoked after a restart, and its op is still in the log.
  device->disconnect();
  EXPECT_EQ(server_.stop(), 0);
  ASSERT_TRUE(server_.start());
  device->disconnect();
  device->set_port(server_.port());
  auto after_restart = device->hello();
  ASSERT_FALSE(after_restart.ok());
  EXPECT_EQ(after_restart.error().code, ErrorCode::kDeviceRevoked);
  auto auditor = connected_device("", "auditor");
  ASSERT_TRUE(auditor->send(engine::DownloadRequestMessage{0}).ok());
  auto page = auditor->receive_a<engine::PushedOpsMessage>();
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries.front().op.dot.device, device->id());

  ASSERT_EQ(server_.run("devices", {}, &output), 0);
  EXPECT_NE(output.find(device->id()), std::string::npos);
  EXPECT_NE(output.find("(revoked)"), std::string::npos) << output;
}

TEST_F(RevokeTest, RevokingAnUnknownDeviceFailsWithItsCode) {
  std::string errors;
  EXPECT_EQ(server_.run("revoke", {"dev-0000000000000000"}, nullptr, &errors), 1);
  EXPECT_NE(errors.find("E701"), std::string::npos) << errors;
  EXPECT_EQ(server_.run("revoke", {}, nullptr, &errors), 2) << "the device id is required";
}

TEST_F(RevokeTest, OnlyTheOperatorMayRevoke) {
  auto device = enrolled_device("TN-0001");
  const std::string auditor = read_file(server_.file("auditor.token"));
  auto response =
      tally::http::api_call(api(auditor.substr(0, auditor.find('\n'))), http::verb::post,
                            "/api/v1/devices/" + device->id() + "/revoke");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 403u);
  EXPECT_TRUE(device->hello().ok());
}

}  // namespace
}  // namespace tally::testkit
