// The reference data a device receives in Welcome and keeps in its store: the form
// schema and the subset of the election definition in its scope (its station(s) with
// their contests, and those contests' electoral units with seats and candidates).
// Internal to the client library.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/engine/record.hpp"
#include "store.hpp"
#include "tally/error.hpp"

namespace tally::client {

struct ReferenceData {
  engine::FormSchema schema;
  std::vector<engine::PollingStation> stations;
  std::map<std::string, engine::ElectoralUnit> units;  // by unit id

  // Every (station, unit) form, in station then level order; only `station_id`'s if it
  // is not empty (an officer device sees its own station only).
  [[nodiscard]] std::vector<engine::FormId> forms(std::string_view station_id) const;
  // The unit a form is entered for; kUnknownForm if the form is not in the scope (of
  // `station_id`, if not empty).
  [[nodiscard]] Result<const engine::ElectoralUnit*> unit_for(const engine::FormId& form,
                                                              std::string_view station_id) const;
};

// Loads and checks the reference data texts of Welcome with the engine's loaders.
Result<ReferenceData> parse_reference_data(const ReferenceJson& reference);

}  // namespace tally::client
