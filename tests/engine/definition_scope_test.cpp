#include "tally/engine/definition_scope.hpp"

#include <gtest/gtest.h>

#include "tally/engine/definition_loader.hpp"
#include "thai_nguyen_fixture.hpp"

namespace tally::engine {
namespace {

using tally::engine::testing::kThaiNguyenDefinitionPath;
using tally::engine::testing::source_file;

TEST(DefinitionScopeTest, KeepsOnlyTheStationAndTheUnitsItVotesIn) {
  const std::string full = source_file(kThaiNguyenDefinitionPath);
  auto whole = load_election_definition(full);
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  const PollingStation& station = whole->stations()[17];

  auto scoped_json = definition_json_for_station(full, station.id);
  ASSERT_TRUE(scoped_json.ok()) << scoped_json.error().to_string();
  auto scoped = load_election_definition(*scoped_json);
  ASSERT_TRUE(scoped.ok()) << scoped.error().to_string();

  EXPECT_LT(scoped_json->size() * 100, full.size());
  EXPECT_EQ(scoped->id(), whole->id());
  EXPECT_EQ(scoped->levels().size(), whole->levels().size());
  ASSERT_EQ(scoped->stations().size(), 1U);
  EXPECT_EQ(scoped->stations()[0].id, station.id);
  ASSERT_EQ(scoped->units().size(), station.contests.size());
  for (const auto& contest : station.contests) {
    const ElectoralUnit* unit = scoped->unit(contest.unit_id);
    ASSERT_NE(unit, nullptr) << contest.unit_id;
    EXPECT_EQ(unit->seats, whole->unit(contest.unit_id)->seats);
    EXPECT_EQ(unit->candidates.size(), whole->unit(contest.unit_id)->candidates.size());
  }
}

TEST(DefinitionScopeTest, OneParseCutsEveryStationToItselfAndItsUnits) {
  const std::string full = source_file(kThaiNguyenDefinitionPath);
  auto whole = load_election_definition(full);
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  auto scope = DefinitionScope::parse(full);
  ASSERT_TRUE(scope.ok()) << scope.error().to_string();
  for (const auto& station : whole->stations()) {
    auto scoped_json = scope->for_station(station.id);
    ASSERT_TRUE(scoped_json.ok()) << station.id;
    auto scoped = load_election_definition(*scoped_json);
    ASSERT_TRUE(scoped.ok()) << station.id << ": " << scoped.error().to_string();
    ASSERT_EQ(scoped->stations().size(), 1U);
    EXPECT_EQ(scoped->stations()[0].id, station.id);
    EXPECT_EQ(scoped->units().size(), station.contests.size()) << station.id;
  }
  EXPECT_EQ(scope->for_station("TN-9999").error().code, ErrorCode::kUnknownId);
}

TEST(DefinitionScopeTest, RefusesAnUnknownStation) {
  auto scoped = definition_json_for_station(source_file(kThaiNguyenDefinitionPath), "TN-9999");
  ASSERT_FALSE(scoped.ok());
  EXPECT_EQ(scoped.error().code, ErrorCode::kUnknownId);
  EXPECT_NE(scoped.error().message.find("TN-9999"), std::string::npos);
}

TEST(DefinitionScopeTest, RefusesTextThatIsNotADefinition) {
  auto scoped = definition_json_for_station("[1, 2]", "TN-0001");
  ASSERT_FALSE(scoped.ok());
  EXPECT_EQ(scoped.error().code, ErrorCode::kDefinitionParse);
}

}  // namespace
}  // namespace tally::engine
