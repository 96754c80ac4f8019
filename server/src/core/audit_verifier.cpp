#include "core/audit_verifier.hpp"

#include <map>
#include <utility>
#include <vector>

#include "base/log.hpp"

namespace tally::server {

AuditVerifier::AuditVerifier(Store& store, const engine::Ed25519PublicKey& server_key,
                             engine::DeviceKeyLookup device_keys, Clock clock)
    : store_(store),
      clock_(std::move(clock)),
      verifier_(server_key, std::move(device_keys)),
      thread_([this] { run(); }) {}

AuditVerifier::~AuditVerifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void AuditVerifier::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_one();
}

AuditCheck AuditVerifier::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void AuditVerifier::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return poked_ || stopping_; });
    if (stopping_) return;
    poked_ = false;
    lock.unlock();
    pass();
    lock.lock();
  }
}

void AuditVerifier::pass() {
  if (verifier_.failed()) return;  // the first fault stands
  const std::uint64_t after = verifier_.last_index();
  std::vector<engine::AuditEntry> entries;
  auto scanned = store_.scan_log(after, [&](const LogRow& row) {
    entries.push_back(row.entry);
    return true;
  });
  // Heads are committed with their entries, so reading them after the scan finds the heads
  // of every scanned entry (those of later entries wait for the next pass).
  auto heads =
      scanned ? store_.load_heads(after) : Result<std::vector<engine::SignedHead>>(scanned.error());
  if (!heads) {
    // A read that failed (a busy or full disk) says nothing about the log: retried on the
    // next commit.
    log_warn("audit_check_unread", {{"message", heads.error().message}});
    return;
  }
  std::map<std::uint64_t, const engine::SignedHead*> head_of;
  for (const auto& head : *heads) head_of.emplace(head.log_index, &head);
  for (const auto& entry : entries) {
    if (!verifier_.add_entry(entry)) break;
    if (auto head = head_of.find(entry.index); head != head_of.end()) {
      if (!verifier_.add_head(*head->second)) break;
    }
  }
  const engine::ChainVerdict verdict = verifier_.finish();
  AuditCheck checked;
  checked.failed = !verdict.ok();
  checked.checked_length = verdict.ok() ? verifier_.last_index() : verdict.entries;
  checked.checked_at_ms = clock_();
  if (checked.failed) {
    checked.error = "entry " + std::to_string(verdict.bad_index) + ": " +
                    engine::to_string(verdict.fault) + ": " + verdict.message;
    log_error("audit_check_failed", {{"message", checked.error}});
  }
  std::lock_guard lock(mutex_);
  status_ = std::move(checked);
}

}  // namespace tally::server
