#include "local_replica.hpp"

#include <algorithm>
#include <chrono>

#include "tally/engine/form_status.hpp"
#include "tally/engine/hlc.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/record_hash.hpp"
#include "tally/engine/signing.hpp"

namespace tally::client {
namespace {

std::uint64_t wall_clock_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

Error not_enrolled() {
  return make_error(ErrorCode::kNotAuthenticated, "this device is not enrolled (run enrol first)");
}

Error no_reference_data() {
  return make_error(ErrorCode::kUnknownForm,
                    "no reference data yet: the device has not completed its first sync");
}

Result<engine::Ed25519KeyPair> key_from_identity(const DeviceIdentity& identity) {
  engine::Ed25519Seed seed{};
  if (identity.private_key.size() != seed.size()) {
    return make_error(ErrorCode::kCorruption, "stored device key has " +
                                                  std::to_string(identity.private_key.size()) +
                                                  " bytes, expected 32");
  }
  std::copy(identity.private_key.begin(), identity.private_key.end(), seed.begin());
  return engine::keypair_from_seed(seed);
}

}  // namespace

LocalReplica::LocalReplica(std::unique_ptr<Store> store) : store_(std::move(store)) {}

Result<std::unique_ptr<LocalReplica>> LocalReplica::open(const std::string& store_path) {
  auto store = Store::open(store_path);
  if (!store.ok()) return std::move(store).error();
  std::unique_ptr<LocalReplica> replica(new LocalReplica(std::move(store).value()));
  if (auto loaded = replica->load(); !loaded.ok()) return std::move(loaded).error();
  return replica;
}

Status LocalReplica::load() {
  std::lock_guard lock(mutex_);
  auto identity = store_->identity();
  if (!identity.ok()) return std::move(identity).error();
  identity_ = std::move(identity).value();
  if (identity_) {
    auto key = key_from_identity(*identity_);
    if (!key.ok()) return std::move(key).error();
    key_.emplace(std::move(key).value());
  }
  auto reference = store_->reference_data();
  if (!reference.ok()) return std::move(reference).error();
  if (reference.value()) {
    auto parsed = parse_reference_data(**reference);
    if (!parsed.ok()) return std::move(parsed).error();
    reference_.emplace(std::move(parsed).value());
    reference_json_ = **reference;
  }
  auto counter = store_->last_counter();
  if (!counter.ok()) return std::move(counter).error();
  counter_ = counter.value();
  auto hlc = store_->last_hlc();
  if (!hlc.ok()) return std::move(hlc).error();
  hlc_ = hlc.value();
  auto log = store_->log();
  if (!log.ok()) return std::move(log).error();
  auto now = wall_clock_ms();
  for (std::size_t position = 0; position < log->size(); ++position) {
    auto op = engine::decode_op((*log)[position]);
    if (!op.ok()) {
      // One bad op (written by a version that let it through, issue 14) must not make
      // every other form of the store unusable: it is left out of the state and reported.
      undecodable_.push_back(make_error(
          ErrorCode::kCorruption, "stored op " + std::to_string(position + 1) + " of " +
                                      std::to_string(log->size()) +
                                      " does not decode and is left out: " + op.error().message));
      continue;
    }
    if (auto applied = apply_locked(*op, now); !applied.ok()) return applied;
  }
  return {};
}

std::string_view LocalReplica::scope_station() const {
  if (identity_ && identity_->role == "officer") return identity_->station_id;
  return {};
}

std::optional<DeviceIdentity> LocalReplica::identity() const {
  std::lock_guard lock(mutex_);
  return identity_;
}

Status LocalReplica::save_identity(const DeviceIdentity& identity) {
  auto key = key_from_identity(identity);
  if (!key.ok()) return std::move(key).error();
  std::lock_guard lock(mutex_);
  if (auto saved = store_->save_identity(identity); !saved.ok()) return saved;
  identity_ = identity;
  key_.emplace(std::move(key).value());
  return {};
}

Status LocalReplica::save_reference_data(const ReferenceJson& reference) {
  {
    std::lock_guard lock(mutex_);
    if (reference_json_ == reference) return {};  // unchanged since the last Welcome
  }
  auto parsed = parse_reference_data(reference);
  if (!parsed.ok()) return std::move(parsed).error();
  std::lock_guard lock(mutex_);
  if (auto saved = store_->save_reference_data(reference); !saved.ok()) return saved;
  reference_.emplace(std::move(parsed).value());
  reference_json_ = reference;
  return {};
}

std::vector<Error> LocalReplica::undecodable_ops() const {
  std::lock_guard lock(mutex_);
  return undecodable_;
}

std::vector<engine::FormId> LocalReplica::forms() const {
  std::lock_guard lock(mutex_);
  return reference_ ? reference_->forms(scope_station()) : std::vector<engine::FormId>{};
}

Result<engine::Ed25519Signature> LocalReplica::sign(std::string_view bytes) const {
  std::lock_guard lock(mutex_);
  if (!key_) return not_enrolled();
  return key_->sign(bytes);
}

Status LocalReplica::edit(engine::OpKind kind, const engine::FormId& form, std::string_view path,
                          engine::OpValue value) {
  {
    std::lock_guard lock(mutex_);
    if (!identity_) return not_enrolled();
    if (!reference_) return no_reference_data();
    if (kind == engine::OpKind::kAdjudicate && identity_->role != "supervisor") {
      return make_error(
          ErrorCode::kForbidden,
          "only a supervisor device may adjudicate (this device is " + identity_->role + ")");
    }
    auto unit = reference_->unit_for(form, scope_station());
    if (!unit.ok()) return std::move(unit).error();
    auto field_path = engine::parse_field_path(path);
    if (auto checked =
            engine::check_field_value(reference_->schema, *unit.value(), field_path, value);
        !checked.ok()) {
      return checked;
    }
    engine::Op op;
    op.kind = kind;
    op.form = form;
    op.field = std::string(path);
    op.value = std::move(value);
    if (auto made = make_op(std::move(op)); !made.ok()) return made;
  }
  notify_local_op();
  return {};
}

Status LocalReplica::submit(const engine::FormId& form) {
  {
    std::lock_guard lock(mutex_);
    if (!identity_ || !key_) return not_enrolled();
    if (!reference_) return no_reference_data();
    if (auto unit = reference_->unit_for(form, scope_station()); !unit.ok())
      return std::move(unit).error();
    engine::Op op;
    op.kind = engine::OpKind::kSubmit;
    op.form = form;
    const auto* state = replica_.state(form);
    auto record = state != nullptr ? state->record() : engine::StationRecord{form, {}, {}};
    record.schema_id = reference_->schema.id;
    op.submission.values_hash = engine::record_values_hash(record);
    engine::Dot dot{identity_->device_id, counter_ + 1};
    auto signature =
        key_->sign(engine::submission_signing_bytes(dot, form, op.submission.values_hash));
    if (!signature.ok()) return std::move(signature).error();
    op.submission.signature = signature.value();
    if (auto made = make_op(std::move(op)); !made.ok()) return made;
  }
  notify_local_op();
  return {};
}

Status LocalReplica::withdraw(const engine::FormId& form) {
  {
    std::lock_guard lock(mutex_);
    if (!identity_) return not_enrolled();
    if (!reference_) return no_reference_data();
    if (auto unit = reference_->unit_for(form, scope_station()); !unit.ok())
      return std::move(unit).error();
    engine::Op op;
    op.kind = engine::OpKind::kWithdraw;
    op.form = form;
    if (auto made = make_op(std::move(op)); !made.ok()) return made;
  }
  notify_local_op();
  return {};
}

// Stamps `op` with the next dot, the HLC and the form's version vector, stores it, then
// applies it. Called with the lock held.
Status LocalReplica::make_op(engine::Op op) {
  op.dot = engine::Dot{identity_->device_id, counter_ + 1};
  op.hlc = engine::hlc_now(hlc_, wall_clock_ms());
  const auto* state = replica_.state(op.form);
  op.context = state != nullptr ? state->version_vector() : engine::VersionVector{};
  if (auto shape = engine::check_op_shape(op); !shape.ok()) return shape;
  LocalOp stored{op.dot.counter, op.form.to_string(), engine::encode_op(op), op.hlc};
  if (auto saved = store_->append_local(stored); !saved.ok()) return saved;
  counter_ = op.dot.counter;
  hlc_ = op.hlc;
  return apply_locked(op, op.hlc.physical_ms);
}

Status LocalReplica::apply_locked(const engine::Op& op, std::uint64_t wall_ms) {
  auto applied = replica_.apply(op);
  if (!applied.ok()) return std::move(applied).error();
  // An open-round op names no form: it has no history here.
  if (applied->outcome != engine::ApplyOutcome::kDuplicate &&
      op.kind != engine::OpKind::kOpenRound) {
    histories_[op.form].record(op, engine::hlc_skew_ms(op.hlc, wall_ms));
  }
  return {};
}

Status LocalReplica::apply_remote(const std::vector<engine::Op>& ops, std::uint64_t cursor) {
  std::vector<RemoteOp> rows;
  rows.reserve(ops.size());
  for (const auto& op : ops) {
    if (auto shape = engine::check_op_shape(op); !shape.ok()) return shape;
    rows.push_back(
        RemoteOp{op.dot.device, op.dot.counter, op.form.to_string(), engine::encode_op(op)});
  }
  std::lock_guard lock(mutex_);
  auto stored = store_->append_remote(rows, cursor);
  if (!stored.ok()) return std::move(stored).error();
  auto now = wall_clock_ms();
  for (const auto& op : ops) {
    hlc_ = engine::hlc_observe(hlc_, op.hlc, now);
    if (auto applied = apply_locked(op, now); !applied.ok()) return applied;
  }
  if (!ops.empty()) return store_->save_hlc(hlc_);
  return {};
}

Result<FormView> LocalReplica::view(const engine::FormId& form) const {
  std::lock_guard lock(mutex_);
  if (!reference_) return no_reference_data();
  auto unit = reference_->unit_for(form, scope_station());
  if (!unit.ok()) return std::move(unit).error();
  FormView view;
  view.form = form;
  view.round = unit.value()->round();
  view.round_of = unit.value()->round_of;
  engine::FormState empty(form);
  const auto* found = replica_.state(form);
  const engine::FormState& state = found != nullptr ? *found : empty;
  view.record = state.record();
  view.record.schema_id = reference_->schema.id;
  view.failed_checks = engine::validate_record(reference_->schema, view.record, *unit.value(),
                                               reference_->definition.contest_of(form));
  view.status = engine::form_status(state, view.failed_checks);
  view.conflicts = state.conflicts();
  if (const auto* submission = state.find(engine::kSubmissionPath); submission && identity_) {
    for (const auto& sibling : submission->siblings) {
      if (sibling.kind == engine::OpKind::kSubmit && sibling.dot.device == identity_->device_id) {
        view.submitted_by_this_device = true;
      }
    }
  }
  return view;
}

Result<std::vector<HistoryEntry>> LocalReplica::history(const engine::FormId& form,
                                                        std::string_view path) const {
  std::lock_guard lock(mutex_);
  std::vector<HistoryEntry> entries;
  auto history = histories_.find(form);
  if (history == histories_.end()) return entries;
  const auto* state = replica_.state(form);
  const engine::Register* field = state != nullptr ? state->find(path) : nullptr;
  for (auto& entry : history->second.field(path)) {
    bool live = field != nullptr && std::any_of(field->siblings.begin(), field->siblings.end(),
                                                [&](const engine::Sibling& sibling) {
                                                  return sibling.dot == entry.dot;
                                                });
    entries.push_back(HistoryEntry{std::move(entry), live});
  }
  return entries;
}

Result<std::vector<OutboxEntry>> LocalReplica::outbox(std::uint64_t after, std::size_t limit) {
  std::lock_guard lock(mutex_);
  return store_->outbox(after, limit);
}

Result<std::uint64_t> LocalReplica::pending_count() {
  std::lock_guard lock(mutex_);
  return store_->pending_count();
}

Status LocalReplica::record_ack(const AckReceipt& receipt) {
  std::lock_guard lock(mutex_);
  return store_->record_ack(receipt);
}

Result<std::optional<AckReceipt>> LocalReplica::last_ack() {
  std::lock_guard lock(mutex_);
  return store_->last_ack();
}

Result<std::vector<AckReceipt>> LocalReplica::ack_receipts() {
  std::lock_guard lock(mutex_);
  return store_->ack_receipts();
}

Result<std::map<std::uint64_t, std::string>> LocalReplica::own_ops() {
  std::lock_guard lock(mutex_);
  if (!identity_) return make_error(ErrorCode::kNotAuthenticated, "the device is not enrolled");
  return store_->own_ops(identity_->device_id);
}

Result<std::optional<std::string>> LocalReplica::receipt_check_state() {
  std::lock_guard lock(mutex_);
  return store_->receipt_check_state();
}

Status LocalReplica::save_receipt_check_state(std::string_view state) {
  std::lock_guard lock(mutex_);
  return store_->save_receipt_check_state(state);
}

Status LocalReplica::record_submission_receipt(const SubmissionReceiptRow& receipt) {
  std::lock_guard lock(mutex_);
  return store_->record_submission_receipt(receipt);
}

Result<std::uint64_t> LocalReplica::cursor() {
  std::lock_guard lock(mutex_);
  return store_->cursor();
}

Result<std::uint64_t> LocalReplica::last_counter() {
  std::lock_guard lock(mutex_);
  return counter_;
}

void LocalReplica::notify_local_op() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    callback = on_local_op_;
  }
  if (callback) callback();
}

void LocalReplica::set_on_local_op(std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  on_local_op_ = std::move(callback);
}

}  // namespace tally::client
