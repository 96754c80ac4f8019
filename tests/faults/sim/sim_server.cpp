// The simulated server's protocol handling (sim_server.hpp).
#include "sim_server.hpp"

#include <utility>
#include <variant>

#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"

namespace tally::sim {

using engine::Message;
using engine::Op;

SimServer::SimServer(std::string server_id, engine::Ed25519KeyPair key,
                     std::vector<Enrolment> devices, Rng rng, std::uint64_t clock_origin_ms)
    : server_id_(std::move(server_id)),
      key_(std::move(key)),
      devices_(std::move(devices)),
      rng_(rng),
      clock_origin_ms_(clock_origin_ms),
      sessions_(devices_.size()),
      stored_(devices_.size()) {
  for (std::size_t i = 0; i < devices_.size(); ++i) device_by_id_.emplace(devices_[i].device_id, i);
}

std::uint64_t SimServer::acked_counter(const std::string& device_id) const {
  const auto it = device_by_id_.find(device_id);
  return it == device_by_id_.end() ? 0 : stored_[it->second].size();
}

std::optional<engine::Ed25519PublicKey> SimServer::device_key(const std::string& id) const {
  const auto it = device_by_id_.find(id);
  if (it == device_by_id_.end()) return std::nullopt;
  return devices_[it->second].key;
}

Result<engine::SignedHead> SimServer::sign_current_head() const {
  return engine::sign_head(key_, chain_.index(), chain_.head());
}

void SimServer::send(const Reply& to, const Message& message, SimNetwork& network, SimTime now) {
  network.send(to.endpoint, to.epoch, Direction::kToDevice, engine::encode(message), now);
}

void SimServer::refuse(const Reply& to, ErrorCode code, std::string message, bool transient,
                       SimNetwork& network, SimTime now) {
  ++stats_.errors_sent[static_cast<std::uint16_t>(code)];
  send(to, engine::ErrorMessage{code, std::move(message), transient}, network, now);
  if (!transient) {
    network.close(to.endpoint, to.epoch);
    sessions_[to.endpoint].reset();
  }
}

void SimServer::on_connect(std::size_t endpoint, std::uint64_t epoch, SimNetwork& network,
                           SimTime now) {
  Session session{epoch, {}, std::nullopt};
  for (auto& byte : session.nonce) byte = static_cast<std::uint8_t>(rng_.next());
  sessions_[endpoint] = session;
  send(Reply{endpoint, epoch}, engine::ChallengeMessage{server_id_, session.nonce}, network, now);
}

void SimServer::on_frame(std::size_t endpoint, std::uint64_t epoch, std::string_view frame,
                         SimNetwork& network, SimTime now) {
  std::optional<Session>& session = sessions_[endpoint];
  if (!session || session->epoch != epoch) return;  // the connection was closed meanwhile
  const Reply to{endpoint, epoch};
  Result<Message> decoded = engine::decode(frame);
  if (!decoded) {
    refuse(to, decoded.error().code, decoded.error().message, false, network, now);
    return;
  }
  const Message& message = *decoded;
  if (const auto* hello = std::get_if<engine::HelloMessage>(&message)) {
    on_hello(*session, to, *hello, network, now);
    return;
  }
  if (!session->device) {
    refuse(to, ErrorCode::kNotAuthenticated, "say Hello first", false, network, now);
    return;
  }
  const std::size_t device = *session->device;
  if (const auto* batch = std::get_if<engine::UploadBatchMessage>(&message)) {
    on_upload(device, to, *batch, network, now);
  } else if (const auto* request = std::get_if<engine::DownloadRequestMessage>(&message)) {
    on_download(device, to, *request, network, now);
  } else if (std::holds_alternative<engine::HeadRequestMessage>(message)) {
    Result<engine::SignedHead> head = sign_current_head();
    if (!head) {
      refuse(to, head.error().code, head.error().message, true, network, now);
      return;
    }
    send(to, engine::SignedHeadMessage{*head}, network, now);
  } else {
    refuse(to, ErrorCode::kUnexpectedMessage,
           "message type " + std::to_string(static_cast<int>(engine::message_type(message))) +
               " is not sent by devices",
           false, network, now);
  }
}

void SimServer::on_hello(Session& session, const Reply& to, const engine::HelloMessage& hello,
                         SimNetwork& network, SimTime now) {
  if (session.device) {
    refuse(to, ErrorCode::kReplayedHello,
           "device " + hello.device_id + ": the nonce of this connection was already used", false,
           network, now);
    return;
  }
  if (hello.protocol_version != engine::kProtocolVersion) {
    refuse(to, ErrorCode::kUnsupportedVersion,
           "protocol version " + std::to_string(hello.protocol_version), false, network, now);
    return;
  }
  const auto it = device_by_id_.find(hello.device_id);
  if (it == device_by_id_.end()) {
    refuse(to, ErrorCode::kUnknownDevice, "device " + hello.device_id + " is not enrolled", false,
           network, now);
    return;
  }
  const Enrolment& enrolment = devices_[it->second];
  if (!engine::verify(enrolment.key,
                      engine::hello_signing_bytes(server_id_, session.nonce, hello.device_id),
                      hello.signature)) {
    refuse(to, ErrorCode::kBadSignature, "device " + hello.device_id + ": Hello signature", false,
           network, now);
    return;
  }
  session.device = it->second;
  ++stats_.welcomes;
  engine::WelcomeMessage welcome;
  welcome.server_id = server_id_;
  welcome.role = enrolment.role;
  welcome.station_id = enrolment.station_id;
  welcome.acked_counter = stored_[it->second].size();
  welcome.log_index = chain_.index();
  welcome.audit_head = chain_.head();
  send(to, welcome, network, now);
}

Status SimServer::authorise(std::size_t device, const Op& op) const {
  const Enrolment& author = devices_[device];
  const std::string dot = op.dot.device + ":" + std::to_string(op.dot.counter);
  if (author.role == engine::Role::kOfficer && op.form.station_id != author.station_id) {
    return make_error(ErrorCode::kForbidden, "op " + dot + ": form " + op.form.to_string() +
                                                 " is outside station " + author.station_id);
  }
  if (op.kind == engine::OpKind::kAdjudicate && author.role != engine::Role::kSupervisor) {
    return make_error(ErrorCode::kForbidden, "op " + dot + ": only a supervisor adjudicates");
  }
  if (op.kind == engine::OpKind::kSubmit &&
      !engine::verify(author.key,
                      engine::submission_signing_bytes(op.dot, op.form, op.submission.values_hash),
                      op.submission.signature)) {
    return make_error(ErrorCode::kBadSignature,
                      "op " + dot + ": submission signature does not verify");
  }
  return {};
}

void SimServer::on_upload(std::size_t device, const Reply& to,
                          const engine::UploadBatchMessage& batch, SimNetwork& network,
                          SimTime now) {
  ++stats_.batches;
  std::vector<std::uint64_t>& stored = stored_[device];
  for (const Op& op : batch.ops) {
    if (op.dot.device != devices_[device].device_id) {
      refuse(to, ErrorCode::kForbidden,
             "device " + devices_[device].device_id + " uploaded an op of device " + op.dot.device,
             false, network, now);
      return;
    }
    const std::uint64_t counter = op.dot.counter;
    if (counter <= stored.size()) {
      if (log_[stored[counter - 1] - 1].op_bytes != engine::encode_op(op)) {
        refuse(to, ErrorCode::kEquivocation,
               "device " + op.dot.device + " sent two different ops with counter " +
                   std::to_string(counter),
               false, network, now);
        return;
      }
      ++stats_.duplicates_reacked;
      continue;
    }
    if (counter != stored.size() + 1) {
      ++stats_.gaps_refused;
      refuse(to, ErrorCode::kCounterGap,
             "device " + op.dot.device + ": expected counter " + std::to_string(stored.size() + 1) +
                 ", got " + std::to_string(counter),
             true, network, now);
      return;
    }
    if (Status allowed = authorise(device, op); !allowed) {
      refuse(to, allowed.error().code, allowed.error().message, false, network, now);
      return;
    }
    Result<engine::ApplyResult> applied = replica_.apply(op);
    if (!applied) {
      refuse(to, applied.error().code, applied.error().message, false, network, now);
      return;
    }
    engine::AuditEntry entry = chain_.append(engine::encode_op(op), clock_origin_ms_ + now);
    stored.push_back(entry.index);
    log_.push_back(std::move(entry));
    log_ops_.push_back(op);
    ++stats_.ops_stored;
    if (op.kind == engine::OpKind::kSubmit) {
      engine::SubmissionReceiptMessage receipt{op.form, op.dot, chain_.index(), chain_.head(), {}};
      Result<engine::Ed25519Signature> signature = key_.sign(engine::receipt_signing_bytes(
          receipt.form, receipt.dot, receipt.log_index, receipt.audit_head));
      if (signature) {
        receipt.signature = *signature;
        send(to, receipt, network, now);
      }
    }
  }
  send(to,
       engine::AckMessage{devices_[device].device_id, stored.size(), chain_.index(), chain_.head()},
       network, now);
}

bool SimServer::in_scope(std::size_t device, const Op& op) const {
  const Enrolment& reader = devices_[device];
  return reader.role != engine::Role::kOfficer || op.form.station_id == reader.station_id;
}

void SimServer::on_download(std::size_t device, const Reply& to,
                            const engine::DownloadRequestMessage& request, SimNetwork& network,
                            SimTime now) {
  ++stats_.downloads;
  if (request.cursor > chain_.index()) {
    refuse(to, ErrorCode::kCursorFromFuture,
           "cursor " + std::to_string(request.cursor) + " is past the log's end " +
               std::to_string(chain_.index()),
           false, network, now);
    return;
  }
  engine::PushedOpsMessage page;
  std::uint64_t index = request.cursor;
  while (index < chain_.index() && page.entries.size() < kDownloadPageOps) {
    const Op& op = log_ops_[index];
    ++index;
    if (in_scope(device, op)) page.entries.push_back(engine::LogOp{index, op});
  }
  page.next_cursor = index;
  page.up_to_date = index == chain_.index();
  send(to, page, network, now);
}

}  // namespace tally::sim
