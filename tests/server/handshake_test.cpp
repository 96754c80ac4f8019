// The handshake over a real socket: an enrolled officer's Welcome. Refused handshakes
// are hostile cases (tests/hostile/handshake_test.cpp).
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

using HandshakeTest = ServerFixture;

TEST_F(HandshakeTest, EnrolledOfficerIsWelcomedWithItsStationAndReferenceData) {
  auto device = enrolled_device("TN-0001");
  auto welcome = device->hello();
  ASSERT_TRUE(welcome.ok()) << welcome.error().to_string();
  EXPECT_EQ(welcome->role, engine::Role::kOfficer);
  EXPECT_EQ(welcome->station_id, "TN-0001");
  EXPECT_EQ(welcome->acked_counter, 0u);
  EXPECT_NE(welcome->election_json.find("mini-2021"), std::string::npos);
  EXPECT_NE(welcome->form_schema_json.find("station-count/1"), std::string::npos);
}

}  // namespace
}  // namespace tally::testkit
