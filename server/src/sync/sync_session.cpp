#include "sync/sync_session.hpp"

#include <utility>

#include "base/log.hpp"
#include "base/tuning.hpp"
#include "core/core.hpp"

namespace tally::server {
namespace {

// Limits of the decoder: the frame bound is enforced by the WebSocket's read_message_max;
// the op count is checked by the core against its own (smaller) batch limit so that the
// peer gets kBatchTooLarge rather than a decoding error.
engine::DecodeLimits decode_limits(const Core& core) {
  engine::DecodeLimits limits;
  limits.max_ops = std::max(core.options().max_batch_ops * tuning::kDecodeOpsPerBatchLimit,
                            tuning::kDecodeMinOps);
  return limits;
}

}  // namespace

SyncSession::SyncSession(Core& core) : core_(core) {}

SyncSession::~SyncSession() = default;

void SyncSession::on_open() {
  core_.metrics().connection_opened();
  core_.attach(shared_from_this());
  auto nonce = core_.new_nonce();
  if (!nonce) return fail(nonce.error());
  nonce_ = *nonce;
  send(engine::ChallengeMessage{core_.server_id(), nonce_});
}

void SyncSession::on_frame(std::string_view frame) {
  if (phase_ == Phase::kClosed || phase_ == Phase::kEnrolling) {
    if (phase_ == Phase::kEnrolling) {
      fail(make_error(ErrorCode::kUnexpectedMessage,
                      "no message is expected while the enrolment is being stored"));
    }
    return;
  }
  auto decoded = engine::decode(frame, decode_limits(core_));
  if (!decoded) return fail(decoded.error());
  auto& message = *decoded;
  if (phase_ == Phase::kChallenged) {
    if (auto* hello = std::get_if<engine::HelloMessage>(&message)) return handle(std::move(*hello));
    if (auto* enrol = std::get_if<engine::EnrolMessage>(&message)) return handle(std::move(*enrol));
    return fail(
        make_error(ErrorCode::kNotAuthenticated, "the first message must be Hello or Enrol"));
  }
  if (auto* batch = std::get_if<engine::UploadBatchMessage>(&message)) {
    return handle(std::move(*batch));
  }
  if (auto* request = std::get_if<engine::DownloadRequestMessage>(&message)) {
    return handle(*request);
  }
  if (std::holds_alternative<engine::HeadRequestMessage>(message)) return handle_head_request();
  fail(make_error(ErrorCode::kUnexpectedMessage,
                  "a device may not send this message type after Hello"));
}

void SyncSession::handle(engine::HelloMessage&& hello) {
  claimed_device_ = hello.device_id.substr(0, 64);
  auto device = core_.authenticate(hello, nonce_);
  if (!device) return fail(device.error());
  device_ = std::move(device).value();
  phase_ = Phase::kReady;
  log_info("device_connected", {{"device", device_->id}, {"peer", peer()}});
  send(core_.welcome(*device_));
}

void SyncSession::handle(engine::EnrolMessage&& enrol) {
  phase_ = Phase::kEnrolling;
  std::weak_ptr<SyncSession> weak = shared_from_this();
  core_.enrol(enrol, [weak](Result<engine::EnrolledMessage> enrolled) {
    auto self = weak.lock();
    if (!self) return;
    self->post_task([self, enrolled = std::move(enrolled)] {
      if (!enrolled) return self->fail(enrolled.error());
      log_info("device_enrolled",
               {{"device", enrolled->device_id}, {"station", enrolled->station_id}});
      self->send(*enrolled);
      self->phase_ = Phase::kClosed;
      self->close_session(ErrorCode::kOk, "enrolled: reconnect and say Hello");
    });
  });
}

void SyncSession::handle(engine::UploadBatchMessage&& batch) {
  std::weak_ptr<SyncSession> weak = shared_from_this();
  const std::uint64_t number = uploads_taken_++;
  core_.upload(*device_, std::move(batch.ops), [weak, number](Result<UploadReply> reply) {
    auto self = weak.lock();
    if (!self) return;
    self->post_task([self, number, reply = std::move(reply)] {
      // The answer may wait in answers_ for an earlier upload's; it captures the raw
      // session, not `self`: a stored shared_ptr would keep the session alive forever
      // if that earlier answer never came (say, tallyd stopped first).
      SyncSession* session = self.get();
      self->answer_in_order(number, [session, reply] {
        if (!reply) return session->fail(reply.error());
        session->send(reply->ack);
        for (const auto& receipt : reply->receipts) session->send(receipt);
      });
    });
  });
}

void SyncSession::answer_in_order(std::uint64_t number, std::function<void()> answer) {
  if (phase_ == Phase::kClosed) return;
  answers_.emplace(number, std::move(answer));
  while (!answers_.empty() && answers_.begin()->first == uploads_answered_) {
    auto next = std::move(answers_.begin()->second);
    answers_.erase(answers_.begin());
    ++uploads_answered_;
    next();
    if (phase_ == Phase::kClosed) return;
  }
}

void SyncSession::handle(const engine::DownloadRequestMessage& request) {
  cursor_ = request.cursor;
  live_ = false;
  core_.unsubscribe(this);
  download_active_ = true;
  send_download_page();
}

void SyncSession::send_download_page() {
  auto page = core_.download(scope(), cursor_);
  if (!page) {
    download_active_ = false;
    return fail(page.error());
  }
  cursor_ = page->next_cursor;
  if (page->up_to_date) {
    download_active_ = false;
    live_ = true;
    core_.subscribe(shared_from_this());
  }
  send(*page);
}

void SyncSession::on_frame_written() {
  if (download_active_ && phase_ == Phase::kReady &&
      queued_frames() <= tuning::kDownloadQueueLowFrames) {
    send_download_page();
  }
}

void SyncSession::committed(std::shared_ptr<const CommittedGroup> group) {
  post_task([self = shared_from_this(), group = std::move(group)] { self->on_committed(group); });
}

void SyncSession::device_revoked(const std::string& device_id) {
  post_task([self = shared_from_this(), device_id] { self->on_revoked(device_id); });
}

void SyncSession::shutting_down() {
  post_task([self = shared_from_this()] {
    self->close_session(ErrorCode::kBusy, "going away: tallyd is shutting down");
  });
}

void SyncSession::reference_changed(std::shared_ptr<const std::set<std::string>> stations) {
  post_task([self = shared_from_this(), stations = std::move(stations)] {
    const auto& device = self->device_;
    if (!device) return;  // not past Hello: its Welcome is still to come
    if (device->role == engine::Role::kOfficer && !stations->contains(device->station)) return;
    self->close_session(ErrorCode::kBusy,
                        "going away: the second round is open; reconnect for its definition");
  });
}

void SyncSession::on_committed(const std::shared_ptr<const CommittedGroup>& group) {
  if (!live_ || phase_ != Phase::kReady || group->last_index <= cursor_) return;
  if (!group->entries.empty() && group->entries.front().log_index > cursor_ + 1) {
    // A group committed between this session's last download page and its subscription
    // was never pushed: read from the cursor again (the store has everything committed)
    // instead of moving the cursor past entries the device never received.
    live_ = false;
    core_.unsubscribe(this);
    download_active_ = true;
    send_download_page();
    return;
  }
  engine::PushedOpsMessage push;
  const auto station = scope().station;
  for (const auto& entry : group->entries) {
    if (entry.log_index <= cursor_) continue;
    if (station && entry.op.form.station_id != *station) continue;
    push.entries.push_back(entry);
  }
  cursor_ = group->last_index;
  push.next_cursor = cursor_;
  push.up_to_date = true;
  if (!push.entries.empty()) send(push);
}

void SyncSession::on_revoked(const std::string& device_id) {
  if (!device_ || device_->id != device_id) return;
  fail(make_error(ErrorCode::kDeviceRevoked,
                  "device '" + device_id + "' was revoked by the operator"));
}

void SyncSession::on_hello_timeout() {
  if (phase_ != Phase::kChallenged) return;
  fail(make_error(ErrorCode::kTimeout, "no Hello or Enrol within the handshake timeout"));
}

void SyncSession::report_oversized_frame(std::size_t limit) {
  core_.metrics().record_error(ErrorCode::kFrameTooLarge);
  log_warn("frame_too_large", {{"peer", peer()},
                               {"code", code_field(ErrorCode::kFrameTooLarge)},
                               {"limit", std::to_string(limit)}});
  phase_ = Phase::kClosed;
}

void SyncSession::handle_head_request() { send(engine::SignedHeadMessage{core_.latest_head()}); }

void SyncSession::on_closed() {
  if (phase_ != Phase::kClosed) phase_ = Phase::kClosed;
  core_.detach(this);
  if (device_) {
    core_.release_device(device_->id);
    log_info("device_disconnected", {{"device", device_->id}});
    device_.reset();
  }
  core_.metrics().connection_closed();
}

LogScope SyncSession::scope() const {
  if (device_ && device_->role == engine::Role::kOfficer) return LogScope{device_->station};
  return LogScope{};
}

void SyncSession::send(const engine::Message& message) {
  if (phase_ == Phase::kClosed) return;
  if (!send_frame(engine::encode(message))) {
    phase_ = Phase::kClosed;
    core_.metrics().slow_consumer_dropped();
    core_.metrics().record_error(ErrorCode::kSlowConsumer);
    log_warn("slow_consumer_dropped", {{"peer", peer()},
                                       {"device", device_ ? device_->id : std::string{}},
                                       {"code", code_field(ErrorCode::kSlowConsumer)}});
    close_session(ErrorCode::kSlowConsumer, "E1003 slow consumer: pushes were not read");
  }
}

void SyncSession::outbound_queued(std::int64_t bytes) { core_.metrics().outbound_queued(bytes); }

void SyncSession::fail(const Error& error) {
  if (phase_ == Phase::kClosed) return;
  core_.metrics().record_error(error.code);
  log_warn("session_refused", {{"peer", peer()},
                               {"device", device_ ? device_->id : claimed_device_},
                               {"code", code_field(error)},
                               {"message", error.message}});
  std::string message = error.message.substr(0, engine::kMaxErrorMessageBytes);
  send(engine::ErrorMessage{error.code, std::move(message), error.transient});
  phase_ = Phase::kClosed;
  close_session(error.code, error.to_string().substr(0, 120));
}

}  // namespace tally::server
