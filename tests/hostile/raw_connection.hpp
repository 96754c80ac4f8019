// A TCP connection that writes whatever bytes a hostile test asks for: garbage before the
// upgrade, partial HTTP requests, hand-made WebSocket frames (text, pings, fragments,
// lying length headers), from a chosen loopback source address. TestDevice (the testkit)
// speaks the protocol correctly; this speaks it wrongly on purpose. Every read has a
// deadline, so a test never hangs on a silent server.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace tally::testkit {

// One WebSocket frame as read from the server (unmasked).
struct RawFrame {
  std::uint8_t opcode = 0;  // 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong
  bool fin = true;
  std::string payload;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:`port` from `source` (any 127.x.y.z works on Linux loopback).
  // `receive_buffer` > 0 shrinks the socket's receive buffer (a slow reader). Check ok().
  explicit RawConnection(unsigned short port, const std::string& source = "127.0.0.1",
                         int receive_buffer = 0);
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection();

  [[nodiscard]] bool ok() const { return fd_ >= 0; }

  // Writes all of `bytes`; false when the server has closed the connection.
  bool send(const std::string& bytes);
  // Bytes that arrive within `timeout` (at least one read); empty on EOF or timeout.
  std::string receive_some(std::chrono::milliseconds timeout);
  // Reads and discards until the server closes; false if it is still open at `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout);

  // Sends a WebSocket upgrade for /sync and reads the response head; true on 101.
  bool upgrade();
  // Sends one masked frame. `announced_length` (when given) is written in the header
  // instead of the payload's real size: a frame that lies about its length.
  bool send_frame(std::uint8_t opcode, const std::string& payload, bool fin = true,
                  std::optional<std::uint64_t> announced_length = std::nullopt);
  // The next frame from the server, a fragmented message gathered into one; nullopt on
  // EOF or timeout.
  std::optional<RawFrame> read_frame(std::chrono::milliseconds timeout);
  // Reads frames until a close frame and returns its code; 0 if the connection ended
  // without one (or stayed open until `timeout`). The last binary frame read on the way
  // (the server's Error, say) goes to `last_binary` when given.
  unsigned read_close_code(std::chrono::milliseconds timeout, std::string* last_binary = nullptr);

 private:
  // Exactly `size` bytes before `deadline`, or nullopt.
  std::optional<std::string> read_exact(std::size_t size,
                                        std::chrono::steady_clock::time_point deadline);
  bool wait_readable(std::chrono::steady_clock::time_point deadline);
  // One frame as it is on the wire (a fragment of a message, maybe).
  std::optional<RawFrame> read_one_frame(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string pending_;  // bytes read past the last frame or response head
};

}  // namespace tally::testkit
