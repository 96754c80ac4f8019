// Hostile use of resources: the per-device rate, silent and trickling connections,
// thousands of connections from one address, and a device that never reads its pushes.
#include <algorithm>
#include <thread>

#include "hostile_fixture.hpp"

namespace tally::testkit {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// `count` set ops of `device` on the attack form, each a different note. Each note covers
// the device's earlier ops, as an edit of a field the device already wrote does, so the
// field keeps one value: the load is on the connections, not on one ever-growing form.
std::vector<engine::Op> notes(TestDevice& device, int count, std::size_t length = 8) {
  std::vector<engine::Op> ops;
  for (int i = 0; i < count; ++i) {
    std::string text(length, 'n');
    text.replace(0, std::min(length, std::to_string(i).size()), std::to_string(i));
    auto op = device.set_op(kAttackForm, "notes", text);
    op.context = engine::DotSet::from_devices({{device.id(), {op.dot.counter - 1, {}}}});
    ops.push_back(std::move(op));
  }
  return ops;
}

class RateLimitTest : public HostileTest {
 protected:
  RateLimitTest() {
    more_flags_ = {"--max-ops-per-second-per-device",
                   "100",
                   "--rate-burst-ops",
                   "200",
                   "--max-batch-ops",
                   "200"};
  }
};

TEST_F(RateLimitTest, DeviceOverItsRateIsToldToRetryLaterAndItsBatchIsNotStored) {
  auto eager = connected_device(kAttackForm.station_id);
  const auto burst = notes(*eager, 200);
  auto ack = eager->upload(burst);
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  expect_also_stored(burst);

  const auto more = notes(*eager, 100);
  ASSERT_TRUE(eager->send(engine::UploadBatchMessage{more}).ok());
  engine::ErrorMessage error;
  expect_refused(*eager, ErrorCode::kRateLimited, kCloseTryLater, &error);
  EXPECT_TRUE(error.transient);
  EXPECT_NE(error.message.find("retry in"), std::string::npos) << error.message;
  EXPECT_EQ(metric("tally_errors_total{code=\"1001\"}"), 1);

  // Refused, not lost: once its bucket has refilled, the device sends the batch again.
  std::this_thread::sleep_for(milliseconds(1100));
  auto welcome = eager->hello();
  ASSERT_TRUE(welcome.ok()) << welcome.error().to_string();
  EXPECT_EQ(welcome->acked_counter, 200u);
  auto retry = eager->upload(more);
  ASSERT_TRUE(retry.ok()) << retry.error().to_string();
  EXPECT_EQ(retry->acked_counter, 300u);
  expect_also_stored(more);
}

using SlowlorisTest = HostileTest;

TEST_F(SlowlorisTest, SilenceAfterTheUpgradeIsClosedAfterTheHandshakeTimeout) {
  const auto start = Clock::now();
  auto connection = raw_websocket();
  expect_refused(connection, ErrorCode::kTimeout);
  EXPECT_GE(Clock::now() - start, milliseconds(900));
}

TEST_F(SlowlorisTest, ConnectionThatSendsNothingIsClosedAfterTheHandshakeTimeout) {
  const auto start = Clock::now();
  RawConnection connection(server_.port());
  ASSERT_TRUE(connection.ok());
  EXPECT_TRUE(connection.wait_closed(kHangDeadline));
  EXPECT_GE(Clock::now() - start, milliseconds(900));
}

TEST_F(SlowlorisTest, HttpHeaderTrickledByteByByteIsCutAtTheRequestTimeout) {
  RawConnection connection(server_.port());
  ASSERT_TRUE(connection.ok());
  const std::string request = "GET /api/v1/tally HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ";
  const auto start = Clock::now();
  bool closed = false;
  for (std::size_t i = 0; !closed && Clock::now() - start < seconds(8); ++i) {
    connection.send(std::string(1, i < request.size() ? request[i] : 'a'));
    closed = connection.wait_closed(milliseconds(200));
  }
  EXPECT_TRUE(closed) << "a request trickled for 8 s is still being read";
  EXPECT_LT(Clock::now() - start, seconds(5));  // --http-timeout-seconds 2, with slack
}

class IdleTimeoutTest : public HostileTest {
 protected:
  IdleTimeoutTest() { more_flags_ = {"--idle-timeout-seconds", "2"}; }
};

TEST_F(IdleTimeoutTest, DeviceSilentAfterHelloIsClosedWhileOthersKeepSyncing) {
  auto device = enrolled_device(kAttackForm.station_id);
  std::string challenge;
  auto connection = raw_websocket(&challenge);
  ASSERT_TRUE(connection.send_frame(0x2, hello_frame(*device, challenge)));
  const auto start = Clock::now();
  bool closed = false;
  // The attacker never answers the server's pings; the good devices sync meanwhile
  // (which also answers their pings).
  while (!closed && Clock::now() - start < seconds(8)) {
    expect_good_devices_sync();
    closed = connection.wait_closed(milliseconds(250));
  }
  EXPECT_TRUE(closed);
  EXPECT_GE(Clock::now() - start, milliseconds(1500));
}

class AddressFloodTest : public HostileTest {
 protected:
  AddressFloodTest() {
    more_flags_ = {"--max-connections-per-address", "20"};
    handshake_timeout_seconds_ = 30;  // the admitted flood connections stay open
  }
};

TEST_F(AddressFloodTest, ThousandsOfConnectionsFromOneAddressAreCappedAndOthersKeepSyncing) {
  constexpr std::size_t kFlood = 2000;
  constexpr std::size_t kCap = 20;
  std::vector<RawConnection> flood;
  flood.reserve(kFlood);
  for (std::size_t i = 0; i < kFlood; ++i) {
    flood.emplace_back(server_.port(), "127.0.0.2");
    ASSERT_TRUE(flood.back().ok()) << "connection " << i;
  }
  std::size_t closed = 0;
  const auto deadline = Clock::now() + seconds(15);
  while (Clock::now() < deadline) {
    closed = 0;
    for (auto& connection : flood) closed += connection.wait_closed(milliseconds(0)) ? 1U : 0U;
    if (closed >= kFlood - kCap) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_EQ(closed, kFlood - kCap);
  EXPECT_EQ(metric("tally_errors_total{code=\"1002\"}"), static_cast<double>(kFlood - kCap));
  expect_good_devices_sync();  // from 127.0.0.1, during the flood

  // The address gets its places back once its connections are gone.
  flood.clear();
  bool upgraded = false;
  for (int attempt = 0; attempt < 50 && !upgraded; ++attempt) {
    RawConnection again(server_.port(), "127.0.0.2");
    upgraded = again.ok() && again.upgrade();
    if (!upgraded) std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_TRUE(upgraded);
}

class SlowReaderTest : public HostileTest {
 protected:
  SlowReaderTest() {
    more_flags_ = {"--max-queued-frames", "4", "--max-ops-per-second-per-device", "0"};
  }
};

TEST_F(SlowReaderTest, DeviceThatNeverReadsItsPushesIsDroppedNotBuffered) {
  auto sleeper = connected_device("", "supervisor");
  ASSERT_TRUE(sleeper->send(engine::DownloadRequestMessage{0}).ok());
  while (true) {
    auto page = sleeper->receive_a<engine::PushedOpsMessage>();
    ASSERT_TRUE(page.ok()) << page.error().to_string();
    if (page->up_to_date) break;
  }

  // ~12 MB of pushes for the sleeper, far more than its socket buffers and the
  // 4 queued frames hold. What the server holds for its peers is never more than each
  // connection's 4 frames of at most a frame's limit (the gauge, read after every batch).
  constexpr double kQueueBoundBytes = 4.0 * 1024 * 1024 * 2;  // sleeper + writer
  double most_queued = 0;
  auto writer = connected_device(kAttackForm.station_id);
  for (int batch = 0; batch < 60; ++batch) {
    const auto ops = notes(*writer, 100, 2000);
    auto ack = writer->upload(ops);
    ASSERT_TRUE(ack.ok()) << ack.error().to_string();
    expect_also_stored(ops);
    most_queued = std::max(most_queued, metric("tally_outbound_queued_bytes"));
  }
  EXPECT_EQ(metric("tally_slow_consumers_dropped_total"), 1);
  EXPECT_EQ(metric("tally_errors_total{code=\"1003\"}"), 1);
  EXPECT_GT(most_queued, 0) << "the gauge never saw the sleeper's queue";
  EXPECT_LE(most_queued, kQueueBoundBytes) << "the server buffered what the sleeper did not read";

  // The sleeper finds the pushes its socket held, then the end of the connection.
  Result<engine::Message> message = engine::Message{};
  do {
    message = sleeper->receive(kHangDeadline);
  } while (message.ok());
  EXPECT_EQ(message.error().code, ErrorCode::kConnectionLost);
}

}  // namespace
}  // namespace tally::testkit
