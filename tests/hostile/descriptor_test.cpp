// Descriptor exhaustion (issue 14, finding 1): connections that outnumber the descriptors
// tallyd may open. The accept loop pauses instead of spinning, the connections it has keep
// syncing, and it accepts again by itself once descriptors are free; a --max-connections
// that cannot fit the descriptor limit is refused at start.
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "hostile_fixture.hpp"

namespace tally::testkit {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::size_t count_lines(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::size_t open_descriptors(pid_t pid) {
  const auto fds = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd");
  return static_cast<std::size_t>(std::distance(fds, std::filesystem::directory_iterator{}));
}

// Sets the soft descriptor limit of the running `pid` (prlimit(2), as `prlimit --pid`).
bool set_soft_descriptor_limit(pid_t pid, rlim_t soft) {
  rlimit limit{};
  if (::prlimit(pid, RLIMIT_NOFILE, nullptr, &limit) != 0) return false;
  limit.rlim_cur = soft;
  return ::prlimit(pid, RLIMIT_NOFILE, &limit, nullptr) == 0;
}

// Waits until `predicate` holds; false at the hang deadline.
template <typename Predicate>
bool eventually(Predicate predicate) {
  const auto deadline = Clock::now() + kHangDeadline;
  while (!predicate()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

class DescriptorExhaustionTest : public HostileTest {
 protected:
  DescriptorExhaustionTest() { handshake_timeout_seconds_ = 60; }  // the flood stays open
};

TEST_F(DescriptorExhaustionTest, AcceptLoopPausesServesWhatItHasAndResumesByItself) {
  const pid_t pid = server_.pid();
  rlimit before{};
  ASSERT_EQ(::prlimit(pid, RLIMIT_NOFILE, nullptr, &before), 0);
  // A few descriptors above what tallyd holds now: the flood below runs it out.
  ASSERT_TRUE(set_soft_descriptor_limit(pid, open_descriptors(pid) + 20));
  std::vector<RawConnection> flood;
  for (int i = 0; i < 200; ++i) {
    flood.emplace_back(server_.port(), "127.0.0." + std::to_string(2 + i % 4));
    ASSERT_TRUE(flood.back().ok()) << "connection " << i;
  }
  ASSERT_TRUE(eventually([&] {
    return server_log().find("\"accept_paused\"") != std::string::npos;
  })) << server_log();
  // Served while out of descriptors: the good devices' connections were open before.
  expect_good_devices_sync();
  // One line for the pause, not one per failed accept (a million in 10 s before).
  const std::string log = server_log();
  EXPECT_EQ(count_lines(log, "\"accept_paused\""), 1u);
  EXPECT_EQ(count_lines(log, "\"accept_failed\""), 0u);

  flood.clear();  // tallyd closes its ends as it sees them go, and accepts again
  ASSERT_TRUE(set_soft_descriptor_limit(pid, before.rlim_cur));
  ASSERT_TRUE(
      eventually([&] { return server_log().find("\"accept_resumed\"") != std::string::npos; }));
  EXPECT_GE(metric("tally_accept_pauses_total"), 1.0);
}

TEST(DescriptorLimitTest, MaxConnectionsAboveTheDescriptorLimitIsRefusedAtStart) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  EXPECT_FALSE(server.start(false, {"--max-connections", "1000000000"}));
  const std::string log = read_file(server.file("serve.log"));
  EXPECT_NE(log.find("E1101 --max-connections 1000000000 does not fit the descriptor limit"),
            std::string::npos)
      << log;
}

}  // namespace
}  // namespace tally::testkit
