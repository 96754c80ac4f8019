// The merged state of the whole election as tallyd publishes it: every form's merge
// state, its record, failed checks and lifecycle status, the reporting progress and the
// tally over accepted records. Fed with committed ops only (in log order).
//
// Used by the core (published state, read by HTTP and metrics), `tallyd export` and
// `tallyd verify` (which replay a log through the same code).
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/metrics.hpp"
#include "core/reference.hpp"
#include "tally/engine/check_result.hpp"
#include "tally/engine/form_status.hpp"
#include "tally/engine/replica.hpp"
#include "tally/engine/second_round.hpp"
#include "tally/engine/tally.hpp"

namespace tally::server {

class ElectionState {
 public:
  // What is derived from one form's merged state.
  struct FormView {
    engine::StationRecord record;    // agreed values, schema_id set
    engine::CheckFailures failures;  // schema checks of the record
    engine::FormStatus status;
  };

  // `reference` is polling day's (Reference::first_round): a second round comes from the
  // log's open-round op.
  explicit ElectionState(Reference reference);

  // Merges `ops` (already checked by the core) and refreshes the forms they touched; an
  // open-round op (engine::OpKind::kOpenRound) switches to the definition with the second
  // round, derived again here from the tally so far (draft_second_round). Fails for an op
  // the merge refuses and for an opening whose definition hash is not the one derived here,
  // or that is not forced although the round was not ready (kTallyMismatch): then nothing
  // after it is applied.
  Status apply(const std::vector<engine::Op>& ops);

  // The reference data as of the ops applied: polling day's, or with the second round.
  [[nodiscard]] const Reference& reference() const { return reference_; }

  // What the tally calls for now (engine::plan_second_round), and what keeps it from
  // being ready to open.
  struct SecondRoundCall {
    engine::SecondRoundPlan plan;
    std::vector<std::string> in_conflict;  // units of the plan with a form in conflict
    // No unit of the round has a station unreported or a form in conflict.
    [[nodiscard]] bool ready() const { return plan.unreported.empty() && in_conflict.empty(); }
    // "unreported stations in COMM-0001, COMM-0002; conflicts in COMM-0003", for refusals.
    [[nodiscard]] std::string blocking() const;
  };
  // kRoundInvalid when the second round is open already (there is no third) or when no unit
  // needs one.
  [[nodiscard]] Result<SecondRoundCall> second_round_call() const;
  // The call with the definition opening it now would serve.
  struct SecondRoundDraft {
    SecondRoundCall call;
    std::string definition_json;  // the definition with the second round
    engine::Sha256Digest definition_hash{};
  };
  [[nodiscard]] Result<SecondRoundDraft> draft_second_round() const;
  // The applied opening of the second round: its log index and op.
  struct RoundOpening {
    std::uint64_t log_index = 0;
    engine::Op op;
  };
  [[nodiscard]] const std::optional<RoundOpening>& second_round() const { return second_round_; }

  [[nodiscard]] const engine::Replica& replica() const { return replica_; }
  // The view of `form`, or nullptr if no op touched it.
  [[nodiscard]] const FormView* form(const engine::FormId& form) const;
  [[nodiscard]] StateFigures figures() const;
  [[nodiscard]] const engine::Tally& tally() const { return tally_; }

  // The version of `form`: the hex SHA-256 of its canonical merge state
  // (engine::encode_form_state: its applied dots, covered dots and live siblings), which any
  // op applied to the form changes. The conflicts queue shows it; a supervisor's page sends
  // it back with an adjudication ("seen") and the core refuses the adjudication with
  // kStaleAdjudication when the form's version is no longer the one seen. A form no op
  // touched has the version of an empty state.
  [[nodiscard]] std::string form_version(const engine::FormId& form) const;
  // Since when `form` waits for a supervisor (flagged or with a field in conflict): the
  // log position (ops applied so far, which is the log index, as every committed op is
  // applied in log order) and the author's clock of the op that put it in the queue.
  struct QueuedSince {
    std::uint64_t log_index = 0;
    engine::Hlc hlc;
  };
  // nullptr when the form is not in the queue.
  [[nodiscard]] const QueuedSince* queued_since(const engine::FormId& form) const;
  // The log index of the submission that makes `form`'s record accepted: of its live
  // submissions (which all submit the record's values), the earliest in the log. 0 when
  // the form is not accepted. The public station document publishes it, so anyone can ask
  // the transparency log for that entry's inclusion proof.
  [[nodiscard]] std::uint64_t accepted_submission_index(const engine::FormId& form) const;

  // JSON documents of the API and the exports (docs/operations.md, docs/formats.md).
  [[nodiscard]] boost::json::value progress_json() const;
  [[nodiscard]] boost::json::value conflicts_json() const;
  [[nodiscard]] boost::json::value records_json() const;
  // The tally file (format tally-result/1, docs/formats.md).
  [[nodiscard]] std::string tally_file() const;
  // The tally and the records (with each record's status) as CSV (docs/cli.md, "CSV").
  [[nodiscard]] std::string tally_csv() const;
  [[nodiscard]] std::string records_csv() const;

  // The console's shared documents (election_state_public.cpp, docs/operations.md):
  // stations reported / expected per level and per unit of the level, for the overview;
  // every station with its district, and one station's accepted records with their
  // values hashes and their submissions' log indexes, for the public (nothing in them
  // needs a login: no device, no sibling).
  [[nodiscard]] boost::json::value reporting_levels_json() const;
  [[nodiscard]] boost::json::value public_stations_json() const;
  // Null for a station the definition does not have.
  [[nodiscard]] boost::json::value public_station_json(std::string_view station_id) const;

 private:
  void refresh(const engine::FormId& form, const QueuedSince& touched_by);
  Status open_second_round(const engine::Op& op);

  Reference reference_;
  std::optional<RoundOpening> second_round_;
  engine::Replica replica_;
  std::map<engine::FormId, FormView> views_;
  std::map<std::string, std::size_t, std::less<>> accepted_by_station_;
  std::size_t stations_reported_ = 0;
  std::size_t forms_accepted_ = 0;
  std::size_t forms_flagged_ = 0;
  std::set<engine::FormId> in_conflict_;          // forms with a field in conflict
  std::uint64_t ops_applied_ = 0;                 // every op of apply(): the log index reached
  std::map<engine::FormId, QueuedSince> queued_;  // flagged or in conflict, since when
  // Every submit op's log index, by its dot.
  std::map<engine::Dot, std::uint64_t> submission_index_;
  engine::Tally tally_;
};

}  // namespace tally::server
