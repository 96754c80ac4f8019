// Enrolment of a device tallyd could never serve (issue 14, finding 2): its Welcome would
// be larger than a device decodes, so no code is made for it (before, the code was spent,
// `device_enrolled` logged, and the device then refused every Welcome).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "tally/engine/wire_limits.hpp"
#include "tallyd_process.hpp"
#include "temp_dir.hpp"

namespace tally::testkit {
namespace {

namespace json = boost::json;

// The test election with one candidate of the province's unit named by `name_bytes` bytes:
// a definition every device of the province gets in its Welcome.
std::string election_with_a_long_name(const TempDir& dir, std::size_t name_bytes) {
  json::value election = json::parse(read_file(test_election_path()));
  for (auto& unit : election.as_object()["units"].as_array()) {
    if (unit.as_object()["id"] != "PROV-01") continue;
    unit.as_object()["candidates"].as_array()[0].as_object()["name"] = std::string(name_bytes, 'n');
  }
  const std::string path = dir.file("election.json");
  std::ofstream(path) << json::serialize(election);
  return path;
}

TEST(EnrolmentLimitsTest, NoCodeIsMadeForADeviceWhoseWelcomeNoDeviceCouldDecode) {
  TempDir dir;
  TallydProcess server(election_with_a_long_name(dir, engine::kMaxServerFrameBytes + 1));
  ASSERT_TRUE(server.initialised());
  ASSERT_TRUE(server.start());
  std::string output;
  std::string errors;
  EXPECT_NE(server.run("enrol", {"--role", "supervisor"}, &output, &errors), 0) << output;
  EXPECT_NE(errors.find("E500 a supervisor device could never be served"), std::string::npos)
      << errors;
}

TEST(EnrolmentLimitsTest, DeviceWhoseWelcomeFitsGetsItsCode) {
  TempDir dir;
  TallydProcess server(election_with_a_long_name(dir, 1000));
  ASSERT_TRUE(server.initialised());
  ASSERT_TRUE(server.start());
  EXPECT_FALSE(server.enrolment_code("", "supervisor").empty());
}

}  // namespace
}  // namespace tally::testkit
