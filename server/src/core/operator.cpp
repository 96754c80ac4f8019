// Core: what the operator does through the API besides enrolment: revoking devices, and
// adjudicating or accepting forms as tallyd's console authors (console_author.hpp).
#include <tuple>
#include <utility>

#include "api/json_values.hpp"
#include "base/log.hpp"
#include "base/rfc3339.hpp"
#include "core/core.hpp"
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

// What last changed `state`, as the refusal of a stale adjudication names it: the live
// value written last (by its author's clock), its field, device and time.
std::string last_change(const engine::FormState& state) {
  const engine::Sibling* newest = nullptr;
  std::string_view path;
  for (const auto& [field, reg] : state.registers()) {
    for (const auto& sibling : reg.siblings) {
      if (newest == nullptr ||
          std::tie(sibling.hlc, sibling.dot) > std::tie(newest->hlc, newest->dot)) {
        newest = &sibling;
        path = field;
      }
    }
  }
  if (newest == nullptr) return "its values were cleared";
  return "last " + std::string(engine::to_string(newest->kind)) + " of " + std::string(path) +
         " by device " + newest->dot.device + " at " + rfc3339_utc(newest->hlc.physical_ms);
}

}  // namespace

namespace {

// The device row of a console author: role `role`, the server's signing key as its key.
DeviceRow console_author_row(std::string id, engine::Role role, std::string label,
                             const engine::Ed25519PublicKey& server_key, std::uint64_t now_ms) {
  DeviceRow row;
  row.id = std::move(id);
  row.public_key = server_key;
  row.role = role;
  row.label = std::move(label);
  row.enrolled_ms = now_ms;
  return row;
}

}  // namespace

Status Core::ensure_console_device() {
  const std::string id(kConsoleDeviceId);
  if (devices_.contains(id)) return {};
  auto console =
      console_author_row(id, engine::Role::kOperator, "tallyd operator console (adjudications)",
                         server_key_.public_key(), clock_());
  WriteSet writes;
  writes.new_devices.push_back(console);
  // Called before the group writer starts: the store has no other writer yet.
  if (auto status = store_.commit(writes); !status) return status;
  devices_.emplace(console.id, console);
  return {};
}

DeviceRow Core::console_author(const ConsoleEdit& edit) {
  const std::string id = console_author_id(edit.person);
  {
    std::lock_guard lock(sequence_mutex_);
    if (auto known = devices_.find(id); known != devices_.end()) return known->second;
  }
  auto author = console_author_row(id, edit.person_role, "decisions of " + edit.person,
                                   server_key_.public_key(), clock_());
  {
    std::lock_guard lock(sequence_mutex_);
    devices_.emplace(id, author);
  }
  // Queued before the author's first op: committed in the same group or an earlier one.
  // A failed commit rolls the sequencer back from the store (rollback.cpp), which forgets
  // the row again.
  WriteSet writes;
  writes.new_devices.push_back(author);
  writer_->submit(std::move(writes), [id](const Status& status) {
    if (status) log_info("console_author_added", {{"device", id}});
  });
  return author;
}

void Core::revoke_device(const std::string& device_id,
                         std::function<void(Result<DeviceRow>)> done) {
  if (!healthy()) return done(degraded_error());
  DeviceRow device;
  std::optional<Error> refused;
  bool already_revoked = false;
  {
    std::lock_guard lock(sequence_mutex_);
    auto found = devices_.find(device_id);
    if (found == devices_.end()) {
      refused = make_error(ErrorCode::kUnknownDevice, "device '" + device_id + "' is not enrolled");
    } else if (is_console_author(device_id)) {
      refused = make_error(ErrorCode::kForbidden,
                           "device '" + device_id + "' is tallyd's own and cannot be revoked");
    } else {
      already_revoked = found->second.revoked;
      found->second.revoked = true;
      if (!already_revoked) --devices_enrolled_;
      device = found->second;
    }
  }
  // `done` runs with no lock held: it may call back into the core.
  if (refused) return done(std::move(*refused));
  if (already_revoked) return done(device);
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
  sessions_.for_each_open(
      [&device_id](SessionEvents& session) { session.device_revoked(device_id); });
}

Result<engine::Op> Core::console_op(const ConsoleEdit& edit, const std::string& author) {
  engine::Op op;
  op.form = edit.form;
  op.kind = edit.field.empty() ? engine::OpKind::kSubmit : engine::OpKind::kAdjudicate;
  op.field = edit.field;
  if (!edit.field.empty()) op.value = edit.value;
  {
    std::shared_lock lock(state_mutex_);
    const auto* merged = state_.replica().state(edit.form);
    if (edit.seen) {
      std::size_t pending = 0;
      {
        std::lock_guard pending_lock(console_pending_mutex_);
        auto found = console_pending_.find(edit.form);
        if (found != console_pending_.end()) pending = found->second;
      }
      if (pending > 0) {
        return make_error(ErrorCode::kStaleAdjudication,
                          "form " + edit.form.to_string() +
                              " changed since it was seen: another decision on it is being "
                              "committed; reload the form");
      }
      if (state_.form_version(edit.form) != *edit.seen) {
        return make_error(
            ErrorCode::kStaleAdjudication,
            "form " + edit.form.to_string() + " changed since it was seen (" +
                (merged == nullptr ? std::string("it has no entries") : last_change(*merged)) +
                "); reload the form");
      }
    }
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
    op.dot = engine::Dot{author, op_digests_[author].size() + 1};
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
  const auto answer = [actor = edit.actor, done = std::move(done)](const engine::Op& op,
                                                                   Result<UploadReply> reply) {
    if (!reply) return done(std::move(reply).error());
    log_info(op.kind == engine::OpKind::kSubmit ? "form_accepted" : "field_adjudicated",
             {{"device", op.dot.device},
              {"counter", std::to_string(op.dot.counter)},
              {"form", op.form.to_string()},
              {"field", op.field},
              {"actor", actor},
              {"log_index", std::to_string(reply->ack.log_index)}});
    done(op);
  };
  // The reply of an upload the core refuses at once arrives while the console mutex is
  // still held; it is kept and answered once the mutex is released (`done` may call back
  // into the core). A reply from the publisher thread is answered where it arrives.
  struct Reply {
    std::mutex mutex;
    bool console_released = false;
    std::optional<Result<UploadReply>> early;
  };
  auto reply = std::make_shared<Reply>();
  std::optional<engine::Op> op;
  Error refused;
  {
    // Held until the op is sequenced, so that the console's counters stay gap-free.
    std::lock_guard console_lock(console_mutex_);
    auto made = console_op(edit, console_author_id(edit.person));
    if (!made) {
      refused = std::move(made).error();
    } else {
      op = *made;
      const DeviceRow author = console_author(edit);
      {
        std::lock_guard pending_lock(console_pending_mutex_);
        ++console_pending_[op->form];
      }
      upload(author, {*made},
             [this, reply, op = *made, answer](Result<UploadReply> result) mutable {
               // Published (or refused): later decisions see this one in the state.
               {
                 std::lock_guard pending_lock(console_pending_mutex_);
                 auto pending = console_pending_.find(op.form);
                 if (pending != console_pending_.end() && --pending->second == 0) {
                   console_pending_.erase(pending);
                 }
               }
               {
                 std::lock_guard lock(reply->mutex);
                 if (!reply->console_released) {
                   reply->early = std::move(result);
                   return;
                 }
               }
               answer(op, std::move(result));
             });
    }
  }
  if (!op) return answer(engine::Op{}, std::move(refused));
  std::optional<Result<UploadReply>> early;
  {
    std::lock_guard lock(reply->mutex);
    reply->console_released = true;
    early = std::move(reply->early);
  }
  if (early) answer(*op, std::move(*early));
}

}  // namespace tally::server
