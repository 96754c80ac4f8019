// What survives a crash (kill -9) and a graceful stop, with the real tallyd.
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

using DurabilityTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};

TEST_F(DurabilityTest, KillNineAfterAnAckLosesNothingAcked) {
  auto device = connected_device("TN-0001");
  engine::AckMessage last;
  for (int batch = 0; batch < 5; ++batch) {
    std::vector<engine::Op> ops;
    for (int i = 0; i < 20; ++i) ops.push_back(device->set_op(kForm, "voted", engine::Count{i}));
    auto ack = device->upload(std::move(ops));
    ASSERT_TRUE(ack.ok()) << ack.error().to_string();
    last = *ack;
  }
  server_.kill_hard();
  ASSERT_TRUE(server_.start());

  device->disconnect();
  device->set_port(server_.port());
  auto welcome = device->hello();
  ASSERT_TRUE(welcome.ok()) << welcome.error().to_string();
  EXPECT_EQ(welcome->acked_counter, 100u);
  EXPECT_EQ(welcome->log_index, last.log_index);
  EXPECT_EQ(welcome->audit_head, last.audit_head);
}

TEST_F(DurabilityTest, GracefulStopExitsCleanlyAndKeepsTheLog) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{810})});
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(server_.stop(), 0);
  ASSERT_TRUE(server_.start());
  device->disconnect();
  device->set_port(server_.port());
  auto welcome = device->hello();
  ASSERT_TRUE(welcome.ok());
  EXPECT_EQ(welcome->acked_counter, 1u);
}

}  // namespace
}  // namespace tally::testkit
