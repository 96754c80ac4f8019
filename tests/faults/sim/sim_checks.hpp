// The invariants a simulated run must keep, as functions over plain data, so that a test
// can also feed them a tampered log and see them fail.
//
// Used by sim_world.cpp after every run and by tests/faults/simulation_test.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim_device.hpp"
#include "tally/engine/audit_chain.hpp"
#include "tally/engine/replica.hpp"

namespace tally::sim {

// What a device made and what it holds an ack for.
struct DeviceLedger {
  std::string device_id;
  std::span<const engine::Op> made;  // in counter order
  std::uint64_t acked = 0;
};

// The outcome of check_ledger.
struct LedgerCheck {
  std::uint64_t ops_checked = 0;  // ops looked up in the log
  std::uint64_t lost = 0;         // acked (or, once delivered, made) but not in the log
  std::uint64_t duplicates = 0;   // extra log entries of a dot already in the log
  std::vector<std::string> failures;
};

// Every op a device holds an ack for is in the log exactly once, with the bytes the
// device made; with `all_delivered` (after healing and quiescence) every op made is. A
// log entry that no device made, or that does not decode, is a failure too.
LedgerCheck check_ledger(std::span<const engine::AuditEntry> log,
                         std::span<const DeviceLedger> devices, bool all_delivered);

// Every head a device was told names an entry of the log with that entry's hash (index 0:
// the genesis head), and every receipt's index holds its submission.
std::vector<std::string> check_receipts(std::span<const engine::AuditEntry> log,
                                        const SimDevice& device);

// The device's replica holds exactly the server's forms in its scope (its station, or
// all for a supervisor), each byte-for-byte equal (encode_form_state).
std::vector<std::string> check_replica(const engine::Replica& server, const SimDevice& device);

// No form of the converged server replica is flagged or in conflict: the supervisor
// resolved them all.
std::vector<std::string> check_resolved(const engine::Replica& server);

}  // namespace tally::sim
