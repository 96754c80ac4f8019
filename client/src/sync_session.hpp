// One connection's worth of the sync protocol (docs/protocol.md), on the sync thread:
// Challenge → Enrol → Enrolled (enrolment), or Challenge → Hello → Welcome, then upload
// of the outbox in counter order in batches with a bounded window, download from the
// cursor and live pushes. Acks, pushed ops and receipts go to the LocalReplica before
// anything else happens. Internal to the client library (SyncThread and enrol use it).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "local_replica.hpp"
#include "tally/client/client.hpp"
#include "tally/client/transport.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/messages.hpp"

namespace tally::client {

class TlsResumption;

class SyncSession : public std::enable_shared_from_this<SyncSession> {
 public:
  enum class Mode : std::uint8_t {
    kEnrol,      // send Enrol; done at Enrolled (the identity is then stored)
    kHandshake,  // Hello; done at Welcome (reference data stored)
    kSync,       // Hello, Welcome, then upload and download until closed
  };

  // What enrolment needs (Mode::kEnrol).
  struct EnrolParams {
    std::string code;
    std::string label;
    engine::Ed25519Seed seed{};
    engine::Ed25519PublicKey public_key{};
    std::string server_url;
    std::string ca_pem;
  };

  // Progress reports to the owner; all on the io thread.
  struct Events {
    std::function<void()> on_ready;        // Welcome handled (or Enrolled, in kEnrol mode)
    std::function<void()> on_progress;     // acks, pushes: pending count / up-to-date changed
    std::function<void(Error)> on_closed;  // the session is over (called once)
  };

  SyncSession(boost::asio::io_context& io, LocalReplica& replica, ClientOptions options, Mode mode,
              Events events, std::optional<EnrolParams> enrol = std::nullopt);

  // Connects to `server_url` through the options' transport (a WebSocket by default) and
  // runs the protocol. `resumption` (optional) carries the TLS session from the device's
  // previous connection to its next (tls_resumption.hpp).
  void start(const std::string& server_url, const std::string& ca_pem,
             std::shared_ptr<TlsResumption> resumption = {});
  // New own ops exist: upload them if the window allows.
  void pump();
  // Ends the session (on_closed follows).
  void close();
  // Welcome handled, nothing in flight, nothing pending, download caught up.
  [[nodiscard]] bool up_to_date() const;
  [[nodiscard]] bool ready() const { return stage_ == Stage::kReady; }

 private:
  enum class Stage : std::uint8_t { kConnecting, kAwaitChallenge, kAwaitReply, kReady, kClosed };

  void on_frame(std::string frame);
  void on_connection_closed(Error error);
  Status handle(const engine::ChallengeMessage& challenge);
  Status handle(const engine::EnrolledMessage& enrolled);
  Status handle(const engine::WelcomeMessage& welcome);
  Status handle(const engine::AckMessage& ack);
  Status handle(const engine::PushedOpsMessage& pushed);
  Status handle(const engine::SubmissionReceiptMessage& receipt);
  Status upload();
  void send(const engine::Message& message);
  void arm_ack_timer();
  void fail(Error error);

  boost::asio::io_context& io_;
  LocalReplica& replica_;
  ClientOptions options_;
  Mode mode_;
  Events events_;
  std::optional<EnrolParams> enrol_;
  std::shared_ptr<Transport> connection_;
  boost::asio::steady_timer ack_timer_;
  Stage stage_ = Stage::kConnecting;
  std::optional<Error> failure_;         // why we closed, if we did
  std::uint64_t sent_through_ = 0;       // highest own counter sent on this connection
  std::deque<std::uint64_t> in_flight_;  // last counter of each unacknowledged batch
  bool download_caught_up_ = false;
};

}  // namespace tally::client
