#include "core/reference.hpp"

#include <utility>

#include "tally/engine/second_round.hpp"

namespace tally::server {

Result<Reference> Reference::load(std::string election_json, std::string schema_json) {
  auto election = engine::load_election_definition(election_json);
  if (!election) return std::move(election).error();
  auto schema = engine::load_form_schema(schema_json);
  if (!schema) return std::move(schema).error();
  if (election->form_schema_id() != schema->id) {
    return make_error(ErrorCode::kDefinitionInvalid, "the election uses form schema " +
                                                         election->form_schema_id() +
                                                         ", but the schema given is " + schema->id);
  }
  auto scope = engine::DefinitionScope::parse(election_json);
  if (!scope) return std::move(scope).error();
  auto data = std::make_shared<Data>();
  data->scope = std::move(scope).value();
  data->election_json = std::move(election_json);
  data->schema_json = std::move(schema_json);
  data->election = std::move(election).value();
  data->schema = std::move(schema).value();
  for (const auto& station : data->election.stations()) {
    data->stations[station.id] = station.contests.size();
    for (const auto& contest : station.contests) {
      engine::FormId form{station.id, contest.unit_id};
      data->unit_by_form.emplace(form, data->election.unit(contest.unit_id));
      data->forms.push_back(std::move(form));
    }
  }
  Reference reference;
  reference.data_ = std::move(data);
  return reference;
}

Result<Reference> Reference::with_election(std::string election_json) const {
  return load(std::move(election_json), data_->schema_json);
}

Result<Reference> Reference::first_round() const {
  if (!data_->election.has_second_round()) return *this;
  auto first = engine::first_round_definition_json(data_->election_json);
  if (!first) return std::move(first).error();
  return with_election(std::move(first).value());
}

const engine::ElectoralUnit* Reference::unit_of(const engine::FormId& form) const {
  auto found = data_->unit_by_form.find(form);
  return found == data_->unit_by_form.end() ? nullptr : found->second;
}

std::string Reference::station_election_json(std::string_view station) const {
  auto scoped = data_->scope.for_station(station);
  // A station the definition lacks cannot have an officer: send the whole definition then.
  return scoped ? std::move(scoped).value() : data_->election_json;
}

bool Reference::has_station(std::string_view station) const {
  return data_->stations.find(station) != data_->stations.end();
}

std::size_t Reference::forms_of_station(std::string_view station) const {
  auto found = data_->stations.find(station);
  return found == data_->stations.end() ? 0 : found->second;
}

}  // namespace tally::server
