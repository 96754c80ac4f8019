// Helpers for the client tests: a small election definition, the station-count/1 schema
// from the repository, temporary directories, and a store seeded as if enrolled (for the
// tests that need no server).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "store.hpp"
#include "tally/engine/crypto_random.hpp"

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

// The count a record holds for `field`, or nullopt.
inline std::optional<engine::Count> count_of(const engine::StationRecord& record,
                                             const std::string& field) {
  auto it = record.values.find(field);
  if (it == record.values.end()) return std::nullopt;
  const auto* count = std::get_if<engine::Count>(&it->second);
  return count != nullptr ? std::optional<engine::Count>(*count) : std::nullopt;
}

// A fresh directory under /tmp, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("tally-client-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" +
             info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes an identity (fresh key) and the test reference data into the store at `path`,
// as enrolment and a first Welcome would.
inline void seed_enrolled_store(const std::string& path, const std::string& device_id,
                                const std::string& role = "officer",
                                const std::string& station = "TN-0001") {
  auto store = Store::open(path);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  auto seed = engine::random_seed();
  ASSERT_TRUE(seed.ok());
  DeviceIdentity identity{device_id, role, station,
                          std::string(seed->begin(), seed->end()), "ws://127.0.0.1:1/sync", ""};
  ASSERT_TRUE((*store)->save_identity(identity).ok());
  ASSERT_TRUE((*store)->save_reference_data(ReferenceJson{kDefinitionJson, schema_json()}).ok());
}

}  // namespace tally::client::testing
