#include "tally/engine/form_history.hpp"

#include <algorithm>
#include <tuple>

#include "tally/engine/form_state.hpp"
#include "tally/engine/hex.hpp"

namespace tally::engine {

void FormHistory::record(const Op& op, std::int64_t skew_ms) {
  const bool submission = op.kind == OpKind::kSubmit || op.kind == OpKind::kWithdraw;
  HistoryEntry entry{
      op.dot,   op.hlc, skew_ms, op.kind, submission ? std::string(kSubmissionPath) : op.field,
      op.value, {}};
  if (op.kind == OpKind::kSubmit) entry.value = to_hex(op.submission.values_hash);
  if (op.kind == OpKind::kWithdraw) entry.value = Cleared{};
  ops_.push_back(Stored{std::move(entry), op.context});
}

FieldHistory FormHistory::entries() const { return select(true, {}); }

FieldHistory FormHistory::field(std::string_view path) const { return select(false, path); }

FieldHistory FormHistory::select(bool all, std::string_view path) const {
  FieldHistory out;
  for (const Stored& stored : ops_) {
    if (!all && stored.entry.path != path) continue;
    HistoryEntry entry = stored.entry;
    for (const Stored& other : ops_) {
      if (&other != &stored && other.entry.path == stored.entry.path &&
          stored.context.contains(other.entry.dot)) {
        entry.covered.push_back(other.entry.dot);
      }
    }
    std::sort(entry.covered.begin(), entry.covered.end());
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
    return std::tie(a.hlc, a.dot) < std::tie(b.hlc, b.dot);
  });
  return out;
}

}  // namespace tally::engine
