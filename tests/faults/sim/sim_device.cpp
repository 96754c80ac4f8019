// The simulated device's client logic (sim_device.hpp).
#include "sim_device.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "tally/engine/form_status.hpp"
#include "tally/engine/hlc.hpp"
#include "tally/engine/record_hash.hpp"
#include "tally/engine/signing.hpp"

namespace tally::sim {

using engine::Op;
using engine::OpKind;

SimDevice::SimDevice(std::size_t endpoint, DeviceSetup setup, engine::Ed25519KeyPair key,
                     std::string server_id, engine::Ed25519PublicKey server_key,
                     std::uint64_t clock_origin_ms, Rng rng)
    : endpoint_(endpoint),
      setup_(std::move(setup)),
      identity_(std::move(key), setup_.device_id),
      server_id_(std::move(server_id)),
      server_key_(server_key),
      clock_origin_ms_(clock_origin_ms),
      rng_(rng) {}

std::uint64_t SimDevice::wall_ms(SimTime now) const {
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(clock_origin_ms_ + now) +
                                    setup_.clock_skew_ms);
}

bool SimDevice::settled() const {
  return outbox_.empty() && next_planned_ == setup_.plan.size() && !adjudication_due_;
}

void SimDevice::send(const engine::Message& message, SimNetwork& network, SimTime now) {
  network.send(endpoint_, epoch_, Direction::kToServer, engine::encode(message), now);
}

// ---- edits ---------------------------------------------------------------------------

Op SimDevice::next_op(const engine::FormId& form) {
  Op op;
  op.dot = engine::Dot{setup_.device_id, ++counter_};
  hlc_ = engine::hlc_now(hlc_, wall_ms(now_));
  op.hlc = hlc_;
  op.form = form;
  op.context = replica_.version_vector();
  return op;
}

void SimDevice::make_op(Op op) {
  if (Result<engine::ApplyResult> applied = replica_.apply(op); !applied) {
    violations_.push_back(id() + ": own op refused: " + applied.error().to_string());
  }
  replica_changed_ = true;
  made_.push_back(op);
  outbox_.push_back(std::move(op));
}

void SimDevice::make_submit(const engine::FormId& form) {
  Op op = next_op(form);
  op.kind = OpKind::kSubmit;
  const engine::FormState* state = replica_.state(form);
  op.submission.values_hash = engine::record_values_hash(
      state != nullptr ? state->record() : engine::StationRecord{form, {}, {}});
  identity_.sign_submission(op);
  make_op(std::move(op));
}

void SimDevice::apply_plan(SimTime now) {
  while (next_planned_ < setup_.plan.size() && setup_.plan[next_planned_].at <= now) {
    const PlannedEdit& edit = setup_.plan[next_planned_++];
    if (edit.kind == OpKind::kSubmit) {
      make_submit(edit.form);
      continue;
    }
    Op op = next_op(edit.form);
    op.kind = OpKind::kSet;
    op.field = edit.field;
    op.value = edit.value;
    make_op(std::move(op));
  }
}

void SimDevice::refresh_adjudication_due() {
  if (setup_.role != engine::Role::kSupervisor || !replica_changed_) return;
  replica_changed_ = false;
  adjudication_due_ =
      std::any_of(replica_.forms().begin(), replica_.forms().end(), [](const auto& entry) {
        return engine::form_status(entry.second, {}).stage == engine::FormStage::kFlagged ||
               !entry.second.conflicts().empty();
      });
}

void SimDevice::adjudicate() {
  std::vector<engine::FormId> forms;
  for (const auto& [form, state] : replica_.forms()) {
    if (engine::form_status(state, {}).stage == engine::FormStage::kFlagged ||
        !state.conflicts().empty()) {
      forms.push_back(form);
    }
  }
  std::sort(forms.begin(), forms.end());
  for (const engine::FormId& form : forms) {
    const bool flagged =
        engine::form_status(*replica_.state(form), {}).stage == engine::FormStage::kFlagged;
    for (const engine::FieldConflict& conflict : replica_.state(form)->conflicts()) {
      if (conflict.path == engine::kSubmissionPath) continue;  // the submit below covers it
      Op op = next_op(form);
      op.kind = OpKind::kAdjudicate;
      op.field = conflict.path;
      op.value = conflict.siblings.back().value;  // the supervisor's pick: the latest dot's
      make_op(std::move(op));
      ++stats_.adjudications;
    }
    if (flagged) make_submit(form);  // accepts the form; a draft stays the officers' to submit
  }
}

// ---- connection ----------------------------------------------------------------------

void SimDevice::go_offline(SimTime now) {
  link_ = Link::kOffline;
  download_in_flight_ = false;
  ++failed_attempts_;
  const SimTime ceiling =
      std::min(kBackoffCapMs, kBackoffBaseMs << std::min(failed_attempts_, 16U));
  reconnect_at_ = now + rng_.between(0, ceiling);
}

void SimDevice::manage_link(SimNetwork& network, SimTime now) {
  if (link_ != Link::kOffline && !network.is_open(endpoint_, epoch_)) go_offline(now);
  if ((link_ == Link::kAwaitChallenge || link_ == Link::kAwaitWelcome) &&
      now - link_since_ >= kHandshakeTimeoutMs) {
    network.close(endpoint_, epoch_);
    go_offline(now);
  }
  if (link_ == Link::kOffline && now >= reconnect_at_) {
    ++stats_.connects;
    if (const auto epoch = network.connect(endpoint_, now)) {
      epoch_ = *epoch;
      link_ = Link::kAwaitChallenge;
      link_since_ = now;
    } else {
      go_offline(now);
    }
  }
}

void SimDevice::pump_uploads(SimNetwork& network, SimTime now) {
  if (sent_through_ > acked_ && now - last_upload_progress_ >= kAckTimeoutMs) {
    sent_through_ = acked_;
    ++stats_.resends;
  }
  while (sent_through_ < counter_ && sent_through_ - acked_ < kWindowOps) {
    const std::size_t from = static_cast<std::size_t>(sent_through_ - acked_);
    const std::size_t count = std::min(
        {kBatchOps, static_cast<std::size_t>(counter_ - sent_through_), kWindowOps - from});
    engine::UploadBatchMessage batch;
    const auto first = outbox_.begin() + static_cast<std::ptrdiff_t>(from);
    batch.ops.assign(first, first + static_cast<std::ptrdiff_t>(count));
    send(batch, network, now);
    sent_through_ += count;
    last_upload_progress_ = now;
    ++stats_.batches_sent;
  }
}

void SimDevice::pump_downloads(SimNetwork& network, SimTime now) {
  if (download_in_flight_ && now - download_sent_ < kRequestTimeoutMs) return;
  if (download_in_flight_ || !up_to_date_ || now - last_download_ >= kPollMs) {
    send(engine::DownloadRequestMessage{cursor_}, network, now);
    download_in_flight_ = true;
    download_sent_ = now;
  }
}

void SimDevice::tick(SimNetwork& network, SimTime now) {
  now_ = now;
  apply_plan(now);
  manage_link(network, now);
  if (link_ != Link::kReady) return;
  refresh_adjudication_due();
  if (up_to_date_ && !download_in_flight_ && adjudication_due_) {
    adjudicate();
    refresh_adjudication_due();
  }
  pump_uploads(network, now);
  pump_downloads(network, now);
}

// ---- frames from the server ----------------------------------------------------------

void SimDevice::on_frame(std::uint64_t epoch, std::string_view frame, SimNetwork& network,
                         SimTime now) {
  if (epoch != epoch_) return;
  now_ = now;
  Result<engine::Message> decoded = engine::decode(frame);
  if (!decoded) {
    violations_.push_back(id() + ": undecodable frame: " + decoded.error().to_string());
    return;
  }
  std::visit(
      [&](const auto& message) {
        using M = std::decay_t<decltype(message)>;
        if constexpr (std::is_same_v<M, engine::ChallengeMessage>) {
          on_challenge(message, network, now);
        } else if constexpr (std::is_same_v<M, engine::WelcomeMessage>) {
          on_welcome(message, network, now);
        } else if constexpr (std::is_same_v<M, engine::AckMessage>) {
          on_ack(message, now);
        } else if constexpr (std::is_same_v<M, engine::PushedOpsMessage>) {
          on_pushed(message, now);
        } else if constexpr (std::is_same_v<M, engine::SubmissionReceiptMessage>) {
          on_receipt(message);
        } else if constexpr (std::is_same_v<M, engine::SignedHeadMessage>) {
          on_signed_head(message);
        } else if constexpr (std::is_same_v<M, engine::ErrorMessage>) {
          on_error(message);
        } else {
          violations_.push_back(id() + ": server sent message type " +
                                std::to_string(static_cast<int>(M::kType)));
        }
      },
      *decoded);
}

void SimDevice::on_challenge(const engine::ChallengeMessage& challenge, SimNetwork& network,
                             SimTime now) {
  if (link_ != Link::kAwaitChallenge) return;  // a Challenge of an older connection
  if (challenge.server_id != server_id_) {
    violations_.push_back(id() + ": Challenge from server " + challenge.server_id);
    return;
  }
  send(identity_.hello(challenge), network, now);
  link_ = Link::kAwaitWelcome;
}

void SimDevice::on_welcome(const engine::WelcomeMessage& welcome, SimNetwork& network,
                           SimTime now) {
  if (link_ != Link::kAwaitWelcome) return;  // a duplicated Welcome
  if (welcome.role != setup_.role || welcome.station_id != setup_.station_id) {
    violations_.push_back(id() + ": Welcome names another role or station");
  }
  if (welcome.acked_counter < acked_ || welcome.acked_counter > counter_) {
    violations_.push_back(id() + ": Welcome acks counter " + std::to_string(welcome.acked_counter) +
                          ", device holds an ack for " + std::to_string(acked_) + " and made " +
                          std::to_string(counter_));
  }
  heads_seen_.push_back(HeadSeen{welcome.log_index, welcome.audit_head});
  while (acked_ < welcome.acked_counter && !outbox_.empty()) {
    outbox_.pop_front();
    ++acked_;
  }
  sent_through_ = acked_;  // a new connection resends everything unacked
  last_upload_progress_ = now;
  link_ = Link::kReady;
  failed_attempts_ = 0;
  up_to_date_ = false;
  download_in_flight_ = false;
  ++stats_.welcomes;
  // Ask for a signed head covering the latest submission receipt, if none does yet.
  if (std::any_of(receipts_.begin(), receipts_.end(), [&](const ReceiptHeld& receipt) {
        return receipt.log_index > signed_through_;
      })) {
    send(engine::HeadRequestMessage{}, network, now);
  }
}

void SimDevice::on_ack(const engine::AckMessage& ack, SimTime now) {
  if (ack.device != id() || ack.acked_counter > counter_) {
    violations_.push_back(id() + ": Ack for " + ack.device + " counter " +
                          std::to_string(ack.acked_counter) + " (made " + std::to_string(counter_) +
                          ")");
    return;
  }
  heads_seen_.push_back(HeadSeen{ack.log_index, ack.audit_head});
  if (ack.acked_counter <= acked_) return;  // an old or duplicated Ack
  while (acked_ < ack.acked_counter) {
    outbox_.pop_front();
    ++acked_;
  }
  sent_through_ = std::max(sent_through_, acked_);
  last_upload_progress_ = now;
}

void SimDevice::on_pushed(const engine::PushedOpsMessage& pushed, SimTime now) {
  for (const engine::LogOp& entry : pushed.entries) {
    if (setup_.role == engine::Role::kOfficer && entry.op.form.station_id != setup_.station_id) {
      violations_.push_back(id() + ": downloaded op of form " + entry.op.form.to_string() +
                            " outside its station");
      continue;
    }
    Result<engine::ApplyResult> applied = replica_.apply(entry.op);
    if (!applied) {
      violations_.push_back(id() + ": downloaded op refused: " + applied.error().to_string());
    } else if (applied->changed()) {
      replica_changed_ = true;
    }
    hlc_ = engine::hlc_observe(hlc_, entry.op.hlc, wall_ms(now));
  }
  if (pushed.next_cursor >= cursor_) {
    cursor_ = pushed.next_cursor;
    up_to_date_ = pushed.up_to_date;
  }
  download_in_flight_ = false;
  last_download_ = now;
}

void SimDevice::on_receipt(const engine::SubmissionReceiptMessage& receipt) {
  if (!engine::verify(server_key_,
                      engine::receipt_signing_bytes(receipt.form, receipt.dot, receipt.log_index,
                                                    receipt.audit_head),
                      receipt.signature)) {
    violations_.push_back(id() + ": receipt signature for counter " +
                          std::to_string(receipt.dot.counter) + " does not verify");
    return;
  }
  heads_seen_.push_back(HeadSeen{receipt.log_index, receipt.audit_head});
  receipts_.push_back(ReceiptHeld{receipt.dot, receipt.log_index});
}

void SimDevice::on_signed_head(const engine::SignedHeadMessage& signed_head) {
  if (!engine::verify_head(server_key_, signed_head.head)) {
    violations_.push_back(id() + ": signed head " + std::to_string(signed_head.head.log_index) +
                          " does not verify");
    return;
  }
  heads_seen_.push_back(HeadSeen{signed_head.head.log_index, signed_head.head.head});
  signed_through_ = std::max(signed_through_, signed_head.head.log_index);
}

void SimDevice::on_error(const engine::ErrorMessage& error) {
  if (error.code == ErrorCode::kCounterGap) {  // resend from the first unacked op
    sent_through_ = acked_;
    ++stats_.resends;
  }
}

}  // namespace tally::sim
