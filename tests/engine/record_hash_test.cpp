#include "tally/engine/record_hash.hpp"

#include <gtest/gtest.h>

namespace tally::engine {
namespace {

StationRecord sample() {
  StationRecord record;
  record.form = FormId{"TN-0001", "NA-01"};
  record.values = {{"valid", Count{801}},
                   {"notes", std::string("ok")},
                   {"votes", VoteMap{{"NA-01-C01", 640}}}};
  return record;
}

TEST(RecordHashTest, BytesFollowTheDocumentedLayout) {
  StationRecord record;
  record.form = FormId{"S", "U"};
  record.values = {{"v", Count{258}}};
  const std::string expected = std::string("\x15\0\0\0tally-record-values/1", 25) +
                               std::string("\x01\0\0\0S\x01\0\0\0U\x01\0\0\0", 14) +
                               std::string("\x01\0\0\0v\x01\x02\x01\0\0\0\0\0\0", 14);
  EXPECT_EQ(record_values_bytes(record), expected);
  EXPECT_EQ(record_values_hash(record), sha256(expected));
}

TEST(RecordHashTest, AnyValueChangeChangesTheHash) {
  const Sha256Digest base = record_values_hash(sample());
  StationRecord changed = sample();
  changed.values["valid"] = Count{802};
  EXPECT_NE(record_values_hash(changed), base);
  changed = sample();
  std::get<VoteMap>(changed.values["votes"])["NA-01-C01"] = 641;
  EXPECT_NE(record_values_hash(changed), base);
  changed = sample();
  changed.form.station_id = "TN-0002";
  EXPECT_NE(record_values_hash(changed), base);
}

TEST(RecordHashTest, SchemaIdIsNotHashed) {
  StationRecord with_schema = sample();
  with_schema.schema_id = "station-count/1";
  EXPECT_EQ(record_values_hash(with_schema), record_values_hash(sample()));
}

}  // namespace
}  // namespace tally::engine
