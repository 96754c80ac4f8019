// The reference data a device receives in Welcome and keeps in its store: the election
// definition of its scope and the form schema, loaded and checked with the engine's
// loaders (the same code as tallyd). Internal to the client library.
#pragma once

#include <string_view>
#include <vector>

#include "store.hpp"
#include "tally/engine/definition.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::client {

struct ReferenceData {
  engine::ElectionDefinition definition;
  engine::FormSchema schema;

  // Every (station, unit) form, in station then level order; only `station_id`'s if it
  // is not empty (an officer device sees its own station only).
  [[nodiscard]] std::vector<engine::FormId> forms(std::string_view station_id) const;
  // The unit a form is entered for; kUnknownForm if the form is not in the scope (of
  // `station_id`, if not empty).
  [[nodiscard]] Result<const engine::ElectoralUnit*> unit_for(const engine::FormId& form,
                                                              std::string_view station_id) const;
};

// Loads and checks the reference data texts of Welcome.
Result<ReferenceData> parse_reference_data(const ReferenceJson& reference);

}  // namespace tally::client
