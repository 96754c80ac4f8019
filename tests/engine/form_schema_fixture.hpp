// Test helpers: the repository's station-count/1 schema and a unit to validate against.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tally/engine/definition.hpp"
#include "tally/engine/form_schema.hpp"

namespace tally::engine::testing {

// The text of schemas/forms/station-count-1.json in the source tree.
inline std::string station_count_schema_text() {
  std::ifstream file(std::string(TALLY_SOURCE_ROOT) + "/schemas/forms/station-count-1.json");
  EXPECT_TRUE(file.good()) << "cannot open station-count-1.json under " << TALLY_SOURCE_ROOT;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The loaded station-count/1 schema; fails the test if it does not load.
inline FormSchema station_count_schema() {
  auto schema = load_form_schema(station_count_schema_text());
  EXPECT_TRUE(schema.ok()) << schema.error().to_string();
  return schema.ok() ? std::move(schema).value() : FormSchema{};
}

// A 3-seat National Assembly unit with five candidates NA-01-C01 .. NA-01-C05.
inline ElectoralUnit three_seat_unit() {
  ElectoralUnit unit{"NA-01", "NA", "Đơn vị bầu cử số 1", 3, {}, std::nullopt};
  for (int i = 1; i <= 5; ++i) {
    unit.candidates.push_back(Candidate{
        "NA-01-C0" + std::to_string(i), "Ứng cử viên " + std::to_string(i), {1970, 1, i}});
  }
  return unit;
}

}  // namespace tally::engine::testing
