// The reference data of the client tests and benchmarks: a small election definition
// (tally-election/1) and the repository's station-count/1 form schema.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tally::client::testing {

// Three levels, one unit each, two stations (TN-0001, TN-0002).
inline constexpr const char* kDefinitionJson = R"({
  "format": "tally-election/1", "id": "test-2021", "name": "Test election",
  "election_date": "2021-05-23", "form_schema": "station-count/1",
  "levels": [
    {"id": "NA", "name": "National Assembly", "kind": "national_assembly"},
    {"id": "PROV", "name": "Province council", "kind": "peoples_council"},
    {"id": "COMM", "name": "Commune council", "kind": "peoples_council"}],
  "units": [
    {"id": "NA-01", "level": "NA", "name": "NA unit 1", "seats": 1, "candidates": [
      {"id": "NA-01-C01", "name": "An", "birth_date": "1968-04-12"},
      {"id": "NA-01-C02", "name": "Binh", "birth_date": "1970-01-01"},
      {"id": "NA-01-C03", "name": "Cuong", "birth_date": "1975-06-30"}]},
    {"id": "PROV-01", "level": "PROV", "name": "Province unit 1", "seats": 1, "candidates": [
      {"id": "PROV-01-C01", "name": "Dung", "birth_date": "1960-02-02"},
      {"id": "PROV-01-C02", "name": "Giang", "birth_date": "1961-03-03"}]},
    {"id": "COMM-01", "level": "COMM", "name": "Commune unit 1", "seats": 1, "candidates": [
      {"id": "COMM-01-C01", "name": "Ha", "birth_date": "1980-05-05"},
      {"id": "COMM-01-C02", "name": "Khanh", "birth_date": "1981-07-07"}]}],
  "stations": [
    {"id": "TN-0001", "name": "Station 1", "contests": [
      {"level": "NA", "unit": "NA-01", "registered": 800},
      {"level": "PROV", "unit": "PROV-01", "registered": 800},
      {"level": "COMM", "unit": "COMM-01", "registered": 800}]},
    {"id": "TN-0002", "name": "Station 2", "contests": [
      {"level": "NA", "unit": "NA-01", "registered": 600},
      {"level": "PROV", "unit": "PROV-01", "registered": 600},
      {"level": "COMM", "unit": "COMM-01", "registered": 600}]}]
})";

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string schema_json() {
  return read_text(std::filesystem::path(TALLY_SOURCE_ROOT) / "schemas/forms/station-count-1.json");
}

}  // namespace tally::client::testing
