#include "tally/engine/form_schema.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <string>

#include "form_schema_fixture.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;
using testing::station_count_schema;
using testing::station_count_schema_text;

// Loads station-count-1.json after `edit` changed its JSON; expects a refusal.
Error load_error(const std::function<void(json::object&)>& edit) {
  json::value document = json::parse(station_count_schema_text());
  edit(document.as_object());
  auto schema = load_form_schema(json::serialize(document));
  EXPECT_FALSE(schema.ok()) << "the edited schema loaded";
  return schema.ok() ? Error{} : schema.error();
}

json::object& field(json::object& root, std::size_t index) {
  return root["fields"].as_array()[index].as_object();
}
json::object& check(json::object& root, std::size_t index) {
  return root["checks"].as_array()[index].as_object();
}

TEST(FormSchemaTest, StationCountSchemaLoadsFromTheRepository) {
  FormSchema schema = station_count_schema();
  EXPECT_EQ(schema.id, "station-count/1");
  EXPECT_EQ(schema.name, "station-count");
  EXPECT_EQ(schema.version, 1);
  ASSERT_EQ(schema.fields.size(), 11u);
  for (const char* name : {fields::kRegistered, fields::kVoted, fields::kIssued, fields::kReceived,
                           fields::kValid, fields::kInvalid, fields::kComplaintsReceived,
                           fields::kComplaintsResolved, fields::kComplaintsForwarded}) {
    const FieldSpec* spec = schema.field(name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_EQ(spec->type, FieldType::kCount) << name;
    EXPECT_TRUE(spec->required) << name;
    EXPECT_FALSE(spec->label.vi.empty() || spec->label.en.empty()) << name;
  }
  EXPECT_EQ(schema.field(fields::kValid)->max, kDefaultCountMax);
  EXPECT_EQ(schema.field(fields::kVotes)->type, FieldType::kCandidateVotes);
  EXPECT_EQ(schema.field(fields::kNotes)->type, FieldType::kText);
  EXPECT_FALSE(schema.field(fields::kNotes)->required);
  EXPECT_NE(schema.field(fields::kInvalid)->help.en.find("Art. 74"), std::string::npos);
  EXPECT_NE(schema.field(fields::kInvalid)->help.vi.find("Điều 74"), std::string::npos);
  EXPECT_EQ(schema.field("turnout"), nullptr);
}

TEST(FormSchemaTest, StationCountChecksAreTheLawsChecksWithTheirSeverities) {
  FormSchema schema = station_count_schema();
  std::vector<std::pair<std::string, std::string>> expected = {
      {"voted_le_registered", "voted <= registered"},
      {"received_le_issued", "received <= issued"},
      {"valid_plus_invalid", "valid + invalid == received"},
      {"received_eq_voted", "received == voted"},
      {"candidate_votes_le_valid", "each(votes) <= valid"},
      {"votes_le_valid_times_seats", "sum(votes) <= valid * seats"},
      {"complaints_accounted",
       "complaints_resolved + complaints_forwarded <= complaints_received"}};
  ASSERT_EQ(schema.checks.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(schema.checks[i].id, expected[i].first);
    EXPECT_EQ(schema.checks[i].expression.text(), expected[i].second);
    Severity severity =
        expected[i].first == "received_eq_voted" ? Severity::kWarning : Severity::kError;
    EXPECT_EQ(schema.checks[i].severity, severity) << expected[i].first;
  }
}

TEST(FormSchemaTest, MalformedJsonIsRefusedWithLineAndColumn) {
  auto schema = load_form_schema("{\n  \"format\": \"tally-form-schema/1\",\n  \"id\" 3\n}");
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.error().code, ErrorCode::kSchemaParse);
  EXPECT_EQ(schema.error().domain(), ErrorDomain::kSchema);
  EXPECT_NE(schema.error().message.find("line 3, column 8: malformed JSON"), std::string::npos)
      << schema.error().message;
  EXPECT_EQ(load_form_schema("[]").error().message, "form schema: (root): expected an object");
}

TEST(FormSchemaTest, WrongFormatOrIdIsRefused) {
  Error format = load_error([](json::object& root) { root["format"] = "tally-form-schema/2"; });
  EXPECT_EQ(format.code, ErrorCode::kSchemaInvalid);
  EXPECT_EQ(format.message,
            "form schema: format: expected \"tally-form-schema/1\", found \"tally-form-schema/2\"");
  EXPECT_EQ(load_error([](json::object& root) { root["id"] = "station-count/2"; }).message,
            "form schema: id: \"station-count/2\" should be \"station-count/1\" (name/version)");
  EXPECT_EQ(load_error([](json::object& root) { root.erase("title"); }).message,
            "form schema: title: missing");
  EXPECT_EQ(load_error([](json::object& root) { root["version"] = 1.5; }).message,
            "form schema: version: expected an integer");
}

TEST(FormSchemaTest, FieldErrorsNameTheFieldsJsonPath) {
  EXPECT_EQ(load_error([](json::object& root) { field(root, 2)["maxx"] = 5; }).message,
            "form schema: fields[2].maxx: unknown member");
  EXPECT_EQ(load_error([](json::object& root) { field(root, 1)["name"] = "registered"; }).message,
            "form schema: fields[1].name: duplicate field 'registered'");
  EXPECT_EQ(load_error([](json::object& root) { field(root, 0)["type"] = "number"; }).message,
            "form schema: fields[0].type: expected \"count\", \"text\" or \"candidate_votes\", "
            "found \"number\"");
  EXPECT_EQ(load_error([](json::object& root) { field(root, 0)["name"] = "seats"; }).message,
            "form schema: fields[0].name: 'seats' is reserved for checks");
  EXPECT_EQ(load_error([](json::object& root) { field(root, 0)["name"] = "Voters"; }).message,
            "form schema: fields[0].name: 'Voters' is not a name of [a-z0-9_]");
  EXPECT_EQ(load_error([](json::object& root) { field(root, 10)["max"] = 5; }).message,
            "form schema: fields[10].max: a text field has max_length, not max");
  EXPECT_EQ(load_error([](json::object& root) { field(root, 0)["max"] = -1; }).message,
            "form schema: fields[0].max: must be at least 0");
  EXPECT_EQ(load_error([](json::object& root) { field(root, 0)["required"] = "yes"; }).message,
            "form schema: fields[0].required: expected true or false");
  EXPECT_EQ(load_error([](json::object& root) {
              field(root, 5)["help"].as_object().erase("vi");
            }).message,
            "form schema: fields[5].help.vi: missing");
}

TEST(FormSchemaTest, CheckSyntaxErrorsAreRefusedAtLoadWithPathAndColumn) {
  Error error = load_error([](json::object& root) { check(root, 2)["expr"] = "valid + + == 3"; });
  EXPECT_EQ(error.code, ErrorCode::kExpressionSyntax);
  EXPECT_EQ(error.message,
            "form schema: checks[2].expr: column 9: expected a number, a name, '(', '-' or '!', "
            "found '+'");
}

TEST(FormSchemaTest, CheckTypeErrorsAreRefusedAtLoad) {
  Error error = load_error([](json::object& root) { check(root, 0)["expr"] = "votes + 1 > 0"; });
  EXPECT_EQ(error.code, ErrorCode::kExpressionType);
  EXPECT_EQ(error.message,
            "form schema: checks[0].expr: column 7: '+' needs integers, but 'votes' is a "
            "candidate-vote map");
  EXPECT_EQ(
      load_error([](json::object& root) { check(root, 0)["expr"] = "valid + 1"; }).message,
      "form schema: checks[0].expr: a check must be a condition (a comparison), not a number");
  // Texts cannot be read by checks.
  EXPECT_EQ(load_error([](json::object& root) { check(root, 0)["expr"] = "notes == 1"; }).message,
            "form schema: checks[0].expr: column 1: unknown name 'notes'");
}

TEST(FormSchemaTest, CheckMemberErrorsAreRefused) {
  EXPECT_EQ(load_error([](json::object& root) { check(root, 3)["severity"] = "info"; }).message,
            "form schema: checks[3].severity: expected \"error\" or \"warning\", found \"info\"");
  EXPECT_EQ(
      load_error([](json::object& root) { check(root, 1)["id"] = "voted_le_registered"; }).message,
      "form schema: checks[1].id: duplicate check 'voted_le_registered'");
  EXPECT_EQ(load_error([](json::object& root) { check(root, 0).erase("message"); }).message,
            "form schema: checks[0].message: missing");
}

TEST(FormSchemaTest, ContextVariablesSeatsAndCandidatesAreKnownToChecks) {
  json::value document = json::parse(station_count_schema_text());
  check(document.as_object(), 0)["expr"] = "count(votes) == candidates && seats >= 1";
  auto schema = load_form_schema(json::serialize(document));
  ASSERT_TRUE(schema.ok()) << schema.error().to_string();
}

}  // namespace
}  // namespace tally::engine
