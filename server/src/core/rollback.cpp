// Core::roll_back_sequence: what tallyd does when a group commit fails (a full disk, an
// I/O error). The sequencer had given the failed group's ops their log indexes, hashes
// and counters, and the groups queued behind it were sequenced on top of them; none of
// that is on disk. So, under the sequencer's lock: the queued groups are taken from the
// writer and failed with the same error, and the sequencer state (devices, enrolment
// codes, per-device op digests, the audit chain) is set back to what is committed. Every
// session whose write failed gets the error (E801 storage full is transient): its device
// keeps its outbox and uploads again, sequenced afresh. Reads never saw the failed ops:
// the published state only ever holds committed ones.
#include "base/log.hpp"
#include "core/core.hpp"

namespace tally::server {

void Core::roll_back_sequence(const Error& error) {
  std::vector<GroupWriter::Completion> behind;
  Status reloaded;
  std::uint64_t index = 0;
  {
    std::lock_guard lock(sequence_mutex_);
    behind = writer_->take_queued();
    auto devices = store_.load_devices();
    auto codes = store_.load_enrolment_codes();
    if (!devices) {
      reloaded = devices.error();
    } else if (!codes) {
      reloaded = codes.error();
    } else {
      devices_.clear();
      for (auto& device : *devices) devices_.emplace(device.id, std::move(device));
      recount_enrolled();
      codes_.clear();
      for (auto& code : *codes) codes_.emplace(code.code_hash, std::move(code));
      std::shared_lock state_lock(state_mutex_);
      for (auto& [device, digests] : op_digests_) {
        const auto committed = committed_counters_.find(device);
        digests.resize(committed == committed_counters_.end() ? 0 : committed->second);
      }
      chain_ = committed_chain_;
      index = chain_.index();
    }
  }
  if (reloaded) {
    log_error("commit_failed", {{"code", code_field(error)},
                                {"log_index", std::to_string(index)},
                                {"message", "rolled back, taking writes again: " + error.message}});
  } else {
    healthy_ = false;
    log_error(
        "commit_failed",
        {{"code", code_field(error)},
         {"message", "refusing writes until restart: " + error.message +
                         "; the store cannot be read back: " + reloaded.error().to_string()}});
  }
  for (auto& done : behind) done(error);
}

}  // namespace tally::server
