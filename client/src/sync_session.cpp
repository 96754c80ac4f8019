#include "sync_session.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>

#include "tally/client/tuning.hpp"
#include "tally/engine/names.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"
#include "ws_connection.hpp"

namespace tally::client {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The domain of a code is its hundred (error.hpp groups codes that way).
Error protocol_error(ErrorCode code, std::string message) {
  return make_error(code, std::move(message), true);
}

std::string digest_bytes(const engine::Sha256Digest& digest) {
  return std::string(digest.begin(), digest.end());
}

}  // namespace

SyncSession::SyncSession(boost::asio::io_context& io, LocalReplica& replica, ClientOptions options,
                         Mode mode, Events events, std::optional<EnrolParams> enrol)
    : io_(io),
      replica_(replica),
      options_(options),
      mode_(mode),
      events_(std::move(events)),
      enrol_(std::move(enrol)),
      ack_timer_(io) {}

void SyncSession::start(const std::string& server_url, const std::string& ca_pem,
                        std::shared_ptr<TlsResumption> resumption) {
  auto connection =
      options_.transport
          ? options_.transport(TransportTarget{server_url, ca_pem,
                                               [&io = io_](std::function<void()> task) {
                                                 boost::asio::post(io, std::move(task));
                                               }})
          : open_websocket(io_, server_url, ca_pem, std::move(resumption));
  if (!connection.ok()) {
    // Report asynchronously, as every other end of a session is reported.
    boost::asio::post(io_, [self = shared_from_this(), error = connection.error()] {
      self->on_connection_closed(error);
    });
    return;
  }
  connection_ = std::move(connection).value();
  auto weak = weak_from_this();
  connection_->start(TransportHandlers{[weak] {
                                         if (auto self = weak.lock())
                                           self->stage_ = Stage::kAwaitChallenge;
                                       },
                                       [weak](std::string frame) {
                                         if (auto self = weak.lock())
                                           self->on_frame(std::move(frame));
                                       },
                                       [weak](Error error) {
                                         if (auto self = weak.lock())
                                           self->on_connection_closed(std::move(error));
                                       }});
}

void SyncSession::pump() {
  if (stage_ != Stage::kReady || mode_ != Mode::kSync) return;
  if (auto uploaded = upload(); !uploaded.ok()) fail(std::move(uploaded).error());
}

void SyncSession::close() {
  if (stage_ == Stage::kClosed) return;
  stage_ = Stage::kClosed;
  ack_timer_.cancel();
  if (connection_) connection_->close();
}

bool SyncSession::up_to_date() const {
  if (stage_ != Stage::kReady || !in_flight_.empty() || !download_caught_up_) return false;
  auto pending = replica_.pending_count();
  return pending.ok() && pending.value() == 0;
}

void SyncSession::on_frame(std::string frame) {
  if (stage_ == Stage::kClosed) return;
  engine::DecodeLimits limits;
  limits.max_frame_bytes = tuning::kMaxFrameBytes;
  auto message = engine::decode(frame, limits);
  if (!message.ok()) {
    Error error = std::move(message).error();
    error.message = "bad frame from the server: " + error.message;
    error.transient = true;
    return fail(std::move(error));
  }
  auto unexpected = [&](std::string_view what) {
    return protocol_error(ErrorCode::kUnexpectedMessage,
                          "unexpected " + std::string(what) + " from the server");
  };
  Status status = std::visit(
      [&](const auto& body) -> Status {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, engine::ErrorMessage>) {
          return make_error(body.code, "server: " + body.message, body.transient);
        } else if constexpr (std::is_same_v<T, engine::ChallengeMessage>) {
          if (stage_ != Stage::kAwaitChallenge) return unexpected("Challenge");
          return handle(body);
        } else if constexpr (std::is_same_v<T, engine::EnrolledMessage>) {
          if (stage_ != Stage::kAwaitReply || mode_ != Mode::kEnrol) return unexpected("Enrolled");
          return handle(body);
        } else if constexpr (std::is_same_v<T, engine::WelcomeMessage>) {
          if (stage_ != Stage::kAwaitReply || mode_ == Mode::kEnrol) return unexpected("Welcome");
          return handle(body);
        } else if constexpr (std::is_same_v<T, engine::AckMessage> ||
                             std::is_same_v<T, engine::PushedOpsMessage> ||
                             std::is_same_v<T, engine::SubmissionReceiptMessage>) {
          if (stage_ != Stage::kReady) return unexpected("message before Welcome");
          return handle(body);
        } else if constexpr (std::is_same_v<T, engine::SignedHeadMessage>) {
          // Heads are informational for a device: each Ack already carries the head.
          return {};
        } else {
          return unexpected("device-to-server message");
        }
      },
      message.value());
  if (!status.ok()) fail(std::move(status).error());
}

Status SyncSession::handle(const engine::ChallengeMessage& challenge) {
  stage_ = Stage::kAwaitReply;
  if (mode_ == Mode::kEnrol) {
    send(engine::EnrolMessage{enrol_->code, enrol_->public_key, enrol_->label});
    return {};
  }
  auto identity = replica_.identity();
  if (!identity) {
    return make_error(ErrorCode::kNotAuthenticated, "this device is not enrolled");
  }
  auto signature = replica_.sign(
      engine::hello_signing_bytes(challenge.server_id, challenge.nonce, identity->device_id));
  if (!signature.ok()) return std::move(signature).error();
  send(engine::HelloMessage{engine::kProtocolVersion, identity->device_id, signature.value()});
  return {};
}

Status SyncSession::handle(const engine::EnrolledMessage& enrolled) {
  DeviceIdentity identity;
  identity.device_id = enrolled.device_id;
  identity.role = std::string(engine::to_string(enrolled.role));
  identity.station_id = enrolled.station_id;
  identity.private_key.assign(enrol_->seed.begin(), enrol_->seed.end());
  identity.server_url = enrol_->server_url;
  identity.ca_pem = enrol_->ca_pem;
  if (auto saved = replica_.save_identity(identity); !saved.ok()) return saved;
  stage_ = Stage::kReady;
  if (events_.on_ready) events_.on_ready();
  close();
  return {};
}

Status SyncSession::handle(const engine::WelcomeMessage& welcome) {
  auto last_ack = replica_.last_ack();
  if (!last_ack.ok()) return std::move(last_ack).error();
  if (const auto& receipt = last_ack.value();
      receipt &&
      (welcome.acked_counter < receipt->counter || welcome.log_index < receipt->log_index)) {
    // A server restored from an old backup: what it acknowledged is gone. Say so; keep
    // everything (the outbox and the op log) and upload nothing to it.
    return make_error(ErrorCode::kServerForgotAckedOps,
                      "the server forgot acknowledged ops: it holds this device's ops through " +
                          std::to_string(welcome.acked_counter) + " at log index " +
                          std::to_string(welcome.log_index) + ", but acknowledged " +
                          std::to_string(receipt->counter) + " at log index " +
                          std::to_string(receipt->log_index));
  }
  auto cursor_before = replica_.cursor();
  if (!cursor_before.ok()) return std::move(cursor_before).error();
  if (welcome.log_index < cursor_before.value()) {
    return make_error(ErrorCode::kServerForgotAckedOps,
                      "the server forgot logged ops: its log ends at index " +
                          std::to_string(welcome.log_index) +
                          " but this device already downloaded through index " +
                          std::to_string(cursor_before.value()));
  }
  auto last_counter = replica_.last_counter();
  if (!last_counter.ok()) return std::move(last_counter).error();
  if (welcome.acked_counter > last_counter.value()) {
    return make_error(ErrorCode::kCorruption,
                      "the server holds this device's ops through counter " +
                          std::to_string(welcome.acked_counter) + " but this store made only " +
                          std::to_string(last_counter.value()) +
                          ": the local store is older than the device's history");
  }
  ReferenceJson reference{welcome.election_json, welcome.form_schema_json};
  if (auto saved = replica_.save_reference_data(reference); !saved.ok()) return saved;
  std::uint64_t acked_before = last_ack.value() ? last_ack.value()->counter : 0;
  if (welcome.acked_counter > acked_before) {
    // The server stored ops whose Ack we never got (connection lost in between).
    AckReceipt receipt{welcome.acked_counter, welcome.log_index, digest_bytes(welcome.audit_head),
                       now_ms()};
    if (auto recorded = replica_.record_ack(receipt); !recorded.ok()) return recorded;
  }
  sent_through_ = welcome.acked_counter;
  stage_ = Stage::kReady;
  if (mode_ == Mode::kHandshake) {
    if (events_.on_ready) events_.on_ready();
    close();
    return {};
  }
  auto cursor = replica_.cursor();
  if (!cursor.ok()) return std::move(cursor).error();
  send(engine::DownloadRequestMessage{cursor.value()});
  if (auto uploaded = upload(); !uploaded.ok()) return uploaded;
  if (events_.on_ready) events_.on_ready();
  return {};
}

Status SyncSession::upload() {
  while (in_flight_.size() < options_.upload_window_batches) {
    auto entries = replica_.outbox(sent_through_, options_.upload_batch_ops);
    if (!entries.ok()) return std::move(entries).error();
    if (entries->empty()) break;
    engine::UploadBatchMessage batch;
    batch.ops.reserve(entries->size());
    for (const auto& entry : entries.value()) {
      auto op = engine::decode_op(entry.bytes);
      if (!op.ok()) {
        return make_error(ErrorCode::kCorruption, "outbox op " + std::to_string(entry.counter) +
                                                      " does not decode: " + op.error().message);
      }
      batch.ops.push_back(std::move(op).value());
    }
    sent_through_ = entries->back().counter;
    in_flight_.push_back(sent_through_);
    send(batch);
  }
  if (!in_flight_.empty()) arm_ack_timer();
  return {};
}

Status SyncSession::handle(const engine::AckMessage& ack) {
  AckReceipt receipt{ack.acked_counter, ack.log_index, digest_bytes(ack.audit_head), now_ms()};
  if (auto recorded = replica_.record_ack(receipt); !recorded.ok()) return recorded;
  while (!in_flight_.empty() && in_flight_.front() <= ack.acked_counter) in_flight_.pop_front();
  ack_timer_.cancel();
  if (auto uploaded = upload(); !uploaded.ok()) return uploaded;
  if (events_.on_progress) events_.on_progress();
  return {};
}

Status SyncSession::handle(const engine::PushedOpsMessage& pushed) {
  std::vector<engine::Op> ops;
  ops.reserve(pushed.entries.size());
  for (const auto& entry : pushed.entries) ops.push_back(entry.op);
  if (auto applied = replica_.apply_remote(ops, pushed.next_cursor); !applied.ok()) return applied;
  download_caught_up_ = pushed.up_to_date;
  if (events_.on_progress) events_.on_progress();
  return {};
}

Status SyncSession::handle(const engine::SubmissionReceiptMessage& receipt) {
  return replica_.record_submission_receipt(SubmissionReceiptRow{
      receipt.form.to_string(), receipt.dot.counter, receipt.log_index, engine::encode(receipt)});
}

void SyncSession::send(const engine::Message& message) {
  if (connection_) connection_->send(engine::encode(message));
}

void SyncSession::arm_ack_timer() {
  ack_timer_.expires_after(tuning::kAckTimeout);
  ack_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->in_flight_.empty()) return;
    self->fail(make_error(ErrorCode::kTimeout,
                          "no acknowledgement from the server within " +
                              std::to_string(tuning::kAckTimeout.count()) + " ms",
                          true));
  });
}

void SyncSession::fail(Error error) {
  if (!failure_) failure_ = std::move(error);
  close();
}

void SyncSession::on_connection_closed(Error error) {
  stage_ = Stage::kClosed;
  ack_timer_.cancel();
  auto on_closed = std::move(events_.on_closed);
  events_ = {};
  if (on_closed) on_closed(failure_ ? *failure_ : std::move(error));
}

}  // namespace tally::client
