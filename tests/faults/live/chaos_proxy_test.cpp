// The chaos proxy between a plain TCP client and a plain TCP server on loopback: bytes
// pass unchanged both ways, latency and the bandwidth cap slow them as set, a cut closes
// a connection in the middle of a chunk, a reset is an RST, and a partition resets open
// connections and refuses new ones until it heals.
#include "chaos_proxy.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

namespace tally::faults {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A socket closed on scope exit.
class Socket {
 public:
  explicit Socket(int fd = -1) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in loopback(unsigned short port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

void set_timeout(int fd) {
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

// A listening socket on an ephemeral loopback port.
Socket listen_any(unsigned short& port) {
  Socket socket(::socket(AF_INET, SOCK_STREAM, 0));
  auto address = loopback(0);
  ::bind(socket.fd(), static_cast<sockaddr*>(static_cast<void*>(&address)), sizeof address);
  ::listen(socket.fd(), 16);
  socklen_t length = sizeof address;
  ::getsockname(socket.fd(), static_cast<sockaddr*>(static_cast<void*>(&address)), &length);
  port = ntohs(address.sin_port);
  return socket;
}

Socket connect_to(unsigned short port) {
  Socket socket(::socket(AF_INET, SOCK_STREAM, 0));
  auto address = loopback(port);
  ::connect(socket.fd(), static_cast<sockaddr*>(static_cast<void*>(&address)), sizeof address);
  set_timeout(socket.fd());
  return socket;
}

Socket accept_from(const Socket& listener) {
  Socket socket(::accept(listener.fd(), nullptr, nullptr));
  set_timeout(socket.fd());
  return socket;
}

void send_all(const Socket& socket, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(socket.fd(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

// Reads until `limit` bytes, end of stream or an error; `error` gets errno (0 at EOF).
std::string receive(const Socket& socket, std::size_t limit, int* error = nullptr) {
  std::string bytes;
  char buffer[8192];
  while (bytes.size() < limit) {
    const auto n = ::recv(socket.fd(), buffer, sizeof buffer, 0);
    if (n <= 0) {
      if (error != nullptr) *error = n == 0 ? 0 : errno;
      break;
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  return bytes;
}

std::string pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  return bytes;
}

class ChaosProxyTest : public ::testing::Test {
 protected:
  void start(const LinkFaults& upstream, const LinkFaults& downstream) {
    ProxyOptions options;
    options.target_port = target_port_;
    options.upstream = upstream;
    options.downstream = downstream;
    auto proxy = ChaosProxy::start(options);
    ASSERT_TRUE(proxy.ok()) << proxy.error().to_string();
    proxy_ = std::move(proxy).value();
  }

  unsigned short target_port_ = 0;
  Socket listener_ = listen_any(target_port_);
  std::unique_ptr<ChaosProxy> proxy_;
};

TEST_F(ChaosProxyTest, BytesPassUnchangedBothWaysDelayedByLatencyAndBandwidthCap) {
  LinkFaults up;
  up.bytes_per_second = 400'000;
  LinkFaults down;
  down.latency = milliseconds(150);
  start(up, down);
  const auto started = Clock::now();
  Socket client = connect_to(proxy_->port());
  Socket server = accept_from(listener_);
  const std::string request = pattern(100'000);
  send_all(client, request);
  EXPECT_EQ(receive(server, request.size()), request);
  const auto upload = Clock::now() - started;
  EXPECT_GE(upload, milliseconds(200));  // 100 kB at 400 kB/s: 250 ms
  const std::string reply = pattern(3000);
  send_all(server, reply);
  const auto replied = Clock::now();
  EXPECT_EQ(receive(client, reply.size()), reply);
  EXPECT_GE(Clock::now() - replied, milliseconds(140));
  // The proxy counts a chunk once its write completes, which may be just after it arrived.
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  while (proxy_->figures().bytes_down < reply.size() && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_EQ(proxy_->figures().bytes_up, request.size());
  EXPECT_EQ(proxy_->figures().bytes_down, reply.size());
}

TEST_F(ChaosProxyTest, ACutForwardsPartOfAChunkAndClosesTheConnection) {
  LinkFaults up;
  up.cut_chance = 1;
  start(up, LinkFaults{});
  Socket client = connect_to(proxy_->port());
  Socket server = accept_from(listener_);
  send_all(client, pattern(1000));
  int error = -1;
  const std::string got = receive(server, 1000, &error);
  EXPECT_LT(got.size(), 1000u);
  EXPECT_EQ(got, pattern(1000).substr(0, got.size()));
  EXPECT_EQ(error, 0);  // an orderly close in the middle of the data
  EXPECT_EQ(proxy_->figures().cuts, 1u);
}

TEST_F(ChaosProxyTest, AResetReachesBothEndsAsAnError) {
  LinkFaults down;
  down.reset_chance = 1;
  start(LinkFaults{}, down);
  Socket client = connect_to(proxy_->port());
  Socket server = accept_from(listener_);
  send_all(server, "reply");
  int error = 0;
  EXPECT_EQ(receive(client, 5, &error), "");
  EXPECT_EQ(error, ECONNRESET);
  EXPECT_EQ(proxy_->figures().resets, 1u);
}

TEST_F(ChaosProxyTest, APartitionResetsOpenConnectionsAndRefusesNewOnesUntilHealed) {
  start(LinkFaults{}, LinkFaults{});
  Socket client = connect_to(proxy_->port());
  Socket server = accept_from(listener_);
  send_all(client, "before");
  EXPECT_EQ(receive(server, 6), "before");
  proxy_->partition();
  int error = 0;
  EXPECT_EQ(receive(client, 1, &error), "");
  EXPECT_EQ(error, ECONNRESET);
  Socket during = connect_to(proxy_->port());
  EXPECT_EQ(receive(during, 1, &error), "");  // accepted, then reset at once
  EXPECT_EQ(proxy_->figures().refused, 1u);

  proxy_->heal();
  Socket after = connect_to(proxy_->port());
  Socket served = accept_from(listener_);
  send_all(after, "after");
  EXPECT_EQ(receive(served, 5), "after");
}

}  // namespace
}  // namespace tally::faults
