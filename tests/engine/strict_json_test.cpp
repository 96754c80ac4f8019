// Strict JSON (issue 14, finding 6): a key twice in one object is refused by every loader,
// not resolved silently by keeping the last value, and text cut short says "truncated".
#include "tally/engine/strict_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tally/engine/definition_loader.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/engine/records_json.hpp"

namespace tally::engine {
namespace {

void expect_fails_with(const Error& error, ErrorCode code, const std::string& fragment) {
  EXPECT_EQ(error.code, code);
  EXPECT_NE(error.message.find(fragment), std::string::npos) << error.message;
}

TEST(StrictJsonTest, KeyTwiceInOneObjectIsRefusedWithItsPath) {
  auto parsed = parse_strict_json(
      R"({"units": [{"id": "A"}, {"id": "B", "x": {"id": 1, "id": 2}}]})", ErrorCode::kMalformed);
  ASSERT_FALSE(parsed.ok());
  expect_fails_with(parsed.error(), ErrorCode::kMalformed, "units[1].x: key \"id\" appears twice");
}

TEST(StrictJsonTest, SameKeyInSeparateObjectsIsFine) {
  auto parsed =
      parse_strict_json(R"([{"id": 1}, {"id": 2, "sub": {"id": 3}}])", ErrorCode::kMalformed);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->as_array().size(), 2u);
}

TEST(StrictJsonTest, TextCutShortSaysTruncated) {
  auto parsed = parse_strict_json("{\"devices\": [{\"id\": \"d", ErrorCode::kMalformed);
  ASSERT_FALSE(parsed.ok());
  expect_fails_with(parsed.error(), ErrorCode::kMalformed, "truncated JSON");
  auto empty = parse_strict_json("", ErrorCode::kMalformed);
  ASSERT_FALSE(empty.ok());
  expect_fails_with(empty.error(), ErrorCode::kMalformed, "truncated JSON");
}

TEST(StrictJsonTest, DefinitionWithTheIdTwiceDoesNotLoad) {
  auto loaded = load_election_definition(R"({"format": "tally-election/1", "id": "a", "id": "b"})");
  ASSERT_FALSE(loaded.ok());
  expect_fails_with(loaded.error(), ErrorCode::kDefinitionParse,
                    "(root): key \"id\" appears twice");
}

TEST(StrictJsonTest, SchemaAndRecordsWithAKeyTwiceDoNotLoad) {
  auto schema = load_form_schema(R"({"format": "x", "format": "y"})");
  ASSERT_FALSE(schema.ok());
  expect_fails_with(schema.error(), ErrorCode::kSchemaParse, "key \"format\" appears twice");
  auto records = parse_records_file(R"({"records": [], "records": []})");
  ASSERT_FALSE(records.ok());
  expect_fails_with(records.error(), ErrorCode::kRecordsParse, "key \"records\" appears twice");
}

}  // namespace
}  // namespace tally::engine
