#include "tally/engine/hlc.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace tally::engine {
namespace {

constexpr std::uint64_t kHourMs = 3'600'000;
constexpr std::uint64_t kNoon = 1'621'771'200'000;  // 2021-05-23 12:00 UTC

TEST(HlcTest, LocalEventsFollowTheWallClock) {
  Hlc first = hlc_now(Hlc{}, kNoon);
  EXPECT_EQ(first, (Hlc{kNoon, 0}));
  EXPECT_EQ(hlc_now(first, kNoon + 5), (Hlc{kNoon + 5, 0}));
}

TEST(HlcTest, EventsInTheSameMillisecondCountLogically) {
  Hlc a = hlc_now(Hlc{}, kNoon);
  Hlc b = hlc_now(a, kNoon);
  Hlc c = hlc_now(b, kNoon);
  EXPECT_EQ(b, (Hlc{kNoon, 1}));
  EXPECT_EQ(c, (Hlc{kNoon, 2}));
}

TEST(HlcTest, WallClockJumpingBackDoesNotRunHistoryBackwards) {
  Hlc a = hlc_now(Hlc{}, kNoon);
  Hlc b = hlc_now(a, kNoon - 2 * kHourMs);
  EXPECT_GT(b, a);
  EXPECT_EQ(b.physical_ms, kNoon);
}

TEST(HlcTest, ObservingAClockHoursAheadPullsTheStampForward) {
  const Hlc remote{kNoon + 5 * kHourMs, 3};
  Hlc local = hlc_observe(Hlc{kNoon, 0}, remote, kNoon + 10);
  EXPECT_EQ(local, (Hlc{kNoon + 5 * kHourMs, 4}));
  // Until the wall clock catches up, local events count logically after the remote one.
  Hlc next = hlc_now(local, kNoon + 20);
  EXPECT_EQ(next, (Hlc{kNoon + 5 * kHourMs, 5}));
  EXPECT_EQ(hlc_skew_ms(remote, kNoon + 10), static_cast<std::int64_t>(5 * kHourMs - 10));
}

TEST(HlcTest, ObservingAClockHoursBehindKeepsTheLocalWallClock) {
  const Hlc remote{kNoon - 3 * kHourMs, 7};
  Hlc local = hlc_observe(Hlc{kNoon - 1000, 2}, remote, kNoon);
  EXPECT_EQ(local, (Hlc{kNoon, 0}));
  EXPECT_GT(local, remote);
  EXPECT_EQ(hlc_skew_ms(remote, kNoon), -static_cast<std::int64_t>(3 * kHourMs));
}

TEST(HlcTest, ObservingAnEqualPhysicalTimeTakesTheLargerCounter) {
  EXPECT_EQ(hlc_observe(Hlc{kNoon, 2}, Hlc{kNoon, 9}, kNoon - 1), (Hlc{kNoon, 10}));
  EXPECT_EQ(hlc_observe(Hlc{kNoon, 9}, Hlc{kNoon, 2}, kNoon - 1), (Hlc{kNoon, 10}));
}

TEST(HlcTest, ResultIsGreaterThanBothInputsForADeviceHoursOff) {
  // A device 4 hours behind talks to a server on time: after each exchange both stamps
  // still move strictly forward, and the server's stamps stay near the true time.
  Hlc device{};
  Hlc server{};
  for (std::uint64_t step = 0; step < 50; ++step) {
    const std::uint64_t truth = kNoon + step * 1000;
    Hlc sent = hlc_now(device, truth - 4 * kHourMs);
    EXPECT_GT(sent, device);
    Hlc received = hlc_observe(server, sent, truth);
    EXPECT_GT(received, server);
    EXPECT_GT(received, sent);
    EXPECT_EQ(received.physical_ms, truth);
    Hlc back = hlc_observe(sent, received, truth - 4 * kHourMs);
    EXPECT_GT(back, received);
    device = back;
    server = received;
  }
}

TEST(HlcTest, LogicalCounterOverflowMovesToTheNextMillisecond) {
  const Hlc full{kNoon, 0xffffffffU};
  EXPECT_EQ(hlc_now(full, kNoon), (Hlc{kNoon + 1, 0}));
}

TEST(HlcTest, SkewSaturatesInsteadOfOverflowing) {
  EXPECT_EQ(hlc_skew_ms(Hlc{0xffffffffffffffffULL, 0}, 0),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(hlc_skew_ms(Hlc{0, 0}, 0xffffffffffffffffULL),
            std::numeric_limits<std::int64_t>::min());
}

}  // namespace
}  // namespace tally::engine
