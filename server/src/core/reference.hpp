// The reference data tallyd serves: the election definition and the form schema, loaded
// from the data directory, with the look-ups the ingest checks need.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/definition_loader.hpp"
#include "tally/engine/definition_scope.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/error.hpp"

namespace tally::server {

class Reference {
 public:
  // Parses and checks both documents (errors name the offending item).
  static Result<Reference> load(std::string election_json, std::string schema_json);
  // The same schema with another election definition (the one a second round extends).
  [[nodiscard]] Result<Reference> with_election(std::string election_json) const;
  // Polling day's reference: this one, or without its second round if the definition has
  // one (engine::first_round_definition_json). A log is replayed from polling day's
  // definition: the round's opening in the log brings the second round back.
  [[nodiscard]] Result<Reference> first_round() const;

  // The unit a form counts for, or nullptr if the form is not one of the definition's
  // (station, contest) pairs.
  [[nodiscard]] const engine::ElectoralUnit* unit_of(const engine::FormId& form) const;
  [[nodiscard]] bool has_station(std::string_view station) const;
  // Every form the definition expects, station by station in level order.
  [[nodiscard]] const std::vector<engine::FormId>& forms() const { return data_->forms; }
  // Forms expected of `station` (its contests).
  [[nodiscard]] std::size_t forms_of_station(std::string_view station) const;
  [[nodiscard]] std::size_t station_count() const { return data_->stations.size(); }

  [[nodiscard]] const engine::ElectionDefinition& election() const { return data_->election; }
  [[nodiscard]] const engine::FormSchema& schema() const { return data_->schema; }
  [[nodiscard]] const std::string& election_json() const { return data_->election_json; }
  [[nodiscard]] const std::string& schema_json() const { return data_->schema_json; }
  // The definition cut down to `station` (engine/definition_scope.hpp), for an officer's
  // Welcome; the whole definition for a station it lacks.
  [[nodiscard]] std::string station_election_json(std::string_view station) const;

 private:
  struct Data {
    std::string election_json;
    std::string schema_json;
    engine::ElectionDefinition election;
    engine::FormSchema schema;
    engine::DefinitionScope scope;
    std::vector<engine::FormId> forms;
    std::map<engine::FormId, const engine::ElectoralUnit*> unit_by_form;
    std::map<std::string, std::size_t, std::less<>> stations;  // forms per station
  };
  // Shared and immutable: copies are cheap and the unit pointers stay valid.
  std::shared_ptr<const Data> data_;
};

}  // namespace tally::server
