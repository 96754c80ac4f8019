// Ids against the wire's limits (issue 14, finding 2): the loaders accept an id or field
// name exactly as long as the wire carries, and the ops and messages made of it decode; one
// byte more is refused when the definition or schema is loaded, not when a store or a
// device meets the op it made.
#include "tally/engine/wire_limits.hpp"

#include <gtest/gtest.h>

#include "election_fixture.hpp"
#include "form_schema_fixture.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/op_codec.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;

// The sample election with the first station and the first NA candidate renamed.
json::object election_with(const std::string& station_id, const std::string& candidate_id) {
  json::object document = testing::sample_election_json();
  document["stations"].as_array()[0].as_object()["id"] = station_id;
  document["units"].as_array()[0].as_object()["candidates"].as_array()[0].as_object()["id"] =
      candidate_id;
  return document;
}

Result<ElectionDefinition> load(const json::value& document) {
  return load_election_definition(json::serialize(document));
}

TEST(WireLimitsTest, IdsAsLongAsTheWireCarriesLoadAndTheirOpsAndMessagesDecode) {
  const std::string station(kMaxStationIdBytes, 'S');
  const std::string candidate(kMaxCandidateIdBytes, 'C');
  auto definition = load(election_with(station, candidate));
  ASSERT_TRUE(definition.ok()) << definition.error().to_string();

  Op op;
  op.dot = {std::string(kMaxDeviceIdBytes, 'd'), 1};
  op.form = {station, "NA-01"};
  op.field = std::string(kMaxFieldNameBytes, 'v') + "." + candidate;
  op.value = Count{5};
  auto decoded = decode_op(encode_op(op));
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(*decoded, op);

  auto enrolled =
      decode(encode(EnrolledMessage{std::string(kMaxIdBytes, 'd'), station, Role::kOfficer}));
  EXPECT_TRUE(enrolled.ok()) << enrolled.error().to_string();
}

TEST(WireLimitsTest, CandidateIdLongerThanAFieldPathCarriesIsRefusedAtLoad) {
  auto definition = load(election_with("S1", std::string(130, 'C')));  // loaded before
  ASSERT_FALSE(definition.ok());
  EXPECT_EQ(definition.error().code, ErrorCode::kDefinitionInvalid);
  EXPECT_NE(definition.error().message.find("longer than the wire's limit of 64"),
            std::string::npos)
      << definition.error().message;
}

TEST(WireLimitsTest, StationIdLongerThanEnrolledCarriesIsRefusedAtLoad) {
  auto definition = load(election_with(std::string(kMaxStationIdBytes + 1, 'S'), "NA-01-C1"));
  ASSERT_FALSE(definition.ok());
  EXPECT_NE(definition.error().message.find("stations[0].id"), std::string::npos)
      << definition.error().message;
}

TEST(WireLimitsTest, SchemaFieldNameOrTextLengthBeyondTheWireIsRefusedAtLoad) {
  const std::string text = testing::station_count_schema_text();
  json::value schema = json::parse(text);
  json::object& field = schema.as_object()["fields"].as_array()[0].as_object();
  field["name"] = std::string(kMaxFieldNameBytes + 1, 'f');
  auto long_name = load_form_schema(json::serialize(schema));
  ASSERT_FALSE(long_name.ok());
  EXPECT_NE(long_name.error().message.find("longer than 63 bytes"), std::string::npos)
      << long_name.error().message;

  json::value texts = json::parse(text);
  for (auto& entry : texts.as_object()["fields"].as_array()) {
    if (entry.as_object()["type"] == "text") entry.as_object()["max_length"] = kMaxTextBytes + 1;
  }
  auto long_text = load_form_schema(json::serialize(texts));
  ASSERT_FALSE(long_text.ok());
  EXPECT_NE(long_text.error().message.find("max_length: must be at most 4096"), std::string::npos)
      << long_text.error().message;
}

}  // namespace
}  // namespace tally::engine
