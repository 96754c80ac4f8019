// Replaying an op log into an ElectionState: what `tallyd export` and `tallyd verify` do
// to recompute records and the tally from the log alone.
#pragma once

#include <vector>

#include "core/election_state.hpp"
#include "tally/engine/audit_chain.hpp"

namespace tally::server {

// Decodes every entry's op and merges them, in log order. Fails (kCorruption) naming the
// first entry whose bytes are not a canonical op, or the merge's error.
Status replay_entries(const std::vector<engine::AuditEntry>& entries, ElectionState& state);

}  // namespace tally::server
