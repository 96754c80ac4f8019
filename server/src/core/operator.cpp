// Core: what the operator does through the API besides enrolment: revoking devices, and
// adjudicating or accepting forms as the console device (kConsoleDeviceId).
#include <utility>

#include "base/log.hpp"
#include "core/core.hpp"
#include "sync/sync_session.hpp"
#include "tally/engine/hlc.hpp"
#include "tally/engine/names.hpp"
#include "tally/engine/record_hash.hpp"
#include "tally/engine/signing.hpp"

namespace tally::server {
namespace {

// What keeps a flagged form from being accepted as it stands: anything but a conflict
// between submissions or values changed since the submission (a new submission by the
// console resolves those).
std::string blocking_reasons(const engine::FormStatus& status) {
  std::string reasons;
  for (const auto& reason : status.reasons) {
    if (reason.kind == engine::FlagKind::kConflictingSubmissions ||
        reason.kind == engine::FlagKind::kValuesChangedSinceSubmission) {
      continue;
    }
    reasons += (reasons.empty() ? "" : ", ") + std::string(engine::to_string(reason.kind)) + " " +
               reason.detail;
  }
  return reasons;
}

}  // namespace

Status Core::ensure_console_device() {
  const auto known = devices_.find(kConsoleDeviceId);
  if (known != devices_.end()) {
    console_device_ = known->second;
    return {};
  }
  DeviceRow console;
  console.id = kConsoleDeviceId;
  console.public_key = server_key_.public_key();
  console.role = engine::Role::kOperator;
  console.label = "tallyd operator console (adjudications)";
  console.enrolled_ms = clock_();
  WriteSet writes;
  writes.new_devices.push_back(console);
  // Called before the group writer starts: the store has no other writer yet.
  if (auto status = store_.commit(writes); !status) return status;
  devices_.emplace(console.id, console);
  console_device_ = console;
  return {};
}

void Core::revoke_device(const std::string& device_id,
                         std::function<void(Result<DeviceRow>)> done) {
  if (!healthy()) return done(degraded_error());
  DeviceRow device;
  {
    std::lock_guard lock(sequence_mutex_);
    auto found = devices_.find(device_id);
    if (found == devices_.end()) {
      return done(
          make_error(ErrorCode::kUnknownDevice, "device '" + device_id + "' is not enrolled"));
    }
    if (device_id == kConsoleDeviceId) {
      return done(make_error(ErrorCode::kForbidden,
                             "device '" + device_id + "' is tallyd's own and cannot be revoked"));
    }
    if (found->second.revoked) return done(found->second);
    found->second.revoked = true;
    device = found->second;
  }
  WriteSet writes;
  writes.revoked_devices.push_back(device_id);
  writer_->submit(std::move(writes), [this, device, done = std::move(done)](const Status& status) {
    if (!status) return done(status.error());
    log_info("device_revoked", {{"device", device.id},
                                {"role", engine::to_string(device.role)},
                                {"station", device.station}});
    close_sessions_of(device.id);
    done(device);
  });
}

void Core::close_sessions_of(const std::string& device_id) {
  std::vector<std::shared_ptr<SyncSession>> open;
  {
    std::lock_guard lock(subscribers_mutex_);
    for (const auto& [key, weak] : sessions_) {
      if (auto session = weak.lock()) open.push_back(std::move(session));
    }
  }
  for (auto& session : open) {
    session->post_task([session, device_id] { session->on_revoked(device_id); });
  }
}

Result<engine::Op> Core::console_op(const ConsoleEdit& edit) {
  engine::Op op;
  op.form = edit.form;
  op.kind = edit.field.empty() ? engine::OpKind::kSubmit : engine::OpKind::kAdjudicate;
  op.field = edit.field;
  if (!edit.field.empty()) op.value = edit.value;
  {
    std::shared_lock lock(state_mutex_);
    const auto* merged = state_.replica().state(edit.form);
    // The form as committed: the op covers every sibling of every field.
    if (merged != nullptr) op.context = merged->version_vector();
    if (op.kind == engine::OpKind::kSubmit) {
      const auto* view = state_.form(edit.form);
      if (view == nullptr || view->status.stage != engine::FormStage::kFlagged) {
        return make_error(
            ErrorCode::kInvalidArgument,
            "form " + edit.form.to_string() + " is " +
                std::string(view == nullptr ? "empty" : engine::to_string(view->status.stage)) +
                ", not flagged: there is nothing to accept");
      }
      if (const auto blocking = blocking_reasons(view->status); !blocking.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "form " + edit.form.to_string() + " cannot be accepted as it stands (" +
                              blocking + "): adjudicate or correct it first");
      }
      op.submission.values_hash = engine::record_values_hash(view->record);
    }
  }
  {
    std::lock_guard lock(sequence_mutex_);
    op.dot = engine::Dot{kConsoleDeviceId, op_digests_[kConsoleDeviceId].size() + 1};
  }
  console_hlc_ = engine::hlc_now(console_hlc_, clock_());
  op.hlc = console_hlc_;
  if (op.kind == engine::OpKind::kSubmit) {
    auto signature = server_key_.sign(
        engine::submission_signing_bytes(op.dot, op.form, op.submission.values_hash));
    if (!signature) return std::move(signature).error();
    op.submission.signature = *signature;
  }
  return op;
}

void Core::adjudicate(const ConsoleEdit& edit, std::function<void(Result<engine::Op>)> done) {
  if (!healthy()) return done(degraded_error());
  // Held until the op is sequenced, so that the console's counters stay gap-free.
  std::lock_guard console_lock(console_mutex_);
  auto made = console_op(edit);
  if (!made) return done(std::move(made).error());
  upload(*console_device_, {*made},
         [op = *made, actor = edit.actor, done = std::move(done)](Result<UploadReply> reply) {
           if (!reply) return done(std::move(reply).error());
           log_info(op.kind == engine::OpKind::kSubmit ? "form_accepted" : "field_adjudicated",
                    {{"device", op.dot.device},
                     {"counter", std::to_string(op.dot.counter)},
                     {"form", op.form.to_string()},
                     {"field", op.field},
                     {"actor", actor},
                     {"log_index", std::to_string(reply->ack.log_index)}});
           done(op);
         });
}

}  // namespace tally::server
