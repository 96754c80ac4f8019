// Graceful shutdown of the real tallyd on SIGTERM: the uploads it already took are
// committed and acked, devices are told "going away" (close code 1001), it exits 0, and
// a restart has every acked op.
#include <signal.h>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

using ShutdownTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};
constexpr unsigned kGoingAway = 1001;

TEST_F(ShutdownTest, UploadsInFlightAreAckedDevicesAreToldGoingAwayAndRestartKeepsThem) {
  auto device = connected_device("TN-0001");
  auto bystander = connected_device("TN-0002");
  // Many batches on the wire at once: SIGTERM arrives while the server holds some of them.
  constexpr int kBatches = 10;
  constexpr int kOpsPerBatch = 200;
  for (int batch = 0; batch < kBatches; ++batch) {
    std::vector<engine::Op> ops;
    for (int i = 0; i < kOpsPerBatch; ++i) {
      ops.push_back(device->set_op(kForm, "voted", engine::Count{i}));
    }
    ASSERT_TRUE(device->send(engine::UploadBatchMessage{std::move(ops)}).ok());
  }
  auto first = device->receive_a<engine::AckMessage>();
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_EQ(::kill(server_.pid(), SIGTERM), 0);

  // Acks keep coming for what the server took; then an Error for a batch it refused
  // while stopping (transient: retry later), if any; then the close.
  std::uint64_t acked = first->acked_counter;
  int acks_after_signal = 0;
  while (true) {
    auto message = device->receive();
    if (!message) break;
    if (const auto* ack = std::get_if<engine::AckMessage>(&*message)) {
      acked = ack->acked_counter;
      ++acks_after_signal;
    } else if (const auto* error = std::get_if<engine::ErrorMessage>(&*message)) {
      EXPECT_TRUE(error->transient) << error->message;
    }
  }
  EXPECT_EQ(device->connection()->close_code(), kGoingAway);
  while (bystander->receive().ok()) {
  }
  EXPECT_EQ(bystander->connection()->close_code(), kGoingAway);
  EXPECT_EQ(server_.stop(), 0) << "tallyd's exit status after SIGTERM";
  RecordProperty("acks_after_sigterm", acks_after_signal);
  EXPECT_GE(acks_after_signal, 1) << "the batches already sent were in flight at SIGTERM";

  ASSERT_TRUE(server_.start());
  device->disconnect();
  device->set_port(server_.port());
  auto welcome = device->hello();
  ASSERT_TRUE(welcome.ok()) << welcome.error().to_string();
  EXPECT_EQ(welcome->acked_counter, acked) << "every committed batch was acked before the close";
  EXPECT_EQ(welcome->acked_counter % kOpsPerBatch, 0u) << "a batch is committed whole or not";
  const std::string log = read_file(server_.file("serve.log"));
  EXPECT_NE(log.find("\"event\":\"shutting_down\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"event\":\"stopped\""), std::string::npos) << log;
}

}  // namespace
}  // namespace tally::testkit
