// The header, idle and close limits of docs/security.md over TLS as over plain (issue 14,
// finding 5): before, a TLS request with a 16 KiB header got no 400, one with a 1 MiB
// header a reset while the client was still writing, a TLS connection silent after its
// handshake was held for the HTTP timeout, and a peer that did not answer a close frame
// was held for the whole handshake timeout.
#include "hostile_fixture.hpp"
#include "raw_tls_connection.hpp"
#include "tally/engine/messages.hpp"

namespace tally::testkit {
namespace {

using std::chrono::milliseconds;

// Longer than the short timers under test, shorter than the timeouts they replace: a
// case that waits this long has caught a connection held by the wrong timer.
constexpr milliseconds kWrongTimer{15'000};

std::string request_with_header_of(std::size_t bytes) {
  return "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(bytes, 'a') + "\r\n\r\n";
}

class TlsLimitsTest : public HostileTest {
 protected:
  TlsLimitsTest() {
    tls_ = true;
    handshake_timeout_seconds_ = 1;
    http_timeout_seconds_ = 30;
  }
};

// Sends a request whose header is `header_bytes` long over TLS; expects all of it to be
// written (no reset while writing), then a 400 and the close.
void expect_400_over_tls(unsigned short port, std::size_t header_bytes) {
  RawTlsConnection connection(port);
  ASSERT_TRUE(connection.ok());
  EXPECT_TRUE(connection.send(request_with_header_of(header_bytes)));
  bool closed = false;
  const std::string response = connection.receive_until_closed(kHangDeadline, &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 400", 0), 0u) << response;
  EXPECT_TRUE(closed);
}

TEST_F(TlsLimitsTest, HeaderOverTheLimitGetsA400AndTheCloseAsOverPlain) {
  expect_400_over_tls(server_.port(), 16 * 1024);
}

TEST_F(TlsLimitsTest, MegabyteHeaderGetsA400NotAResetWhileTheClientStillWrites) {
  expect_400_over_tls(server_.port(), 1024 * 1024);
}

TEST_F(TlsLimitsTest, SilenceAfterTheTlsHandshakeIsClosedAtTheHandshakeTimeout) {
  RawTlsConnection connection(server_.port());
  ASSERT_TRUE(connection.ok());
  bool closed = false;
  connection.receive_until_closed(kWrongTimer, &closed);  // the HTTP timeout is 30 s
  EXPECT_TRUE(closed);
}

class CloseHandshakeTest : public HostileTest {
 protected:
  CloseHandshakeTest() { handshake_timeout_seconds_ = 30; }
};

TEST_F(CloseHandshakeTest, PeerThatDoesNotAnswerTheCloseIsCutByTheCloseTimer) {
  RawConnection connection = raw_websocket();
  ASSERT_TRUE(connection.send_frame(0x2, engine::encode(engine::UploadBatchMessage{})));
  EXPECT_EQ(connection.read_close_code(kHangDeadline), kClosePolicy);
  // The close is not answered: before, the connection stayed for the handshake timeout.
  EXPECT_TRUE(connection.wait_closed(kWrongTimer));
}

}  // namespace
}  // namespace tally::testkit
