// Helpers for the client tests: temporary directories, and a store seeded as if enrolled
// (for the tests that need no server); the reference data is in test_reference.hpp.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>

#include "store.hpp"
#include "tally/engine/crypto_random.hpp"
#include "test_reference.hpp"

namespace tally::client::testing {

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
  DeviceIdentity identity{
      device_id, role, station, std::string(seed->begin(), seed->end()), "ws://127.0.0.1:1/sync",
      ""};
  ASSERT_TRUE((*store)->save_identity(identity).ok());
  ASSERT_TRUE((*store)->save_reference_data(ReferenceJson{kDefinitionJson, schema_json()}).ok());
}

}  // namespace tally::client::testing
