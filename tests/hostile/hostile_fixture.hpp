// The fixture of every hostile case (docs/security.md, "Hostile inputs"): a real tallyd
// with short timeouts, two well-behaved officer devices of station TN-0002 connected
// before the attack (one uploads, the other listens live), and the op log as it was
// before the attack. Each case only attacks and asserts what the attacker gets (a);
// TearDown then proves (b) the good devices still sync — an upload is acked and pushed
// live to the other device — and (c) the op log holds exactly what it held before plus
// the good devices' ops (and any ops a case declares with expect_also_stored).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "raw_connection.hpp"
#include "server_fixture.hpp"
#include "tally/engine/messages.hpp"

namespace tally::testkit {

// The attacker's station and a form of it; the good devices use station TN-0002.
inline const engine::FormId kAttackForm{"TN-0001", "NA-01"};
inline const engine::FormId kGoodForm{"TN-0002", "NA-01"};

// WebSocket close codes (RFC 6455) tallyd uses.
inline constexpr unsigned kCloseBadPayload = 1007;
inline constexpr unsigned kClosePolicy = 1008;
inline constexpr unsigned kCloseTooBig = 1009;
inline constexpr unsigned kCloseTryLater = 1013;

class HostileTest : public ServerFixture {
 protected:
  void SetUp() override;
  void TearDown() override;

  // `tallyd serve` flags: short timeouts, then more_flags_.
  [[nodiscard]] std::vector<std::string> serve_flags() const;

  // (a) Reads until the server's Error on `connection` and expects its code, then the
  // close with `close_code`. Frames before the Error (a Challenge...) are skipped.
  // The Error goes to `received` when given.
  static void expect_refused(WsConnection& connection, ErrorCode code,
                             unsigned close_code = kClosePolicy,
                             engine::ErrorMessage* received = nullptr);
  static void expect_refused(TestDevice& device, ErrorCode code, unsigned close_code = kClosePolicy,
                             engine::ErrorMessage* received = nullptr) {
    ASSERT_NE(device.connection(), nullptr);
    expect_refused(*device.connection(), code, close_code, received);
  }
  // (a) for an upload: sends `ops` as one batch from `device`, expects `code` and 1008.
  static void expect_upload_refused(TestDevice& device, std::vector<engine::Op> ops,
                                    ErrorCode code);
  // The same over a raw connection: the Error's code in the last binary frame, then the close.
  static void expect_refused(RawConnection& connection, ErrorCode code,
                             unsigned close_code = kClosePolicy);

  // (b) The good device uploads one op, gets its Ack, and the listener gets it pushed.
  void expect_good_devices_sync();
  // Stops tallyd, runs `while_stopped` (on the data directory, say), starts it again and
  // reconnects the good devices.
  void restart_server(const std::function<void()>& while_stopped);
  // (c) Ops (beyond the good devices') that this case expects in the log after the attack.
  void expect_also_stored(const std::vector<engine::Op>& ops);
  // The op log (canonical op bytes in log order), read from the SQLite file read-only.
  [[nodiscard]] std::vector<std::string> op_log() const;
  // `tallyd serve`'s log (JSON lines on stderr).
  [[nodiscard]] std::string server_log() const { return read_file(server_.file("serve.log")); }
  // The value of a line of /metrics ("tally_errors_total{code=\"1001\"}"), 0 if absent.
  [[nodiscard]] double metric(const std::string& name) const;

  // A raw connection to tallyd that has upgraded to WebSocket and read the Challenge
  // (its frame into `challenge` when given).
  [[nodiscard]] RawConnection raw_websocket(std::string* challenge = nullptr) const;
  // A WebSocket connection (testkit) that has read the Challenge (into `challenge`).
  [[nodiscard]] std::unique_ptr<WsConnection> challenged(std::string* challenge = nullptr) const;
  // A Hello for `device` answering the Challenge frame `challenge`.
  static std::string hello_frame(const TestDevice& device, const std::string& challenge);

  // Set in a case fixture's constructor: extra `tallyd serve` flags, the handshake
  // timeout (1 s unless a case needs its attackers' connections to stay) and the HTTP
  // timeout (2 s unless a case tells it from the handshake timeout).
  std::vector<std::string> more_flags_;
  int handshake_timeout_seconds_ = 1;
  int http_timeout_seconds_ = 2;

 private:
  // Says Hello again on both good devices; the listener downloads up to date again.
  void connect_good_devices();

  std::unique_ptr<TestDevice> good_;      // officer of TN-0002: uploads
  std::unique_ptr<TestDevice> listener_;  // officer of TN-0002: live pushes
  std::vector<std::string> expected_log_;
  int good_edits_ = 0;
};

}  // namespace tally::testkit
