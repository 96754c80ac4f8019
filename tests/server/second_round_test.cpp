// The second round over the real tallyd and real devices (Art. 79): polling day leaves the
// commune unit of the test election without a winner, `tallyd round open` refuses while a
// station has not reported and opens once both have, the devices get the round's forms in
// their next Welcome, enter them, and the tally, the export and `tallyd verify` carry both
// rounds, across a restart too.
#include <string>

#include "server_fixture.hpp"
#include "tally/engine/definition_loader.hpp"
#include "tally/engine/signing.hpp"

namespace tally::testkit {
namespace {

using SecondRoundTest = ServerFixture;

// A complete record of `form` with `voted` of `registered` voting, no invalid ballot, and
// `votes` for the unit's candidates.
engine::StationRecord record(const engine::FormId& form, engine::Count registered,
                             engine::Count voted, engine::VoteMap votes) {
  engine::StationRecord record;
  record.form = form;
  record.values = {{"registered", registered},
                   {"voted", voted},
                   {"issued", voted},
                   {"received", voted},
                   {"valid", voted},
                   {"invalid", engine::Count{0}},
                   {"complaints_received", engine::Count{0}},
                   {"complaints_resolved", engine::Count{0}},
                   {"complaints_forwarded", engine::Count{0}},
                   {"votes", std::move(votes)}};
  return record;
}

// The station's three polling-day records: NA-01 and PROV-01 elect their first candidate;
// in COMM-01 neither candidate has more than half of the valid ballots (exactly half for
// C01), so its one seat goes to a supplementary election.
void report_polling_day(TestDevice& device, const std::string& station, engine::Count registered) {
  const engine::Count voted = 600;
  for (const auto& [unit, votes] :
       {std::pair<std::string, engine::VoteMap>{
            "NA-01", {{"NA-01-C01", 400}, {"NA-01-C02", 100}, {"NA-01-C03", 100}}},
        {"PROV-01", {{"PROV-01-C01", 400}, {"PROV-01-C02", 200}}},
        {"COMM-01", {{"COMM-01-C01", 300}, {"COMM-01-C02", 250}}}}) {
    auto ack = device.upload(device.entry_ops(
        record({station, unit}, registered - (unit == "COMM-01" ? 1 : 0), voted, votes)));
    ASSERT_TRUE(ack.ok()) << station << "/" << unit << ": " << ack.error().to_string();
  }
}

// `tallyd round ACTION`; `output` gets its stdout and stderr.
int round_command(const TallydProcess& server, const std::string& action, std::string* output,
                  bool force = false) {
  std::vector<std::string> args{"round", action, "--data", server.data_dir()};
  if (force) args.push_back("--force");
  std::string errors;
  const int exit = run_tallyd(args, output, &errors);
  *output += errors;
  return exit;
}

TEST_F(SecondRoundTest, ASupplementaryElectionOpensReachesItsStationsAndVerifies) {
  auto first = connected_device("TN-0001");
  auto second = connected_device("TN-0002");
  report_polling_day(*first, "TN-0001", 812);

  std::string output;
  ASSERT_EQ(round_command(server_, "show", &output), 0) << output;
  EXPECT_NE(output.find("COMM-01-R2  supplementary of COMM-01, 1 seat(s)"), std::string::npos)
      << output;
  EXPECT_NE(output.find("not ready: unreported stations in COMM-01"), std::string::npos) << output;
  // TN-0002 has not reported: its record could still change COMM-01's result.
  EXPECT_EQ(round_command(server_, "open", &output), 1) << output;
  EXPECT_NE(output.find("E108"), std::string::npos) << output;

  report_polling_day(*second, "TN-0002", 640);
  ASSERT_EQ(round_command(server_, "open", &output), 0) << output;
  EXPECT_NE(output.find("round 2 is open"), std::string::npos) << output;
  EXPECT_EQ(round_command(server_, "open", &output), 1);  // there is no third round
  EXPECT_NE(output.find("E107"), std::string::npos) << output;

  // tallyd closes the connected officers' sessions ("going away"), and the Welcome of their
  // reconnection carries the round: no new enrolment.
  for (auto* device : {first.get(), second.get()}) {
    // Messages sent before the close (receipts, pushes) are read first.
    while (device->receive().ok()) {
    }
    EXPECT_EQ(device->connection()->close_code(), 1001u);  // going away
    device->disconnect();
    auto welcome = device->hello();
    ASSERT_TRUE(welcome.ok()) << welcome.error().to_string();
    auto scoped = engine::load_election_definition(welcome->election_json);
    ASSERT_TRUE(scoped.ok()) << scoped.error().to_string();
    const engine::ElectoralUnit* round = scoped->unit("COMM-01-R2");
    ASSERT_NE(round, nullptr);
    EXPECT_EQ(round->round(), 2);
    EXPECT_EQ(round->candidates.size(), 2u);
  }
  // Round 2: C02 has 350 of 500 votes at TN-0001 and 300 of 400 at TN-0002.
  auto ack = first->upload(first->entry_ops(
      record({"TN-0001", "COMM-01-R2"}, 811, 500, {{"COMM-01-C01", 150}, {"COMM-01-C02", 350}})));
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  ack = second->upload(second->entry_ops(
      record({"TN-0002", "COMM-01-R2"}, 639, 400, {{"COMM-01-C01", 100}, {"COMM-01-C02", 300}})));
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  // An officer cannot write a form of a round its station does not vote in.
  auto refused = first->upload({first->set_op({"TN-0001", "NA-01-R2"}, "voted", engine::Count{1})});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnknownForm);

  std::string tally;
  ASSERT_EQ(run_tallyd({"tally", "--data", server_.data_dir(), "--json"}, &tally), 0);
  EXPECT_NE(tally.find("\"unit\":\"COMM-01-R2\""), std::string::npos) << tally;
  EXPECT_NE(tally.find("\"elected_all_rounds\":[\"COMM-01-C02\"]"), std::string::npos) << tally;
  EXPECT_NE(tally.find("\"seats_filled_all_rounds\":1"), std::string::npos) << tally;

  // The log replays to the same round after a restart, and exports and verifies.
  ASSERT_EQ(server_.stop(), 0);
  ASSERT_TRUE(server_.start());
  ASSERT_EQ(round_command(server_, "show", &output), 0) << output;
  EXPECT_NE(output.find("round 2 is open"), std::string::npos) << output;
  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  ASSERT_EQ(run_tallyd({"verify", "--export", out}, &output), 0) << output;
  EXPECT_NE(output.find("round_opening"), std::string::npos) << output;
}

TEST_F(SecondRoundTest, ADeviceCannotOpenARoundItself) {
  auto officer = connected_device("TN-0001");
  report_polling_day(*officer, "TN-0001", 812);
  // A well-formed open-round op of the officer's own, signed with its own key.
  engine::Op open = officer->set_op({"TN-0001", "NA-01"}, "voted", engine::Count{1});
  open.kind = engine::OpKind::kOpenRound;
  open.form = engine::FormId{};
  open.field.clear();
  open.value = engine::Count{engine::kSecondRound};
  auto signature = officer->key().sign(engine::round_opening_signing_bytes(open));
  ASSERT_TRUE(signature.ok());
  open.submission.signature = *signature;
  auto refused = officer->upload({open});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden) << refused.error().to_string();
  std::string output;
  ASSERT_EQ(round_command(server_, "show", &output), 0) << output;
  EXPECT_NE(output.find("round 2 is not open"), std::string::npos) << output;
}

TEST_F(SecondRoundTest, AForcedOpeningIsRecordedAsForced) {
  auto first = connected_device("TN-0001");
  report_polling_day(*first, "TN-0001", 812);
  std::string output;
  ASSERT_EQ(round_command(server_, "open", &output, /*force=*/true), 0) << output;
  EXPECT_NE(output.find("round 2 is open (log index"), std::string::npos) << output;
  EXPECT_NE(output.find(", forced)"), std::string::npos) << output;
  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  ASSERT_EQ(run_tallyd({"verify", "--export", out}, &output), 0) << output;
}

}  // namespace
}  // namespace tally::testkit
