// The invariants of a simulated run (sim_checks.hpp).
#include "sim_checks.hpp"

#include <map>

#include "tally/engine/form_status.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/op_codec.hpp"

namespace tally::sim {
namespace {

std::string dot_name(const engine::Dot& dot) {
  return dot.device + ":" + std::to_string(dot.counter);
}

}  // namespace

LedgerCheck check_ledger(std::span<const engine::AuditEntry> log,
                         std::span<const DeviceLedger> devices, bool all_delivered) {
  LedgerCheck check;
  std::map<engine::Dot, std::vector<const engine::AuditEntry*>> by_dot;
  for (const engine::AuditEntry& entry : log) {
    Result<engine::Op> op = engine::decode_op(entry.op_bytes);
    if (!op) {
      check.failures.push_back("log entry " + std::to_string(entry.index) +
                               " does not decode: " + op.error().to_string());
      continue;
    }
    by_dot[op->dot].push_back(&entry);
  }
  std::map<std::string, std::uint64_t> made_through;
  for (const DeviceLedger& device : devices) {
    made_through[device.device_id] = device.made.size();
    const std::uint64_t must_hold = all_delivered ? device.made.size() : device.acked;
    for (std::uint64_t i = 0; i < must_hold; ++i) {
      const engine::Op& op = device.made[i];
      ++check.ops_checked;
      const auto found = by_dot.find(op.dot);
      if (found == by_dot.end()) {
        ++check.lost;
        check.failures.push_back("op " + dot_name(op.dot) +
                                 (i < device.acked ? " was acked" : " was made") +
                                 " but is not in the log");
        continue;
      }
      if (found->second.size() > 1) {
        check.duplicates += found->second.size() - 1;
        check.failures.push_back("op " + dot_name(op.dot) + " is in the log " +
                                 std::to_string(found->second.size()) + " times");
      }
      if (found->second.front()->op_bytes != engine::encode_op(op)) {
        check.failures.push_back("log entry " + std::to_string(found->second.front()->index) +
                                 " holds other bytes than op " + dot_name(op.dot));
      }
    }
  }
  for (const auto& [dot, entries] : by_dot) {
    const auto device = made_through.find(dot.device);
    if (device == made_through.end() || dot.counter > device->second) {
      check.failures.push_back("log entry " + std::to_string(entries.front()->index) +
                               " holds op " + dot_name(dot) + " that no device made");
    }
  }
  return check;
}

std::vector<std::string> check_receipts(std::span<const engine::AuditEntry> log,
                                        const SimDevice& device) {
  std::vector<std::string> failures;
  for (const HeadSeen& seen : device.heads_seen()) {
    const bool known = seen.log_index == 0 ? seen.head == engine::kGenesisHead
                                           : seen.log_index <= log.size() &&
                                                 log[seen.log_index - 1].hash == seen.head;
    if (!known) {
      failures.push_back(device.id() + " was told head " + engine::to_hex(seen.head) +
                         " at index " + std::to_string(seen.log_index) +
                         ", which the log does not hold");
    }
  }
  for (const ReceiptHeld& receipt : device.receipts()) {
    bool holds = false;
    if (receipt.log_index >= 1 && receipt.log_index <= log.size()) {
      Result<engine::Op> op = engine::decode_op(log[receipt.log_index - 1].op_bytes);
      holds = op && op->dot == receipt.dot;
    }
    if (!holds) {
      failures.push_back(device.id() + " holds a receipt for " + dot_name(receipt.dot) +
                         " at index " + std::to_string(receipt.log_index) +
                         ", which holds another op");
    }
  }
  return failures;
}

std::vector<std::string> check_replica(const engine::Replica& server, const SimDevice& device) {
  std::vector<std::string> failures;
  const DeviceSetup& setup = device.setup();
  std::size_t in_scope = 0;
  for (const auto& [form, state] : server.forms()) {
    if (setup.role == engine::Role::kOfficer && form.station_id != setup.station_id) continue;
    ++in_scope;
    const engine::FormState* mine = device.replica().state(form);
    if (mine == nullptr) {
      failures.push_back(device.id() + " lacks form " + form.to_string());
    } else if (engine::encode_form_state(*mine) != engine::encode_form_state(state)) {
      failures.push_back(device.id() + " holds form " + form.to_string() +
                         " in another state than the server");
    }
  }
  if (device.replica().size() != in_scope) {
    failures.push_back(device.id() + " holds " + std::to_string(device.replica().size()) +
                       " forms, the server " + std::to_string(in_scope) + " in its scope");
  }
  return failures;
}

std::vector<std::string> check_resolved(const engine::Replica& server) {
  std::vector<std::string> failures;
  for (const auto& [form, state] : server.forms()) {
    if (!state.conflicts().empty()) {
      failures.push_back("form " + form.to_string() + " still has a conflict on " +
                         state.conflicts().front().path);
    }
    const engine::FormStatus status = engine::form_status(state, {});
    if (status.stage == engine::FormStage::kFlagged) {
      failures.push_back("form " + form.to_string() + " is still flagged (" +
                         std::string(engine::to_string(status.reasons.front().kind)) + ")");
    }
  }
  return failures;
}

}  // namespace tally::sim
