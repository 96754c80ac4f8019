#include "tally/engine/definition_loader.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace tally::engine {
namespace {

namespace json = boost::json;

// A small valid 4-level definition: one unit per level, two stations.
json::object valid_definition() {
  auto candidates = [](const std::string& unit, int count) {
    json::array list;
    for (int i = 1; i <= count; ++i) {
      list.push_back(json::object{{"id", unit + "-C" + std::to_string(i)},
                                  {"name", "Nguyễn Văn " + std::to_string(i)},
                                  {"birth_date", "1970-0" + std::to_string(i % 9 + 1) + "-15"}});
    }
    return list;
  };
  auto contests = [](int registered) {
    return json::array{
        json::object{{"level", "NA"}, {"unit", "NA-01"}, {"registered", registered}},
        json::object{{"level", "PROV"}, {"unit", "PROV-01"}, {"registered", registered}},
        json::object{{"level", "DIST"}, {"unit", "DIST-01"}, {"registered", registered}},
        json::object{{"level", "COMM"}, {"unit", "COMM-01"}, {"registered", registered - 1}}};
  };
  return json::object{
      {"format", "tally-election/1"},
      {"id", "test-2021"},
      {"name", "Test election"},
      {"election_date", "2021-05-23"},
      {"form_schema", "station-count/1"},
      {"levels",
       json::array{
           json::object{{"id", "NA"}, {"name", "Quốc hội"}, {"kind", "national_assembly"}},
           json::object{{"id", "PROV"}, {"name", "HĐND tỉnh"}, {"kind", "peoples_council"}},
           json::object{{"id", "DIST"}, {"name", "HĐND huyện"}, {"kind", "peoples_council"}},
           json::object{{"id", "COMM"}, {"name", "HĐND xã"}, {"kind", "peoples_council"}}}},
      {"units", json::array{json::object{{"id", "NA-01"},
                                         {"level", "NA"},
                                         {"name", "Đơn vị 1"},
                                         {"seats", 3},
                                         {"candidates", candidates("NA-01", 5)}},
                            json::object{{"id", "PROV-01"},
                                         {"level", "PROV"},
                                         {"name", "Đơn vị 1"},
                                         {"seats", 3},
                                         {"candidates", candidates("PROV-01", 5)}},
                            json::object{{"id", "DIST-01"},
                                         {"level", "DIST"},
                                         {"name", "Đơn vị 1"},
                                         {"seats", 4},
                                         {"candidates", candidates("DIST-01", 7)}},
                            json::object{{"id", "COMM-01"},
                                         {"level", "COMM"},
                                         {"name", "Đơn vị 1"},
                                         {"seats", 2},
                                         {"candidates", candidates("COMM-01", 3)}}}},
      {"stations",
       json::array{
           json::object{{"id", "TN-0001"}, {"name", "KVBP 1"}, {"contests", contests(812)}},
           json::object{{"id", "TN-0002"}, {"name", "KVBP 2"}, {"contests", contests(1500)}}}}};
}

Result<ElectionDefinition> load(const json::value& document) {
  return load_election_definition(json::serialize(document));
}

void expect_refused(const json::value& document, ErrorCode code, const std::string& fragment) {
  auto loaded = load(document);
  ASSERT_FALSE(loaded.ok()) << "accepted: " << json::serialize(document);
  EXPECT_EQ(loaded.error().code, code) << loaded.error().message;
  EXPECT_EQ(loaded.error().domain(), ErrorDomain::kDefinition);
  EXPECT_NE(loaded.error().message.find(fragment), std::string::npos)
      << "message \"" << loaded.error().message << "\" lacks \"" << fragment << "\"";
}

json::object& unit(json::object& document, std::size_t index) {
  return document["units"].as_array()[index].as_object();
}

TEST(DefinitionLoaderTest, LoadsAValidDefinitionWithItsLookups) {
  auto loaded = load(valid_definition());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const ElectionDefinition& definition = *loaded;
  EXPECT_EQ(definition.levels().size(), 4u);
  EXPECT_EQ(definition.election_date(), (Date{2021, 5, 23}));
  ASSERT_NE(definition.unit("DIST-01"), nullptr);
  EXPECT_EQ(definition.unit("DIST-01")->seats, 4);
  EXPECT_EQ(definition.kind_of_unit(*definition.unit_index("NA-01")), LevelKind::kNationalAssembly);
  EXPECT_EQ(definition.stations_of_unit(*definition.unit_index("COMM-01")).size(), 2u);
  const StationContest* contest =
      definition.contest(*definition.station("TN-0001"), *definition.level_index("COMM"));
  ASSERT_NE(contest, nullptr);
  EXPECT_EQ(contest->unit_id, "COMM-01");
  EXPECT_EQ(contest->registered, 811);
  EXPECT_EQ(definition.unit("NA-02"), nullptr);
}

TEST(DefinitionLoaderTest, AcceptsThreeLevelsAsIn2026) {
  json::object document = valid_definition();
  document["levels"].as_array().erase(document["levels"].as_array().begin() + 2);
  document["units"].as_array().erase(document["units"].as_array().begin() + 2);
  for (auto& station : document["stations"].as_array()) {
    auto& contests = station.as_object()["contests"].as_array();
    contests.erase(contests.begin() + 2);
  }
  auto loaded = load(document);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->levels().size(), 3u);
}

TEST(DefinitionLoaderTest, MalformedJsonNamesLineAndColumn) {
  auto loaded = load_election_definition("{\n  \"format\": ,\n}");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kDefinitionParse);
  EXPECT_NE(loaded.error().message.find("line 2, column"), std::string::npos);
}

TEST(DefinitionLoaderTest, RefusesTwoOrFiveLevels) {
  json::object document = valid_definition();
  document["levels"].as_array().resize(2);
  expect_refused(document, ErrorCode::kDefinitionInvalid, "levels: an election has 3 or 4 levels");
}

TEST(DefinitionLoaderTest, RefusesAnUnknownFormatOrMember) {
  json::object document = valid_definition();
  document["format"] = "tally-election/9";
  expect_refused(document, ErrorCode::kDefinitionInvalid,
                 "format: unknown format 'tally-election/9'");
  document = valid_definition();
  unit(document, 1)["seat"] = 3;
  expect_refused(document, ErrorCode::kDefinitionInvalid, "units[1].seat: unknown member");
}

TEST(DefinitionLoaderTest, RefusesWrongTypesAndMissingMembers) {
  json::object document = valid_definition();
  unit(document, 0)["seats"] = "three";
  expect_refused(document, ErrorCode::kDefinitionInvalid, "units[0].seats: expected an integer");
  document = valid_definition();
  unit(document, 0).erase("name");
  expect_refused(document, ErrorCode::kDefinitionInvalid, "units[0].name: missing");
}

TEST(DefinitionLoaderTest, RefusesDuplicateIds) {
  json::object document = valid_definition();
  unit(document, 1)["id"] = "NA-01";
  expect_refused(document, ErrorCode::kDuplicateId,
                 "units[1].id: unit id NA-01 is already used at units[0].id");
  document = valid_definition();
  auto& stations = document["stations"].as_array();
  stations[1].as_object()["id"] = "TN-0001";
  expect_refused(document, ErrorCode::kDuplicateId,
                 "stations[1].id: station id TN-0001 is already used");
  document = valid_definition();
  unit(document, 1)["candidates"].as_array()[0].as_object()["id"] = "NA-01-C1";
  expect_refused(document, ErrorCode::kDuplicateId,
                 "units[1].candidates[0].id: candidate id NA-01-C1 is already used");
}

TEST(DefinitionLoaderTest, RefusesSeatsAboveTheLawsMaximum) {
  json::object document = valid_definition();
  unit(document, 0)["seats"] = 4;  // NA: at most 3
  expect_refused(document, ErrorCode::kSeatsOutOfRange,
                 "units[0].seats: unit NA-01 has 4 seats; a National Assembly unit has 1 to 3");
  document = valid_definition();
  unit(document, 3)["seats"] = 6;  // councils: at most 5
  expect_refused(document, ErrorCode::kSeatsOutOfRange, "People's Council unit has 1 to 5");
  document = valid_definition();
  unit(document, 3)["seats"] = 0;
  expect_refused(document, ErrorCode::kSeatsOutOfRange, "units[3].seats");
}

TEST(DefinitionLoaderTest, RefusesTooFewCandidatesPerArticles57And58) {
  struct Case {
    std::size_t unit;
    int seats;
    int candidates;
    const char* message;
  };
  const Case cases[] = {
      {0, 2, 3,
       "unit NA-01 has 2 seats and 3 candidates; a National Assembly unit with 2 "
       "seats needs at least 4 (Art. 57(6))"},
      {1, 3, 4,
       "unit PROV-01 has 3 seats and 4 candidates; a People's Council unit with 3 "
       "seats needs at least 5 (Art. 58(3))"},
      {2, 5, 7, "needs at least 8 (Art. 58(3))"},
      {2, 4, 6, "needs at least 7 (Art. 58(3))"},
      {3, 1, 1, "needs at least 2"},
  };
  for (const Case& c : cases) {
    json::object document = valid_definition();
    unit(document, c.unit)["seats"] = c.seats;
    unit(document, c.unit)["candidates"].as_array().resize(static_cast<std::size_t>(c.candidates));
    SCOPED_TRACE(c.message);
    expect_refused(document, ErrorCode::kTooFewCandidates,
                   "units[" + std::to_string(c.unit) + "].candidates: ");
    expect_refused(document, ErrorCode::kTooFewCandidates, c.message);
  }
}

TEST(DefinitionLoaderTest, RefusesInvalidDates) {
  json::object document = valid_definition();
  unit(document, 0)["candidates"].as_array()[2].as_object()["birth_date"] = "1970-02-30";
  expect_refused(document, ErrorCode::kDefinitionInvalid,
                 "units[0].candidates[2].birth_date: '1970-02-30' is not a calendar date");
  document = valid_definition();
  document["election_date"] = "23/05/2021";
  expect_refused(document, ErrorCode::kDefinitionInvalid,
                 "election_date: '23/05/2021' is not a calendar date");
}

TEST(DefinitionLoaderTest, RefusesAStationNotInExactlyOneUnitPerLevel) {
  json::object document = valid_definition();
  auto station = [&]() -> json::object& { return document["stations"].as_array()[0].as_object(); };
  station()["contests"].as_array().pop_back();
  expect_refused(document, ErrorCode::kStationUnitMismatch,
                 "stations[0].contests: station TN-0001 has no contest for level COMM");
  document = valid_definition();
  station()["contests"].as_array()[1].as_object()["unit"] = "NA-01";
  expect_refused(document, ErrorCode::kStationUnitMismatch,
                 "stations[0].contests[1].unit: station TN-0001 votes in unit NA-01 for level "
                 "PROV, but that unit belongs to level NA");
  document = valid_definition();
  station()["contests"].as_array()[1].as_object()["level"] = "NA";
  expect_refused(
      document, ErrorCode::kStationUnitMismatch,
      "stations[0].contests[1].level: station TN-0001 lists level NA where level PROV is due");
  document = valid_definition();
  station()["contests"].as_array()[3].as_object()["unit"] = "COMM-99";
  expect_refused(document, ErrorCode::kUnknownId,
                 "stations[0].contests[3].unit: station TN-0001 names unknown unit 'COMM-99'");
}

TEST(DefinitionLoaderTest, RefusesAUnitOfAnUnknownLevelOrWithoutStations) {
  json::object document = valid_definition();
  unit(document, 0)["level"] = "SENATE";
  expect_refused(document, ErrorCode::kUnknownId, "units[0].level: unit NA-01 names unknown level");
  document = valid_definition();
  document["units"].as_array().push_back(json::object{
      {"id", "COMM-02"},
      {"level", "COMM"},
      {"name", "Đơn vị 2"},
      {"seats", 1},
      {"candidates",
       json::array{json::object{{"id", "X1"}, {"name", "A"}, {"birth_date", "1980-01-01"}},
                   json::object{{"id", "X2"}, {"name", "B"}, {"birth_date", "1981-01-01"}}}}});
  expect_refused(document, ErrorCode::kStationUnitMismatch,
                 "units[4]: unit COMM-02 has no polling station");
}

TEST(DefinitionLoaderTest, IndexesCandidatesLevelsAndStationSlots) {
  ElectionDefinition definition;
  {
    auto loaded = load(valid_definition());
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    definition = *loaded;  // a copy keeps working indexes after the original is gone
  }
  auto place = definition.candidate("DIST-01-C4");
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(definition.units()[place->unit_index].id, "DIST-01");
  EXPECT_EQ(place->candidate_index, 3u);
  EXPECT_EQ(definition.candidate("DIST-01-C9"), std::nullopt);
  EXPECT_EQ(definition.level_index("DIST"), 2u);
  EXPECT_EQ(definition.level("COMM")->kind, LevelKind::kPeoplesCouncil);
  EXPECT_EQ(definition.units_of_level(3), (std::vector<std::size_t>{3}));
  std::size_t comm = *definition.unit_index("COMM-01");
  EXPECT_EQ(definition.level_index_of_unit(comm), 3u);
  EXPECT_EQ(definition.station_slot(comm, *definition.station_index("TN-0002")), 1u);
  EXPECT_EQ(definition.station(" TN-0001"), nullptr);
}

TEST(DefinitionLoaderTest, AcceptsEveryUnitSizeAtItsCandidateMinimumAndLeapDays) {
  for (int seats = 1; seats <= 5; ++seats) {
    json::object document = valid_definition();
    int minimum = min_candidates(LevelKind::kPeoplesCouncil, seats);
    unit(document, 2)["seats"] = seats;
    auto& candidates = unit(document, 2)["candidates"].as_array();
    while (candidates.size() < static_cast<std::size_t>(minimum)) {
      candidates.push_back(json::object{{"id", "DIST-01-X" + std::to_string(candidates.size())},
                                        {"name", "Lê Thị Hoa"},
                                        {"birth_date", "1980-02-29"}});
    }
    candidates.resize(static_cast<std::size_t>(minimum));
    auto loaded = load(document);
    EXPECT_TRUE(loaded.ok()) << seats << " seats: " << loaded.error().message;
  }
  json::object document = valid_definition();
  document["election_date"] = "2021-02-29";
  expect_refused(document, ErrorCode::kDefinitionInvalid, "election_date: '2021-02-29'");
}

TEST(DefinitionLoaderTest, RefusesANonObjectDocumentAndAnUnknownLevelKind) {
  expect_refused(json::array{}, ErrorCode::kDefinitionInvalid, "(root): expected an object");
  json::object document = valid_definition();
  document["levels"].as_array()[1].as_object()["kind"] = "senate";
  expect_refused(document, ErrorCode::kDefinitionInvalid, "levels[1].kind: unknown kind 'senate'");
}

TEST(DefinitionLoaderTest, RefusesADuplicateLevelAndIdsThatWouldBreakFormIds) {
  json::object document = valid_definition();
  document["levels"].as_array()[2].as_object()["id"] = "PROV";
  expect_refused(document, ErrorCode::kDuplicateId,
                 "levels[2].id: level id PROV is already used at levels[1].id");
  document = valid_definition();
  document["stations"].as_array()[1].as_object()["id"] = "TN/2";
  expect_refused(document, ErrorCode::kDefinitionInvalid,
                 "stations[1].id: 'TN/2' is not an id of [A-Za-z0-9._-]");
}

TEST(DefinitionLoaderTest, RefusesAContestOfAnUnknownLevelOrBeyondTheLevels) {
  json::object document = valid_definition();
  auto contests = [&]() -> json::array& {
    return document["stations"].as_array()[1].as_object()["contests"].as_array();
  };
  contests()[0].as_object()["level"] = "WARD";
  expect_refused(document, ErrorCode::kUnknownId,
                 "stations[1].contests[0].level: station TN-0002 names unknown level 'WARD'");
  document = valid_definition();
  contests().push_back(json::object{{"level", "COMM"}, {"unit", "COMM-01"}, {"registered", 5}});
  expect_refused(document, ErrorCode::kStationUnitMismatch,
                 "stations[1].contests[4].unit: station TN-0002 lists first-round unit COMM-01 "
                 "after its one contest per level");
}

TEST(DefinitionLoaderTest, RefusesANegativeVoterListButAcceptsAnEmptyOne) {
  json::object document = valid_definition();
  auto& registered = document["stations"]
                         .as_array()[0]
                         .as_object()["contests"]
                         .as_array()[2]
                         .as_object()["registered"];
  registered = -3;
  expect_refused(document, ErrorCode::kDefinitionInvalid,
                 "stations[0].contests[2].registered: station TN-0001 has -3 registered voters");
  registered = 0;
  EXPECT_TRUE(load(document).ok());
}

// Found by the election_definition fuzz target: a definition whose voter list the tally
// refuses to count must not load (tests/fuzz/regressions/election_definition/).
TEST(DefinitionLoaderTest, RefusesAVoterListTheTallyCannotCount) {
  json::object document = valid_definition();
  auto& registered = document["stations"]
                         .as_array()[1]
                         .as_object()["contests"]
                         .as_array()[1]
                         .as_object()["registered"];
  registered = std::int64_t{1'000'000'000'001};
  expect_refused(document, ErrorCode::kDefinitionInvalid,
                 "stations[1].contests[1].registered: station TN-0002 has 1000000000001 "
                 "registered voters, more than the tally can count (1000000000000)");
  registered = std::int64_t{1'000'000'000'000};
  EXPECT_TRUE(load(document).ok());
}

TEST(DefinitionLoaderTest, RefusesALevelWithoutUnits) {
  json::object document = valid_definition();
  document["units"] = json::array{};
  document["stations"] = json::array{};
  expect_refused(document, ErrorCode::kDefinitionInvalid,
                 "levels[0]: level NA has no electoral unit");
}

TEST(DefinitionLoaderTest, NeverCrashesOnTruncatedText) {
  std::string text = json::serialize(valid_definition());
  for (std::size_t cut = 0; cut < text.size(); cut += 7) {
    auto loaded = load_election_definition(std::string_view(text).substr(0, cut));
    EXPECT_FALSE(loaded.ok());
  }
}

}  // namespace
}  // namespace tally::engine
