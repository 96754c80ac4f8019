// The audit at the end of tally-night: `tallyd export` writes the data directory's audit
// log, records and tally; the auditor's `tallyd verify` checks them in its own process
// (chain, signatures, replay through the engine → the same tally); and tally-night reads
// the exported log itself to check that every op the devices hold an ack for is in the
// log exactly once.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "tallyd_control.hpp"

namespace tally::demo {

struct AuditOutcome {
  bool verified = false;  // export, verify and the exactly-once check all passed
  std::string summary;    // lines for the report
};

// Exports to `export_dir` and verifies. `last_counters`: each device's highest own
// counter (all of them acked: every device ended with an empty outbox).
AuditOutcome check_audit(const Tallyd& tallyd, const std::string& definition,
                         const std::string& export_dir,
                         const std::map<std::string, std::uint64_t>& last_counters);

// The arguments of `tallyd verify` for an export (for the report's "look at it" lines).
std::string audit_verify_arguments(const std::string& definition, const std::string& export_dir);

}  // namespace tally::demo
