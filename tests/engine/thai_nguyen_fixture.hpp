// Test helpers: the Thái Nguyên 2021 data set, committed or freshly generated, loaded
// through the engine (definition loader and records file reader).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tally/engine/definition_loader.hpp"
#include "tally/engine/records_json.hpp"

namespace tally::engine::testing {

inline constexpr const char* kThaiNguyenDefinitionPath = "schemas/elections/thai-nguyen-2021.json";
inline constexpr const char* kThaiNguyenRecordsPath =
    "schemas/elections/thai-nguyen-2021.records.json";

// The bytes of a file of the source tree.
inline std::string source_file(const std::string& relative_path) {
  std::ifstream file(std::string(TALLY_SOURCE_ROOT) + "/" + relative_path, std::ios::binary);
  EXPECT_TRUE(file.good()) << "cannot open " << relative_path << " under " << TALLY_SOURCE_ROOT;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A definition and its records, loaded.
struct LoadedDataSet {
  ElectionDefinition definition;
  std::vector<StationRecord> records;
};

// Loads a definition and a records file; fails the test if either does not load.
inline LoadedDataSet load_data_set(const std::string& definition_json,
                                   const std::string& records_json) {
  LoadedDataSet loaded;
  auto definition = load_election_definition(definition_json);
  EXPECT_TRUE(definition.ok()) << definition.error().to_string();
  if (definition.ok()) loaded.definition = std::move(definition).value();
  auto records = parse_records_file(records_json);
  EXPECT_TRUE(records.ok()) << records.error().to_string();
  if (records.ok()) {
    EXPECT_EQ(records->election_id, loaded.definition.id());
    loaded.records = std::move(records->records);
  }
  return loaded;
}

// The committed data set, read and loaded once per test run.
inline const LoadedDataSet& committed_data_set() {
  static const LoadedDataSet kData =
      load_data_set(source_file(kThaiNguyenDefinitionPath), source_file(kThaiNguyenRecordsPath));
  return kData;
}

}  // namespace tally::engine::testing
