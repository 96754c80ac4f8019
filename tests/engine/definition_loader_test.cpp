// The election definition loader: indexes of a good definition, and for each kind of
// mistake the error code and a message naming the JSON path and the item.
#include "tally/engine/definition_loader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "election_fixture.hpp"

namespace tally::engine {
namespace {

using testing::candidate_json;
using testing::contest_json;
using testing::load_or_fail;
using testing::sample_election_json;
using testing::unit_json;
namespace json = boost::json;

// The error loading `document` gives; fails the test if it loads.
Error load_error(const json::value& document) {
  auto definition = load_election_definition(json::serialize(document));
  EXPECT_FALSE(definition.ok()) << "loaded although it should not";
  return definition.ok() ? Error{} : definition.error();
}

void expect_error(const json::value& document, ErrorCode code,
                  std::initializer_list<std::string> message_parts) {
  Error error = load_error(document);
  EXPECT_EQ(error.code, code) << error.message;
  EXPECT_EQ(error.domain, ErrorDomain::kDefinition);
  for (const std::string& part : message_parts) {
    EXPECT_NE(error.message.find(part), std::string::npos)
        << "'" << part << "' not in: " << error.message;
  }
}

json::object& unit_at(json::object& document, std::size_t index) {
  return document["units"].as_array()[index].as_object();
}

json::object& station_at(json::object& document, std::size_t index) {
  return document["stations"].as_array()[index].as_object();
}

TEST(DefinitionLoaderTest, LoadsAFourLevelDefinitionAndIndexesIt) {
  ElectionDefinition definition = load_or_fail(sample_election_json());
  EXPECT_EQ(definition.id(), "sample-2021");
  EXPECT_EQ(definition.election_date(), (Date{2021, 5, 23}));
  EXPECT_EQ(definition.form_schema_id(), "station-count/1");
  ASSERT_EQ(definition.levels().size(), 4u);
  EXPECT_EQ(definition.level_index("DIST"), 2u);
  EXPECT_EQ(definition.level("NA")->kind, LevelKind::kNationalAssembly);
  EXPECT_EQ(definition.level("nope"), nullptr);

  auto comm01 = definition.unit_index("COMM-01");
  ASSERT_TRUE(comm01.has_value());
  EXPECT_EQ(definition.unit("COMM-01")->seats, 2);
  EXPECT_EQ(definition.level_index_of_unit(*comm01), 3u);
  EXPECT_EQ(definition.kind_of_unit(*comm01), LevelKind::kPeoplesCouncil);
  EXPECT_EQ(definition.units_of_level(3).size(), 2u);
  EXPECT_EQ(definition.stations_of_unit(*comm01), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(definition.stations_of_unit(*definition.unit_index("NA-01")).size(), 3u);

  const PollingStation* s3 = definition.station("S3");
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(definition.contest(*s3, 3)->unit_id, "COMM-02");
  EXPECT_EQ(definition.contest(*s3, 3)->registered, 699);
  EXPECT_EQ(definition.station_slot(*comm01, 1), 1u);
  EXPECT_EQ(definition.station_slot(*comm01, 2), std::nullopt);

  auto place = definition.candidate("PROV-01-C4");
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(definition.units()[place->unit_index].id, "PROV-01");
  EXPECT_EQ(place->candidate_index, 3u);
  EXPECT_EQ(definition.units()[place->unit_index].candidates[3].birth_date, (Date{1963, 1, 1}));
}

TEST(DefinitionLoaderTest, LoadsAThreeLevelDefinitionWithoutDistricts) {
  ElectionDefinition definition = load_or_fail(sample_election_json(false));
  ASSERT_EQ(definition.levels().size(), 3u);
  EXPECT_EQ(definition.level("DIST"), nullptr);
  EXPECT_EQ(definition.level_index("COMM"), 2u);
  EXPECT_EQ(definition.contest(*definition.station("S1"), 2)->unit_id, "COMM-01");
}

TEST(DefinitionLoaderTest, CopiesKeepWorkingIndexes) {
  ElectionDefinition copy;
  {
    ElectionDefinition original = load_or_fail(sample_election_json());
    copy = original;
  }
  EXPECT_EQ(copy.unit("PROV-01")->candidates.size(), 5u);
  EXPECT_EQ(copy.station("S2")->contests.size(), 4u);
}

TEST(DefinitionLoaderTest, MalformedJsonGivesLineAndColumn) {
  auto definition = load_election_definition("{\n  \"format\": \"tally-election/1\",\n  oops\n}");
  ASSERT_FALSE(definition.ok());
  EXPECT_EQ(definition.error().code, ErrorCode::kDefinitionParse);
  EXPECT_NE(definition.error().message.find("line 3, column 3"), std::string::npos)
      << definition.error().message;
}

TEST(DefinitionLoaderTest, EmptyAndNonObjectDocumentsAreRefused) {
  EXPECT_EQ(load_election_definition("").error().code, ErrorCode::kDefinitionParse);
  expect_error(json::array{}, ErrorCode::kDefinitionInvalid, {"(root)", "expected an object"});
}

TEST(DefinitionLoaderTest, WrongTypeNamesThePath) {
  json::object document = sample_election_json();
  unit_at(document, 1)["seats"] = "3";
  expect_error(document, ErrorCode::kDefinitionInvalid, {"units[1].seats", "expected an integer"});

  document = sample_election_json();
  station_at(document, 2)["contests"] = json::object{};
  expect_error(document, ErrorCode::kDefinitionInvalid,
               {"stations[2].contests", "expected an array"});
}

TEST(DefinitionLoaderTest, MissingMemberNamesThePath) {
  json::object document = sample_election_json();
  unit_at(document, 0)["candidates"].as_array()[2].as_object().erase("birth_date");
  expect_error(document, ErrorCode::kDefinitionInvalid,
               {"units[0].candidates[2].birth_date", "missing"});

  document = sample_election_json();
  document.erase("stations");
  expect_error(document, ErrorCode::kDefinitionInvalid, {"stations: missing"});
}

TEST(DefinitionLoaderTest, UnknownMemberIsRefused) {
  json::object document = sample_election_json();
  station_at(document, 0)["registred"] = 5;
  expect_error(document, ErrorCode::kDefinitionInvalid,
               {"stations[0].registred", "unknown member"});
}

TEST(DefinitionLoaderTest, UnknownFormatIsRefused) {
  json::object document = sample_election_json();
  document["format"] = "tally-election/2";
  expect_error(document, ErrorCode::kDefinitionInvalid, {"format", "'tally-election/2'"});
}

TEST(DefinitionLoaderTest, OnlyThreeOrFourLevelsAreAccepted) {
  json::object document = sample_election_json(false);
  document["levels"].as_array().pop_back();
  expect_error(document, ErrorCode::kDefinitionInvalid, {"levels", "3 or 4 levels, found 2"});

  document = sample_election_json();
  document["levels"].as_array().push_back(
      json::object{{"id", "HAM"}, {"name", "Thôn"}, {"kind", "peoples_council"}});
  expect_error(document, ErrorCode::kDefinitionInvalid, {"levels", "found 5"});
}

TEST(DefinitionLoaderTest, UnknownLevelKindIsRefused) {
  json::object document = sample_election_json();
  document["levels"].as_array()[1].as_object()["kind"] = "senate";
  expect_error(document, ErrorCode::kDefinitionInvalid, {"levels[1].kind", "'senate'"});
}

TEST(DefinitionLoaderTest, DuplicateIdsAreRefusedWithBothPlaces) {
  json::object document = sample_election_json();
  document["levels"].as_array()[2].as_object()["id"] = "PROV";
  expect_error(document, ErrorCode::kDuplicateId,
               {"levels[2].id", "level id PROV is already used at levels[1].id"});

  document = sample_election_json();
  unit_at(document, 4)["id"] = "COMM-01";
  expect_error(document, ErrorCode::kDuplicateId, {"units[4].id", "unit id COMM-01"});

  document = sample_election_json();
  unit_at(document, 1)["candidates"].as_array()[4] = candidate_json("NA-01-C2", "1970-01-01");
  expect_error(document, ErrorCode::kDuplicateId,
               {"units[1].candidates[4].id", "candidate id NA-01-C2", "units[0].candidates[1].id"});

  document = sample_election_json();
  station_at(document, 2)["id"] = "S1";
  expect_error(document, ErrorCode::kDuplicateId, {"stations[2].id", "station id S1"});
}

TEST(DefinitionLoaderTest, IdsWithSlashesOrSpacesAreRefused) {
  json::object document = sample_election_json();
  station_at(document, 0)["id"] = "S/1";
  expect_error(document, ErrorCode::kDefinitionInvalid, {"stations[0].id", "'S/1'"});
}

TEST(DefinitionLoaderTest, UnitOfAnUnknownLevelIsRefused) {
  json::object document = sample_election_json();
  unit_at(document, 3)["level"] = "WARD";
  expect_error(document, ErrorCode::kUnknownId,
               {"units[3].level", "unit COMM-01 names unknown level 'WARD'"});
}

TEST(DefinitionLoaderTest, SeatsOutsideTheLawAreRefused) {
  json::object document = sample_election_json();
  unit_at(document, 0)["seats"] = 4;
  expect_error(document, ErrorCode::kSeatsOutOfRange,
               {"units[0].seats", "unit NA-01 has 4 seats", "National Assembly unit has 1 to 3"});

  document = sample_election_json();
  unit_at(document, 1)["seats"] = 6;
  expect_error(document, ErrorCode::kSeatsOutOfRange,
               {"units[1].seats", "People's Council unit has 1 to 5"});

  document = sample_election_json();
  unit_at(document, 4)["seats"] = 0;
  expect_error(document, ErrorCode::kSeatsOutOfRange, {"units[4].seats", "COMM-02 has 0 seats"});
}

TEST(DefinitionLoaderTest, CandidateMinimumsFollowArticles57And58) {
  struct Case {
    const char* kind;
    int seats;
    int minimum;
  };
  const Case cases[] = {{"national_assembly", 1, 3}, {"national_assembly", 2, 4},
                        {"national_assembly", 3, 5}, {"peoples_council", 1, 2},
                        {"peoples_council", 2, 3},   {"peoples_council", 3, 5},
                        {"peoples_council", 4, 7},   {"peoples_council", 5, 8}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.kind) + " " + std::to_string(c.seats) + " seats");
    json::object document = sample_election_json();
    document["levels"].as_array()[1].as_object()["kind"] = c.kind;  // PROV's kind
    unit_at(document, 1) = unit_json("PROV-01", "PROV", c.seats, c.minimum);
    load_or_fail(document);

    unit_at(document, 1) = unit_json("PROV-01", "PROV", c.seats, c.minimum - 1);
    std::string article = std::string(c.kind) == "national_assembly" ? "Art. 57(6)" : "Art. 58(3)";
    expect_error(document, ErrorCode::kTooFewCandidates,
                 {"units[1].candidates", "needs at least " + std::to_string(c.minimum), article});
  }
}

TEST(DefinitionLoaderTest, TooFewCandidatesMessageNamesUnitSeatsAndArticle) {
  json::object document = sample_election_json();
  unit_at(document, 1) = unit_json("PROV-01", "PROV", 3, 4);
  Error error = load_error(document);
  EXPECT_EQ(error.message,
            "election definition: units[1].candidates: unit PROV-01 has 3 seats and 4 "
            "candidates; a People's Council unit with 3 seats needs at least 5 (Art. 58(3))");
}

TEST(DefinitionLoaderTest, DatesMustBeRealCalendarDates) {
  for (const char* bad : {"2021-02-29", "2021-5-23", "2021-13-01", "2021-04-31", "23/05/2021"}) {
    SCOPED_TRACE(bad);
    json::object document = sample_election_json();
    unit_at(document, 2)["candidates"].as_array()[0].as_object()["birth_date"] = bad;
    expect_error(document, ErrorCode::kDefinitionInvalid,
                 {"units[2].candidates[0].birth_date", std::string("'") + bad + "'"});
  }
  json::object document = sample_election_json();
  document["election_date"] = "2020-02-29";  // a leap day
  EXPECT_EQ(load_or_fail(document).election_date(), (Date{2020, 2, 29}));
  EXPECT_EQ((Date{1968, 4, 2}).to_string(), "1968-04-02");
}

TEST(DefinitionLoaderTest, StationMustHaveOneContestPerLevelInLevelOrder) {
  json::object document = sample_election_json();
  station_at(document, 1)["contests"].as_array().pop_back();
  expect_error(document, ErrorCode::kStationUnitMismatch,
               {"stations[1].contests", "station S2 has no contest for level COMM"});

  document = sample_election_json();
  station_at(document, 1)["contests"].as_array()[2] = contest_json("PROV", "PROV-01", 500);
  expect_error(document, ErrorCode::kStationUnitMismatch,
               {"stations[1].contests[2].level", "lists level PROV where level DIST is due"});

  document = sample_election_json();
  station_at(document, 0)["contests"].as_array().push_back(contest_json("COMM", "COMM-02", 3));
  expect_error(document, ErrorCode::kStationUnitMismatch, {"stations[0].contests[4].level"});
}

TEST(DefinitionLoaderTest, ContestInAUnitOfAnotherLevelIsRefused) {
  json::object document = sample_election_json();
  station_at(document, 2)["contests"].as_array()[2] = contest_json("DIST", "COMM-02", 500);
  expect_error(document, ErrorCode::kStationUnitMismatch,
               {"stations[2].contests[2].unit",
                "station S3 votes in unit COMM-02 for level DIST, but that unit belongs to "
                "level COMM"});
}

TEST(DefinitionLoaderTest, ContestWithUnknownUnitOrLevelIsRefused) {
  json::object document = sample_election_json();
  station_at(document, 2)["contests"].as_array()[3] = contest_json("COMM", "COMM-99", 500);
  expect_error(document, ErrorCode::kUnknownId,
               {"stations[2].contests[3].unit", "unknown unit 'COMM-99'"});

  document = sample_election_json();
  station_at(document, 2)["contests"].as_array()[3] = contest_json("WARD", "COMM-02", 500);
  expect_error(document, ErrorCode::kUnknownId,
               {"stations[2].contests[3].level", "unknown level 'WARD'"});
}

TEST(DefinitionLoaderTest, NegativeVoterListIsRefused) {
  json::object document = sample_election_json();
  station_at(document, 0)["contests"].as_array()[0].as_object()["registered"] = -1;
  expect_error(document, ErrorCode::kDefinitionInvalid,
               {"stations[0].contests[0].registered", "station S1 has -1 registered voters"});

  document = sample_election_json();
  station_at(document, 0)["contests"].as_array()[0].as_object()["registered"] = 0;
  load_or_fail(document);
}

TEST(DefinitionLoaderTest, UnitWithoutAStationIsRefused) {
  json::object document = sample_election_json();
  document["units"].as_array().push_back(unit_json("COMM-03", "COMM", 1, 2));
  expect_error(document, ErrorCode::kStationUnitMismatch,
               {"units[5]", "unit COMM-03 has no polling station"});
}

TEST(DefinitionLoaderTest, LevelWithoutUnitsIsRefused) {
  json::object document = sample_election_json();
  document["stations"] = json::array{};
  document["units"] = json::array{};
  expect_error(document, ErrorCode::kDefinitionInvalid,
               {"levels[0]", "level NA has no electoral unit"});
}

TEST(DefinitionLoaderTest, TruncatedOrGarbageInputNeverCrashes) {
  std::string text = json::serialize(sample_election_json());
  for (std::size_t length = 0; length < text.size(); length += 7) {
    auto definition = load_election_definition(std::string_view(text).substr(0, length));
    ASSERT_FALSE(definition.ok());
    EXPECT_FALSE(definition.error().message.empty());
  }
}

}  // namespace
}  // namespace tally::engine
