// Asynchronous protocol devices for benchmarks that hold thousands of connections to a
// real tallyd from one thread (bench/ingest_bench.cpp): every device of a DeviceSwarm runs
// on the swarm's io_context, over ws:// or wss://. Once a device has said Hello it keeps a
// read pending, so the server's keep-alive pings are answered while it is idle.
// The synchronous TestDevice (test_device.hpp) remains the device for tests.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/messages.hpp"
#include "tally/error.hpp"

namespace tally::testkit {

// Where a swarm's devices connect, and the io_context and TLS context they share.
// A swarm's TLS devices resume their last TLS session (a TLS 1.3 ticket) on every
// reconnect unless resumption is turned off, as the client library's devices do.
class DeviceSwarm {
 public:
  // ws://HOST:PORT/sync, or wss:// trusting `ca_file` when it is given.
  DeviceSwarm(std::string host, unsigned short port, std::string ca_file = {});
  DeviceSwarm(const DeviceSwarm&) = delete;
  DeviceSwarm& operator=(const DeviceSwarm&) = delete;

  [[nodiscard]] boost::asio::io_context& io() { return io_; }
  [[nodiscard]] const std::string& host() const { return host_; }
  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] bool tls() const { return !ca_file_.empty(); }
  [[nodiscard]] boost::asio::ssl::context& tls_context() { return tls_context_; }
  // After a server restart in the other mode (plain ↔ TLS) on the same port.
  void set_ca_file(std::string ca_file);
  // Whether devices offer their last TLS session when they reconnect (default true).
  void set_resume_sessions(bool resume) { resume_sessions_ = resume; }
  [[nodiscard]] bool resume_sessions() const { return resume_sessions_; }
  // Devices connect from `count` loopback source addresses, 127.0.0.1 .. 127.0.0.count,
  // device n from the (n mod count)-th: one source address runs out of ephemeral ports
  // (about 28,000) to one server port. Only for a swarm whose host is 127.0.0.1.
  void set_source_addresses(std::size_t count) { source_addresses_ = count; }
  // The source address of the swarm's `device_number`-th device, or empty for the kernel's
  // choice.
  [[nodiscard]] std::string source_address(std::size_t device_number) const;
  // Numbers the swarm's devices in creation order.
  std::size_t next_device_number() { return devices_made_++; }

 private:
  std::string host_;
  unsigned short port_;
  std::string ca_file_;
  boost::asio::io_context io_;
  boost::asio::ssl::context tls_context_{boost::asio::ssl::context::tls_client};
  bool resume_sessions_ = true;
  std::size_t source_addresses_ = 1;
  std::size_t devices_made_ = 0;
};

// One device of a swarm: its key, its id once enrolled, at most one connection at a time.
// Every completion runs on the swarm's io_context. Start enrol() or hello() only when the
// device has no operation pending, and destroy it only after disconnect() and after the
// io_context ran the aborted operations' handlers.
class AsyncDevice {
 public:
  using Done = std::function<void(const Status&)>;

  virtual ~AsyncDevice() = default;

  // Connects, reads the Challenge and enrols with `code`; done once Enrolled arrived (the
  // server then closes the connection).
  virtual void enrol(std::string code, Done done) = 0;
  // Connects, reads the Challenge, says Hello; done when the Welcome arrived. The
  // connection then stays open, reading (pings are answered), until disconnect().
  virtual void hello(Done done) = 0;
  // Sends one encoded UploadBatch frame; done when its Ack arrived (an Error message or a
  // lost connection completes it with that error).
  virtual void upload(std::string frame, Done done) = 0;
  // Closes the connection (no completion runs after this).
  virtual void disconnect() = 0;
  // Frees the closed connection's streams and their buffers (a TLS stream holds tens of
  // KB): call only after disconnect() and once the io_context ran the aborted handlers.
  // The TLS session kept for resumption stays.
  virtual void release_connection() = 0;

  [[nodiscard]] virtual const std::string& id() const = 0;
  [[nodiscard]] virtual const engine::Ed25519KeyPair& key() const = 0;
  // The last Ack received.
  [[nodiscard]] virtual const engine::AckMessage& last_ack() const = 0;
  // The acked_counter of the last Welcome: the highest contiguous counter the server
  // held for this device when it said Hello.
  [[nodiscard]] virtual std::uint64_t welcomed_counter() const = 0;
  // Whether the last TLS handshake resumed an earlier session (false over ws://).
  [[nodiscard]] virtual bool resumed() const = 0;
};

// A new device of `swarm` with a fresh key (not enrolled yet).
std::unique_ptr<AsyncDevice> make_async_device(DeviceSwarm& swarm);

}  // namespace tally::testkit
