// Core: opening the second round (supplementary elections and re-votes, Art. 79 and 80).
//
// The opening is derived from the tally the log gives just before it: replaying the log
// (at start-up, in `tallyd export` and `tallyd verify`) derives it again at the same place
// and refuses a log where it differs (ElectionState::apply). So the draft is made, and the
// op sequenced, while no op is in flight: under the sequence mutex, with every sequenced op
// published.
#include <utility>

#include "base/log.hpp"
#include "core/core.hpp"
#include "tally/engine/hlc.hpp"
#include "tally/engine/signing.hpp"

namespace tally::server {
namespace {

// Commits in flight to wait out before giving up on a busy log.
constexpr int kQuietAttempts = 50;

}  // namespace

void Core::open_round(const RoundRequest& request, std::function<void(Result<RoundOpened>)> done) {
  if (!healthy()) return done(degraded_error());
  after_pending_commits([this, request, done = std::move(done)]() mutable {
    open_round_when_quiet(request, kQuietAttempts, std::move(done));
  });
}

void Core::open_round_when_quiet(const RoundRequest& request, int attempts_left,
                                 std::function<void(Result<RoundOpened>)> done) {
  ConsoleEdit author_of;
  author_of.person = request.person;
  author_of.person_role = request.person_role;
  std::unique_lock console_lock(console_mutex_);
  const DeviceRow author = console_author(author_of);
  std::unique_lock sequence_lock(sequence_mutex_);
  if (chain_.index() != published_length_.load()) {
    sequence_lock.unlock();
    console_lock.unlock();
    if (attempts_left == 0) {
      return done(make_error(ErrorCode::kBusy,
                             "ops keep arriving: the second round is derived from a tally with "
                             "no op in flight; retry",
                             /*transient=*/true));
    }
    return after_pending_commits([this, request, attempts_left, done = std::move(done)]() mutable {
      open_round_when_quiet(request, attempts_left - 1, std::move(done));
    });
  }
  Result<ElectionState::SecondRoundDraft> draft = [&] {
    std::shared_lock state_lock(state_mutex_);
    return state_.draft_second_round();
  }();
  const auto refuse = [&](Error error) {
    sequence_lock.unlock();
    console_lock.unlock();
    done(std::move(error));
  };
  if (!draft) return refuse(std::move(draft).error());
  if (!draft->call.ready() && !request.forced) {
    return refuse(make_error(ErrorCode::kRoundNotReady,
                             "the second round cannot open yet: " + draft->call.blocking() +
                                 " (resolve them, or force the opening, which the log records)"));
  }
  engine::Op op;
  op.kind = engine::OpKind::kOpenRound;
  op.value = engine::Count{engine::kSecondRound};
  if (request.forced) op.field = std::string(engine::kForcedOpening);
  op.submission.values_hash = draft->definition_hash;
  op.dot = engine::Dot{author.id, op_digests_[author.id].size() + 1};
  console_hlc_ = engine::hlc_now(console_hlc_, clock_());
  op.hlc = console_hlc_;
  auto signature = server_key_.sign(engine::round_opening_signing_bytes(op));
  if (!signature) return refuse(std::move(signature).error());
  op.submission.signature = *signature;

  const std::uint64_t log_index = chain_.index() + 1;
  auto opened =
      std::make_shared<RoundOpened>(RoundOpened{op, log_index, std::move(draft->call.plan)});
  sequence_and_submit(
      author, {op}, std::chrono::steady_clock::now(), sequence_lock,
      [opened, actor = request.actor, done = std::move(done)](Result<UploadReply> reply) {
        if (!reply) return done(std::move(reply).error());
        log_info("second_round_opened", {{"device", opened->op.dot.device},
                                         {"actor", actor},
                                         {"forced", opened->op.field.empty() ? "false" : "true"},
                                         {"units", std::to_string(opened->plan.units.size())},
                                         {"log_index", std::to_string(opened->log_index)}});
        done(std::move(*opened));
      });
}

}  // namespace tally::server
