// A device that never reads its pushes is dropped; the server's memory is not its buffer.
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

class SlowConsumerTest : public ServerFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.initialised());
    ASSERT_TRUE(server_.start(false, {"--max-queued-frames", "4"}));
  }
};

TEST_F(SlowConsumerTest, DeviceThatDoesNotReadItsPushesIsDroppedAndOthersKeepSyncing) {
  auto sleeper = connected_device("", "supervisor");
  ASSERT_TRUE(sleeper->send(engine::DownloadRequestMessage{0}).ok());
  auto caught_up = sleeper->receive_a<engine::PushedOpsMessage>();
  ASSERT_TRUE(caught_up.ok());
  ASSERT_TRUE(caught_up->up_to_date);

  // ~12 MB of pushes for the sleeper, far more than the socket buffers hold.
  auto writer = connected_device("TN-0001");
  const std::string long_note(2000, 'x');
  for (int batch = 0; batch < 60; ++batch) {
    std::vector<engine::Op> ops;
    for (int i = 0; i < 100; ++i) {
      ops.push_back(writer->set_op({"TN-0001", "NA-01"}, "notes", long_note));
    }
    auto ack = writer->upload(std::move(ops));
    ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  }
  auto metrics = api_call(api(""), boost::beast::http::verb::get, "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(metrics->body.find("tally_slow_consumers_dropped_total 1"), std::string::npos);
}

}  // namespace
}  // namespace tally::testkit
