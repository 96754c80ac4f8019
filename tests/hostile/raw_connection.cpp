#include "raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <utility>

namespace tally::testkit {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array<std::uint8_t, 4> kMask{0x5a, 0xc3, 0x19, 0x7e};

}  // namespace

RawConnection::RawConnection(unsigned short port, const std::string& source, int receive_buffer) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  if (receive_buffer > 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<const sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(other.fd_), pending_(std::move(other.pending_)) {
  other.fd_ = -1;
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool RawConnection::wait_readable(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  pollfd entry{fd_, POLLIN, 0};
  return ::poll(&entry, 1, static_cast<int>(std::max<long long>(0, left))) > 0;
}

std::string RawConnection::receive_some(std::chrono::milliseconds timeout) {
  if (!pending_.empty()) return std::exchange(pending_, {});
  if (!wait_readable(Clock::now() + timeout)) return {};
  std::array<char, 65536> buffer{};
  const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
  if (n <= 0) return {};
  return std::string(buffer.data(), static_cast<std::size_t>(n));
}

bool RawConnection::wait_closed(std::chrono::milliseconds timeout) {
  pending_.clear();
  const auto deadline = Clock::now() + timeout;
  std::array<char, 65536> buffer{};
  while (wait_readable(deadline)) {
    const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n <= 0) return true;  // EOF or reset
  }
  return false;
}

std::optional<std::string> RawConnection::read_exact(std::size_t size, Clock::time_point deadline) {
  std::array<char, 65536> buffer{};
  while (pending_.size() < size) {
    if (!wait_readable(deadline)) return std::nullopt;
    const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n <= 0) return std::nullopt;
    pending_.append(buffer.data(), static_cast<std::size_t>(n));
  }
  std::string out = pending_.substr(0, size);
  pending_.erase(0, size);
  return out;
}

bool RawConnection::upgrade() {
  const std::string request =
      "GET /sync HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  if (!send(request)) return false;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  std::string head;
  while (head.find("\r\n\r\n") == std::string::npos) {
    auto byte = read_exact(1, deadline);
    if (!byte) return false;
    head += *byte;
  }
  return head.rfind("HTTP/1.1 101", 0) == 0;
}

bool RawConnection::send_frame(std::uint8_t opcode, const std::string& payload, bool fin,
                               std::optional<std::uint64_t> announced_length) {
  const std::uint64_t length = announced_length.value_or(payload.size());
  std::string frame;
  frame += static_cast<char>((fin ? 0x80 : 0x00) | opcode);
  if (length < 126) {
    frame += static_cast<char>(0x80 | length);
  } else if (length <= 0xffff) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((length >> 8) & 0xff);
    frame += static_cast<char>(length & 0xff);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame += static_cast<char>((length >> shift) & 0xff);
    }
  }
  for (const auto byte : kMask) frame += static_cast<char>(byte);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    frame += static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ kMask[i % kMask.size()]);
  }
  return send(frame);
}

std::optional<RawFrame> RawConnection::read_frame(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto frame = read_one_frame(deadline);
  // Beast fragments long messages: gather the continuation frames (control frames in
  // between are dropped: only pings and pongs can come there).
  while (frame && !frame->fin && (frame->opcode == 0x1 || frame->opcode == 0x2)) {
    auto next = read_one_frame(deadline);
    if (!next) return std::nullopt;
    if (next->opcode != 0x0) continue;
    frame->payload += next->payload;
    frame->fin = next->fin;
  }
  return frame;
}

std::optional<RawFrame> RawConnection::read_one_frame(Clock::time_point deadline) {
  auto head = read_exact(2, deadline);
  if (!head) return std::nullopt;
  RawFrame frame;
  const auto first = static_cast<std::uint8_t>((*head)[0]);
  frame.fin = (first & 0x80) != 0;
  frame.opcode = first & 0x0f;
  std::uint64_t length = static_cast<std::uint8_t>((*head)[1]) & 0x7f;
  if (length >= 126) {
    auto extended = read_exact(length == 126 ? 2 : 8, deadline);
    if (!extended) return std::nullopt;
    length = 0;
    for (const char byte : *extended) length = (length << 8) | static_cast<std::uint8_t>(byte);
  }
  auto payload = read_exact(static_cast<std::size_t>(length), deadline);
  if (!payload) return std::nullopt;
  frame.payload = std::move(*payload);
  return frame;
}

unsigned RawConnection::read_close_code(std::chrono::milliseconds timeout,
                                        std::string* last_binary) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    auto frame =
        read_frame(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    if (!frame) return 0;
    if (frame->opcode == 0x2 && last_binary != nullptr) *last_binary = frame->payload;
    if (frame->opcode == 0x8) {
      if (frame->payload.size() < 2) return 0;
      return (static_cast<unsigned>(static_cast<std::uint8_t>(frame->payload[0])) << 8) |
             static_cast<std::uint8_t>(frame->payload[1]);
    }
  }
  return 0;
}

}  // namespace tally::testkit
