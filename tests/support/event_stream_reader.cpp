#include "event_stream_reader.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "test_device.hpp"

namespace tally::testkit {

EventStreamReader::EventStreamReader(unsigned short port,
                                     std::optional<std::string> last_event_id) {
  socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket_ < 0) return;
  timeval deadline{};
  deadline.tv_sec = std::chrono::duration_cast<std::chrono::seconds>(kHangDeadline).count();
  ::setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, &deadline, sizeof deadline);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(socket_);
    socket_ = -1;
    return;
  }
  std::string request = "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  request += "Accept: text/event-stream\r\n";
  if (last_event_id) request += "Last-Event-ID: " + *last_event_id + "\r\n";
  request += "\r\n";
  static_cast<void>(::send(socket_, request.data(), request.size(), MSG_NOSIGNAL));
}

EventStreamReader::~EventStreamReader() {
  if (socket_ >= 0) ::close(socket_);
}

bool EventStreamReader::fill() {
  if (socket_ < 0) return false;
  std::array<char, 4096> chunk{};
  const ssize_t got = ::recv(socket_, chunk.data(), chunk.size(), 0);
  if (got <= 0) return false;
  buffer_.append(chunk.data(), static_cast<std::size_t>(got));
  return true;
}

std::string EventStreamReader::read_header() {
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return {};
  }
  std::string header = buffer_.substr(0, end + 2);
  buffer_.erase(0, end + 4);
  return header;
}

std::optional<EventStreamReader::Event> EventStreamReader::next_event() {
  std::size_t end;
  while ((end = buffer_.find("\n\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  const std::string block = buffer_.substr(0, end + 1);
  buffer_.erase(0, end + 2);
  Event event;
  std::size_t start = 0;
  for (std::size_t newline; (newline = block.find('\n', start)) != std::string::npos;
       start = newline + 1) {
    const std::string line = block.substr(start, newline - start);
    const auto colon = line.find(':');
    const std::string name = line.substr(0, colon);
    std::string value = colon == std::string::npos ? std::string() : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name.empty()) {
      event.comment = value;
    } else if (name == "event") {
      event.name = value;
    } else if (name == "id") {
      event.id = value;
    } else if (name == "data") {
      event.data += value;
    }
  }
  return event;
}

bool EventStreamReader::wait_for_close() {
  if (socket_ < 0) return false;
  std::array<char, 4096> chunk{};
  for (;;) {
    const ssize_t got = ::recv(socket_, chunk.data(), chunk.size(), 0);
    if (got == 0) return true;
    // A reset is a close too; a timeout (EAGAIN) is the hang deadline.
    if (got < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

}  // namespace tally::testkit
