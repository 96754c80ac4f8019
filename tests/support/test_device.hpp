// A minimal device for integration tests, hostile tests and benchmarks: a synchronous Beast WebSocket client that
// speaks the engine's messages to a real tallyd (plain ws, or wss trusting a given
// certificate). Every read has a deadline, so a test never hangs on a silent server.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "device_identity.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/messages.hpp"
#include "tally/error.hpp"

namespace tally::testkit {

// How long a test waits for a message it expects: long enough that only a hang reaches it,
// on a loaded 2-core machine under ASan at -O0 (a wait ends with the message, not the
// deadline). A test that expects silence passes its own, shorter timeout.
inline constexpr std::chrono::milliseconds kHangDeadline = std::chrono::seconds(60);

// A complete record of TN-0001/NA-01 of the test election (test_election_path()) that
// passes every check: 810 voted of `registered`, 801 valid votes for its 3 candidates.
engine::StationRecord test_na_record(engine::Count registered = 812);

// One WebSocket connection to tallyd's /sync.
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Sends one binary frame.
  virtual Status send(const std::string& frame) = 0;
  // The next frame; kTimeout after `timeout`, kConnectionLost when the server closed.
  virtual Result<std::string> receive(std::chrono::milliseconds timeout) = 0;
  // The close code the server sent (0 if none yet).
  [[nodiscard]] virtual unsigned close_code() const = 0;
};

// Connects to ws://HOST:PORT/sync, or wss:// when `ca_file` is given.
Result<std::unique_ptr<WsConnection>> connect_ws(const std::string& host, unsigned short port,
                                                 const std::string& ca_file = {});

// A device: its key, its id once enrolled, its next counter.
class TestDevice {
 public:
  TestDevice(std::string host, unsigned short port, std::string ca_file = {});

  // Connects, reads the Challenge, enrols with `code`; the server then closes.
  Result<engine::EnrolledMessage> enrol(const std::string& code, const std::string& label = "test");
  // Connects, reads the Challenge, says Hello; returns the Welcome.
  Result<engine::WelcomeMessage> hello();

  // Sends a message on the open connection.
  Status send(const engine::Message& message);
  Status send_raw(const std::string& frame);
  // Reads the next message (kTimeout after `timeout`).
  Result<engine::Message> receive(std::chrono::milliseconds timeout = kHangDeadline);
  // Reads messages until one of type T arrives (others are skipped).
  template <typename T>
  Result<T> receive_a(std::chrono::milliseconds timeout = kHangDeadline) {
    while (true) {
      auto message = receive(timeout);
      if (!message) return std::move(message).error();
      if (auto* wanted = std::get_if<T>(&*message)) return std::move(*wanted);
      if (auto* error = std::get_if<engine::ErrorMessage>(&*message)) {
        return make_error(error->code, "server error: " + error->message);
      }
    }
  }
  // Reads PushedOps until one is up to date (after a DownloadRequest); every entry read.
  Result<std::vector<engine::LogOp>> read_until_up_to_date();
  // Sends an UploadBatch and waits for its Ack (an Error becomes the returned error).
  Result<engine::AckMessage> upload(std::vector<engine::Op> ops);

  // A set op of this device with the next counter.
  engine::Op set_op(const engine::FormId& form, const std::string& field, engine::OpValue value);
  // A signed submit op over `values` of `form`.
  engine::Op submit_op(const engine::FormId& form, const engine::StationRecord& values);
  // An officer's whole entry of `record`: a set op per value (a candidate's votes as
  // "votes.<candidate>"), then the signed submit op over the record.
  std::vector<engine::Op> entry_ops(const engine::StationRecord& record);

  [[nodiscard]] const std::string& id() const { return identity_.id(); }
  [[nodiscard]] const engine::Ed25519KeyPair& key() const { return identity_.key(); }
  [[nodiscard]] WsConnection* connection() { return connection_.get(); }
  void set_next_counter(std::uint64_t counter) { next_counter_ = counter; }
  // After a server restart on another port.
  void set_port(unsigned short port) { port_ = port; }
  void disconnect() { connection_.reset(); }

 private:
  Result<engine::ChallengeMessage> open();

  std::string host_;
  unsigned short port_;
  std::string ca_file_;
  DeviceIdentity identity_;
  std::uint64_t next_counter_ = 1;
  std::unique_ptr<WsConnection> connection_;
};

}  // namespace tally::testkit
