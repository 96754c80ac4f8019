// tallyd's default mode: wss and https with the certificate made by `tallyd init`.
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

class TlsTest : public ServerFixture {
 protected:
  TlsTest() { tls_ = true; }
};

TEST_F(TlsTest, DeviceSyncsOverWssTrustingTheDataDirCertificate) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op({"TN-0001", "NA-01"}, "voted", engine::Count{9})});
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  EXPECT_EQ(ack->acked_counter, 1u);
}

}  // namespace
}  // namespace tally::testkit
