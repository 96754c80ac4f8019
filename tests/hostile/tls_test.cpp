// Hostile TLS: a device that is shown another server's certificate refuses it before
// sending anything, and a plain connection to the TLS port is dropped.
#include "hostile_fixture.hpp"

namespace tally::testkit {
namespace {

class TlsTest : public HostileTest {
 protected:
  TlsTest() { tls_ = true; }
};

TEST_F(TlsTest, DeviceTrustingAnotherCertificateRefusesTheServerAndSendsNothing) {
  TallydProcess impostor;  // another data directory: another certificate
  ASSERT_TRUE(impostor.initialised());
  const std::string code = new_code(kAttackForm.station_id);
  const auto opened_before = metric("tally_connections");
  TestDevice device("127.0.0.1", server_.port(), impostor.ca_file());
  auto enrolled = device.enrol(code);
  ASSERT_FALSE(enrolled.ok());
  EXPECT_EQ(enrolled.error().code, ErrorCode::kTlsError);
  // The device stopped at the TLS handshake: no WebSocket session was opened, and the
  // code it would have sent is still unused.
  EXPECT_EQ(metric("tally_connections"), opened_before);
  TestDevice genuine("127.0.0.1", server_.port(), server_.ca_file());
  EXPECT_TRUE(genuine.enrol(code).ok());
}

TEST_F(TlsTest, PlainConnectionToTheTlsPortIsDropped) {
  auto connection = connect_ws("127.0.0.1", server_.port());
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code, ErrorCode::kConnectionFailed);
}

}  // namespace
}  // namespace tally::testkit
