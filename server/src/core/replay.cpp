#include "core/replay.hpp"

#include "base/tuning.hpp"
#include "tally/engine/op_codec.hpp"

namespace tally::server {

Status replay_entries(const std::vector<engine::AuditEntry>& entries, ElectionState& state) {
  constexpr std::size_t kBatch = tuning::kReplayBatchOps;  // forms refreshed once per batch
  std::vector<engine::Op> batch;
  batch.reserve(std::min(entries.size(), kBatch));
  for (const auto& entry : entries) {
    auto op = engine::decode_op(entry.op_bytes);
    if (!op) {
      return make_error(ErrorCode::kCorruption,
                        "log entry " + std::to_string(entry.index) +
                            " is not a canonical op: " + op.error().message);
    }
    batch.push_back(std::move(op).value());
    if (batch.size() == kBatch) {
      if (auto status = state.apply(batch); !status) return status;
      batch.clear();
    }
  }
  return state.apply(batch);
}

}  // namespace tally::server
