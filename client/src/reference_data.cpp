#include "reference_data.hpp"

#include "tally/engine/definition_loader.hpp"

namespace tally::client {

std::vector<engine::FormId> ReferenceData::forms(std::string_view station_id) const {
  std::vector<engine::FormId> forms;
  for (const auto& station : definition.stations()) {
    if (!station_id.empty() && station.id != station_id) continue;
    for (const auto& contest : station.contests) forms.push_back({station.id, contest.unit_id});
  }
  return forms;
}

Result<const engine::ElectoralUnit*> ReferenceData::unit_for(const engine::FormId& form,
                                                             std::string_view station_id) const {
  const engine::PollingStation* station = nullptr;
  if (station_id.empty() || form.station_id == station_id) {
    station = definition.station(form.station_id);
  }
  if (station != nullptr) {
    for (const auto& contest : station->contests) {
      if (contest.unit_id != form.unit_id) continue;
      if (const auto* unit = definition.unit(contest.unit_id)) return unit;
    }
  }
  return make_error(ErrorCode::kUnknownForm,
                    "form " + form.to_string() + " is not in this device's scope");
}

Result<ReferenceData> parse_reference_data(const ReferenceJson& reference) {
  auto definition = engine::load_election_definition(reference.election);
  if (!definition.ok()) return std::move(definition).error();
  auto schema = engine::load_form_schema(reference.form_schema);
  if (!schema.ok()) return std::move(schema).error();
  return ReferenceData{std::move(definition).value(), std::move(schema).value()};
}

}  // namespace tally::client
