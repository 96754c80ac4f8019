// tallyd's log (stderr, DATA/serve.log in tests) is one JSON object per line with a
// level and an event; a refused Hello names the device and the error code.
#include <boost/json.hpp>
#include <sstream>

#include "server_fixture.hpp"
#include "tally/engine/signing.hpp"

namespace tally::testkit {
namespace {

namespace json = boost::json;
using StructuredLogTest = ServerFixture;

TEST_F(StructuredLogTest, FailedHelloIsOneJsonLineWithLevelEventDeviceAndCode) {
  auto connection = connect_ws("127.0.0.1", server_.port());
  ASSERT_TRUE(connection.ok()) << connection.error().to_string();
  auto frame = (*connection)->receive(std::chrono::seconds(5));
  ASSERT_TRUE(frame.ok());
  auto challenge = engine::decode(*frame);
  ASSERT_TRUE(challenge.ok());
  const auto& nonce = std::get<engine::ChallengeMessage>(*challenge);
  engine::Ed25519Seed seed{};
  seed.fill(7);
  auto key = engine::keypair_from_seed(seed);
  ASSERT_TRUE(key.ok());
  engine::HelloMessage hello;
  hello.device_id = "dev-ghost";
  hello.signature =
      key->sign(engine::hello_signing_bytes(nonce.server_id, nonce.nonce, hello.device_id)).value();
  ASSERT_TRUE((*connection)->send(engine::encode(hello)).ok());
  auto refusal = (*connection)->receive(std::chrono::seconds(5));
  ASSERT_TRUE(refusal.ok());
  auto decoded = engine::decode(*refusal);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(std::get<engine::ErrorMessage>(*decoded).code, ErrorCode::kUnknownDevice);
  connection->reset();
  EXPECT_EQ(server_.stop(), 0);

  std::istringstream log(read_file(server_.file("serve.log")));
  std::string line;
  int lines = 0;
  bool refusal_logged = false;
  while (std::getline(log, line)) {
    ++lines;
    json::error_code error;
    const json::value parsed = json::parse(line, error);
    ASSERT_FALSE(error) << "not JSON: " << line;
    const json::object* object = parsed.if_object();
    ASSERT_NE(object, nullptr) << line;
    ASSERT_TRUE(object->contains("level") && object->contains("event") && object->contains("ts_ms"))
        << line;
    if (object->at("event") == "session_refused") {
      EXPECT_EQ(object->at("level"), "warn");
      EXPECT_EQ(object->at("device"), "dev-ghost");
      EXPECT_EQ(object->at("code").to_number<int>(), 701);
      EXPECT_NE(object->at("message").as_string().find("dev-ghost"), json::string::npos);
      refusal_logged = true;
    }
  }
  EXPECT_GE(lines, 3);  // recovered, serving, ..., stopped
  EXPECT_TRUE(refusal_logged) << read_file(server_.file("serve.log"));
}

}  // namespace
}  // namespace tally::testkit
