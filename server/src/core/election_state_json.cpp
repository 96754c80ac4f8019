// ElectionState: the documents of the API and exports (JSON, CSV and the text table).
#include <algorithm>
#include <boost/json.hpp>
#include <utility>

#include "api/json_values.hpp"
#include "base/rfc3339.hpp"
#include "core/election_state.hpp"
#include "tally/engine/records_csv.hpp"
#include "tally/engine/records_json.hpp"
#include "tally/engine/tally_csv.hpp"
#include "tally/engine/tally_json.hpp"

namespace tally::server {

namespace json = boost::json;

json::value ElectionState::progress_json() const {
  struct LevelCount {
    std::size_t expected = 0;
    std::size_t accepted = 0;
    std::size_t flagged = 0;
    std::size_t draft = 0;
  };
  std::map<std::string, LevelCount> by_level;
  for (const auto& form : reference_.forms()) {
    const engine::ElectoralUnit* unit = reference_.unit_of(form);
    auto& count = by_level[unit->level_id];
    ++count.expected;
    const FormView* view = this->form(form);
    if (view == nullptr) continue;
    switch (view->status.stage) {
      case engine::FormStage::kAccepted:
        ++count.accepted;
        break;
      case engine::FormStage::kFlagged:
        ++count.flagged;
        break;
      case engine::FormStage::kDraft:
        ++count.draft;
        break;
    }
  }
  json::array levels;
  for (const auto& level : reference_.election().levels()) {
    const auto& count = by_level[level.id];
    levels.push_back(json::object{{"level", level.id},
                                  {"forms_expected", count.expected},
                                  {"forms_accepted", count.accepted},
                                  {"forms_flagged", count.flagged},
                                  {"forms_draft", count.draft}});
  }
  const StateFigures totals = figures();
  return json::object{{"stations_expected", totals.stations_expected},
                      {"stations_reported", totals.stations_reported},
                      {"forms_expected", reference_.forms().size()},
                      {"forms_accepted", totals.forms_accepted},
                      {"forms_flagged", totals.forms_flagged},
                      {"forms_in_conflict", totals.conflicts_open},
                      {"levels", std::move(levels)}};
}

json::value ElectionState::conflicts_json() const {
  // Oldest first: by the log position at which each form entered the queue.
  std::vector<std::pair<const QueuedSince*, const engine::FormId*>> queue;
  for (const auto& [id, since] : queued_) queue.emplace_back(&since, &id);
  std::sort(queue.begin(), queue.end(), [](const auto& left, const auto& right) {
    return left.first->log_index < right.first->log_index;
  });
  json::array forms;
  for (const auto& [since, id] : queue) {
    const FormView& view = views_.at(*id);
    forms.push_back(json::object{{"form", id->to_string()},
                                 {"status", engine::to_string(view.status.stage)},
                                 {"reasons", reasons_json(view.status)},
                                 {"fields", fields_json(replica_.state(*id)->conflicts())},
                                 {"failures", failures_json(view.failures)},
                                 {"version", form_version(*id)},
                                 {"queued_since_index", since->log_index},
                                 {"queued_at", rfc3339_utc(since->hlc.physical_ms)}});
  }
  return json::object{{"conflicts", std::move(forms)}};
}

json::value ElectionState::records_json() const {
  // The engine writes the records file; exports add each record's status and reasons.
  std::vector<engine::StationRecord> records;
  records.reserve(views_.size());
  for (const auto& [id, view] : views_) records.push_back(view.record);
  json::value document = json::parse(engine::records_to_json(reference_.election().id(), records));
  auto& listed = document.at("records").as_array();
  auto view = views_.begin();
  for (std::size_t i = 0; i < listed.size() && view != views_.end(); ++i, ++view) {
    auto& record = listed[i].as_object();
    record["status"] = engine::to_string(view->second.status.stage);
    if (view->second.status.stage == engine::FormStage::kFlagged) {
      record["reasons"] = reasons_json(view->second.status);
    }
  }
  return document;
}

}  // namespace tally::server

namespace tally::server {

std::string ElectionState::tally_file() const {
  return engine::tally_to_json(reference_.election(), tally_.report());
}

std::string ElectionState::tally_csv() const {
  return engine::tally_to_csv(reference_.election(), tally_.report());
}

std::string ElectionState::records_csv() const {
  std::vector<engine::StationRecord> records;
  std::vector<std::string> statuses;
  records.reserve(views_.size());
  statuses.reserve(views_.size());
  for (const auto& [id, view] : views_) {
    records.push_back(view.record);
    statuses.emplace_back(engine::to_string(view.status.stage));
  }
  return engine::records_to_csv(reference_.election(), records, statuses);
}

}  // namespace tally::server
