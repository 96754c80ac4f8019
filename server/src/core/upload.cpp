// Core: the checks an uploaded batch must pass, sequencing, and the reply after commit.
#include <chrono>
#include <utility>

#include "base/log.hpp"
#include "core/core.hpp"
#include "tally/engine/field_path.hpp"
#include "tally/engine/form_state.hpp"
#include "tally/engine/names.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"

namespace tally::server {
namespace {

bool may_write(engine::Role role, engine::OpKind kind) {
  switch (role) {
    case engine::Role::kOfficer:
      return kind == engine::OpKind::kSet || kind == engine::OpKind::kSubmit ||
             kind == engine::OpKind::kWithdraw;
    case engine::Role::kSupervisor:
      return kind == engine::OpKind::kAdjudicate || kind == engine::OpKind::kSubmit ||
             kind == engine::OpKind::kWithdraw;
    case engine::Role::kOperator:  // adjudicates and accepts forms, opens the second round
      return kind == engine::OpKind::kAdjudicate || kind == engine::OpKind::kSubmit ||
             kind == engine::OpKind::kOpenRound;
    case engine::Role::kAuditor:
      return false;
  }
  return false;
}

std::string describe(const engine::Op& op) {
  return "op " + op.dot.device + ":" + std::to_string(op.dot.counter) + " (" +
         std::string(engine::to_string(op.kind)) + " " + op.form.to_string() +
         (op.field.empty() ? std::string{} : " " + op.field) + ")";
}

}  // namespace

Status Core::check_op(const DeviceRow& device, const engine::Op& op) const {
  if (op.dot.device != device.id) {
    return make_error(ErrorCode::kForbidden,
                      describe(op) + " is not an op of the connected device " + device.id);
  }
  if (auto shape = engine::check_op_shape(op); !shape) {
    Error error = shape.error();
    error.message = describe(op) + ": " + error.message;
    return error;
  }
  if (op.kind == engine::OpKind::kOpenRound) {
    // Only tallyd's own console opens a round (Core::open_round), signed with its key.
    if (!is_console_author(device.id) || device.role != engine::Role::kOperator) {
      return make_error(ErrorCode::kForbidden,
                        describe(op) + ": only tallyd's operator console opens a round");
    }
    if (!engine::verify(device.public_key, engine::round_opening_signing_bytes(op),
                        op.submission.signature)) {
      return make_error(ErrorCode::kBadSignature,
                        describe(op) + ": the opening is not signed by tallyd's key");
    }
    return {};
  }
  const engine::ElectoralUnit* unit = reference_.unit_of(op.form);
  if (unit == nullptr) {
    return make_error(ErrorCode::kUnknownForm, describe(op) + ": form " + op.form.to_string() +
                                                   " is not in the election definition");
  }
  if (!may_write(device.role, op.kind)) {
    return make_error(ErrorCode::kForbidden,
                      describe(op) + ": a " + std::string(engine::to_string(device.role)) +
                          " may not " + std::string(engine::to_string(op.kind)));
  }
  if (device.role == engine::Role::kOfficer && op.form.station_id != device.station) {
    return make_error(ErrorCode::kForbidden,
                      describe(op) + ": the officer of station " + device.station +
                          " may not write forms of station " + op.form.station_id);
  }
  if (op.kind == engine::OpKind::kSet || op.kind == engine::OpKind::kAdjudicate) {
    auto checked = engine::check_field_value(reference_.schema(), *unit,
                                             engine::parse_field_path(op.field), op.value);
    if (!checked) {
      Error error = checked.error();
      error.message = describe(op) + ": " + error.message;
      return error;
    }
  }
  if (op.kind == engine::OpKind::kSubmit) {
    const auto bytes = engine::submission_signing_bytes(op.dot, op.form, op.submission.values_hash);
    if (!engine::verify(device.public_key, bytes, op.submission.signature)) {
      return make_error(ErrorCode::kBadSignature,
                        describe(op) + ": the submission is not signed by the device's key");
    }
  }
  return {};
}

// Checks `ops` and sequences the new ones into `writes`; the error that refuses the whole
// batch, if any (then nothing was sequenced). Runs under the sequence mutex.
std::optional<Error> Core::sequence_batch(const DeviceRow& device, std::vector<engine::Op>& ops,
                                          std::uint64_t now_ms,
                                          std::chrono::steady_clock::time_point received,
                                          WriteSet& writes, std::size_t& duplicates) {
  if (auto known = devices_.find(device.id); known != devices_.end() && known->second.revoked) {
    return make_error(ErrorCode::kDeviceRevoked,
                      "device '" + device.id + "' was revoked by the operator");
  }
  if (const auto wait = rate_limiter_.take(device.id, ops.size(), received); wait.count() > 0) {
    // Refused, not delayed: nothing of the batch is stored, the device keeps it in its
    // outbox and sends it again after reconnecting (the error is transient).
    return (make_error(
        ErrorCode::kRateLimited,
        "device " + device.id + " is over its rate of " +
            std::to_string(static_cast<std::uint64_t>(options_.max_ops_per_second_per_device)) +
            " ops/s; retry in " + std::to_string(wait.count()) + " ms",
        /*transient=*/true));
  }
  const auto& stored = op_digests_[device.id];
  std::vector<engine::Sha256Digest> new_digests;
  std::uint64_t next = stored.size() + 1;  // the counter the next new op must carry
  std::vector<std::string> encoded(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const engine::Op& op = ops[i];
    if (auto checked = check_op(device, op); !checked) return checked.error();
    encoded[i] = engine::encode_op(op);
    if (op.dot.counter < next) {
      const auto digest = engine::sha256(encoded[i]);
      const auto& known = op.dot.counter <= stored.size()
                              ? stored[op.dot.counter - 1]
                              : new_digests[op.dot.counter - stored.size() - 1];
      if (known != digest) {
        record_equivocation(op, encoded[i]);
        return make_error(ErrorCode::kEquivocation,
                          describe(op) + " differs from the op stored with the same dot");
      }
      ++duplicates;
      continue;
    }
    if (op.dot.counter > next) {
      return make_error(ErrorCode::kCounterGap,
                        describe(op) + ": expected counter " + std::to_string(next));
    }
    new_digests.push_back(engine::sha256(encoded[i]));
    ++next;
  }
  // Every op passed: sequence the new ones.
  std::size_t fresh = 0;
  auto& digests = op_digests_[device.id];
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].dot.counter <= digests.size()) continue;
    LogRow row;
    row.entry = chain_.append(std::move(encoded[i]), now_ms);
    row.dot = ops[i].dot;
    row.form = ops[i].form;
    row.kind = ops[i].kind;
    writes.ops.push_back(std::move(row));
    writes.decoded_ops.push_back(std::move(ops[i]));
    digests.push_back(new_digests[fresh++]);
  }
  return std::nullopt;
}

void Core::upload(const DeviceRow& device, std::vector<engine::Op> ops,
                  std::function<void(Result<UploadReply>)> done) {
  if (!healthy()) return done(degraded_error());
  if (ops.size() > options_.max_batch_ops) {
    return done(make_error(ErrorCode::kBatchTooLarge,
                           "a batch holds at most " + std::to_string(options_.max_batch_ops) +
                               " ops, this one " + std::to_string(ops.size())));
  }
  // Held until the writes are queued: the writer commits in queue order, so batches must
  // be queued in the order their log indexes were given, or a group could commit later
  // indexes before earlier ones (a gap on disk, a head over the wrong entry).
  const auto received = std::chrono::steady_clock::now();
  std::unique_lock sequence_lock(sequence_mutex_);
  sequence_and_submit(device, std::move(ops), received, sequence_lock, std::move(done));
}

void Core::sequence_and_submit(const DeviceRow& device, std::vector<engine::Op> ops,
                               std::chrono::steady_clock::time_point received,
                               std::unique_lock<std::mutex>& sequence_lock,
                               std::function<void(Result<UploadReply>)> done) {
  const std::uint64_t now_ms = clock_();
  WriteSet writes;
  std::size_t duplicates = 0;
  if (auto refused = sequence_batch(device, ops, now_ms, received, writes, duplicates)) {
    sequence_lock.unlock();  // `done` may call back into the core
    return done(std::move(*refused));
  }
  metrics_.record_batch(ops.size());
  metrics_.duplicate_ops(duplicates);
  std::vector<engine::SubmissionReceiptMessage> receipts;
  for (const auto& row : writes.ops) {
    if (row.kind != engine::OpKind::kSubmit) continue;
    receipts.push_back(
        engine::SubmissionReceiptMessage{row.form, row.dot, row.entry.index, row.entry.hash, {}});
  }
  auto refused = writer_->try_submit(
      std::move(writes), [this, device_id = device.id, received, receipts = std::move(receipts),
                          done = std::move(done)](const Status& status) mutable {
        if (!status) return done(status.error());
        UploadReply reply;
        {
          std::shared_lock lock(state_mutex_);
          auto counter = committed_counters_.find(device_id);
          reply.ack.device = device_id;
          reply.ack.acked_counter = counter == committed_counters_.end() ? 0 : counter->second;
          reply.ack.log_index = committed_chain_.index();
          reply.ack.audit_head = committed_chain_.head();
        }
        for (auto& receipt : receipts) {
          auto signature = server_key_.sign(engine::receipt_signing_bytes(
              receipt.form, receipt.dot, receipt.log_index, receipt.audit_head));
          if (!signature) return done(std::move(signature).error());
          receipt.signature = *signature;
        }
        reply.receipts = std::move(receipts);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - received;
        metrics_.record_ack(took.count());
        done(std::move(reply));
      });
  sequence_lock.unlock();
  if (refused) refused->done(refused->status);  // the writer is stopping
}

void Core::record_equivocation(const engine::Op& op, std::string bytes) {
  log_warn("equivocation", {{"device", op.dot.device},
                            {"code", code_field(ErrorCode::kEquivocation)},
                            {"counter", std::to_string(op.dot.counter)},
                            {"form", op.form.to_string()}});
  WriteSet writes;
  writes.equivocations.push_back(EquivocationRow{op.dot, std::move(bytes), clock_()});
  writer_->submit(std::move(writes), [](const Status&) {});
}

}  // namespace tally::server
