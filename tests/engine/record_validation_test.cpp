#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "form_schema_fixture.hpp"
#include "tally/engine/form_schema.hpp"

namespace tally::engine {
namespace {

using testing::station_count_schema;
using testing::three_seat_unit;

// A correct record of the 3-seat unit: 812 on the list, 810 voted, 801 valid + 9 invalid,
// candidate votes summing to 2,240 <= 801 * 3.
StationRecord good_record() {
  StationRecord record;
  record.form = FormId{"TN-0001", "NA-01"};
  record.schema_id = "station-count/1";
  record.values = {{"registered", Count{812}},
                   {"voted", Count{810}},
                   {"issued", Count{810}},
                   {"received", Count{810}},
                   {"valid", Count{801}},
                   {"invalid", Count{9}},
                   {"votes", VoteMap{{"NA-01-C01", 640},
                                     {"NA-01-C02", 600},
                                     {"NA-01-C03", 500},
                                     {"NA-01-C04", 300},
                                     {"NA-01-C05", 200}}},
                   {"complaints_received", Count{0}},
                   {"complaints_resolved", Count{0}},
                   {"complaints_forwarded", Count{0}},
                   {"notes", std::string("Kiểm phiếu xong lúc 21 giờ.")}};
  return record;
}

class RecordValidationTest : public ::testing::Test {
 protected:
  CheckFailures validate(const StationRecord& record) {
    return validate_record(schema_, record, unit_, nullptr);
  }
  // The single failure of `record`; fails the test if there is not exactly one.
  CheckFailure only_failure(const StationRecord& record) {
    CheckFailures failures = validate(record);
    if (failures.size() != 1) {
      ADD_FAILURE() << "expected exactly one failure, got " << failures.size();
      for (const auto& failure : failures)
        ADD_FAILURE() << failure.check_id << ": " << failure.message;
    }
    return failures.empty() ? CheckFailure{} : failures.front();
  }
  Status check(const std::string& path, const OpValue& value) {
    return check_field_value(schema_, unit_, parse_field_path(path), value);
  }

  FormSchema schema_ = station_count_schema();
  ElectoralUnit unit_ = three_seat_unit();
};

TEST_F(RecordValidationTest, GoodRecordPassesEveryCheck) {
  EXPECT_TRUE(validate(good_record()).empty());
}

TEST_F(RecordValidationTest, VotedAboveRegisteredFails) {
  StationRecord record = good_record();
  record.values["registered"] = Count{805};
  EXPECT_EQ(only_failure(record), (CheckFailure{"voted_le_registered", Severity::kError,
                                                "More voters voted than are on the voter list "
                                                "(voted <= registered: 810 > 805)"}));
}

// The tally reads each record's own registered count: an inflated voter list on one record
// could turn a valid unit into a re-vote, so it is checked against the definition's list
// for the record's station and level, and a difference flags the record.
TEST_F(RecordValidationTest, RegisteredOtherThanTheDefinitionsVoterListFails) {
  const StationContest contest{"NA", "NA-01", 812};
  EXPECT_TRUE(validate_record(schema_, good_record(), unit_, &contest).empty());
  StationRecord inflated = good_record();
  inflated.values["registered"] = Count{1620};
  const CheckFailures failures = validate_record(schema_, inflated, unit_, &contest);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures.front(),
            (CheckFailure{"registered_voter_list", Severity::kError,
                          "registered voters (1620) differ from the voter list of TN-0001 for NA "
                          "in the definition (812)"}));
}

TEST_F(RecordValidationTest, ReceivedAboveIssuedFails) {
  StationRecord record = good_record();
  record.values["issued"] = Count{805};
  EXPECT_EQ(only_failure(record).message,
            "More ballots were received back than were issued (received <= issued: 810 > 805)");
}

TEST_F(RecordValidationTest, ValidPlusInvalidNotReceivedFails) {
  StationRecord record = good_record();
  record.values["invalid"] = Count{11};
  CheckFailure failure = only_failure(record);
  EXPECT_EQ(failure.check_id, "valid_plus_invalid");
  EXPECT_EQ(failure.message,
            "Valid plus invalid ballots must equal the ballots received "
            "(valid + invalid == received: 801 + 11 != 810)");
}

TEST_F(RecordValidationTest, ReceivedDifferentFromVotedIsOnlyAWarning) {
  StationRecord record = good_record();
  record.values["voted"] = Count{811};
  CheckFailure failure = only_failure(record);
  EXPECT_EQ(failure.check_id, "received_eq_voted");
  EXPECT_EQ(failure.severity, Severity::kWarning);
  EXPECT_NE(failure.message.find("received == voted: 810 != 811"), std::string::npos);
  EXPECT_FALSE(has_errors(validate(record)));
}

TEST_F(RecordValidationTest, CandidateWithMoreVotesThanValidBallotsFails) {
  StationRecord record = good_record();
  std::get<VoteMap>(record.values["votes"])["NA-01-C01"] = 802;  // sum 2,402 <= 2,403 still
  EXPECT_EQ(only_failure(record),
            (CheckFailure{"candidate_votes_le_valid", Severity::kError,
                          "A candidate has more votes than there are valid ballots "
                          "(each(votes) <= valid: NA-01-C01: 802 > 801)"}));
}

TEST_F(RecordValidationTest, VotesAboveValidTimesSeatsFails) {
  StationRecord record = good_record();
  record.values["votes"] = VoteMap{{"NA-01-C01", 800},
                                   {"NA-01-C02", 800},
                                   {"NA-01-C03", 800},
                                   {"NA-01-C04", 3},
                                   {"NA-01-C05", 1}};
  CheckFailure failure = only_failure(record);
  EXPECT_EQ(failure.check_id, "votes_le_valid_times_seats");
  EXPECT_NE(failure.message.find("(sum(votes) <= valid * seats: 2404 > 801 * 3)"),
            std::string::npos);
}

TEST_F(RecordValidationTest, MoreComplaintsHandledThanReceivedFails) {
  StationRecord record = good_record();
  record.values["complaints_received"] = Count{2};
  record.values["complaints_resolved"] = Count{2};
  record.values["complaints_forwarded"] = Count{1};
  CheckFailure failure = only_failure(record);
  EXPECT_EQ(failure.check_id, "complaints_accounted");
  EXPECT_NE(failure.message.find(": 2 + 1 > 2)"), std::string::npos);
}

TEST_F(RecordValidationTest, NegativeCountFailsByItsType) {
  StationRecord record = good_record();
  record.values["complaints_forwarded"] = Count{-1};
  EXPECT_EQ(only_failure(record),
            (CheckFailure{"non_negative_complaints_forwarded", Severity::kError,
                          "complaints_forwarded is -1; a count cannot be negative"}));
  StationRecord votes = good_record();
  std::get<VoteMap>(votes.values["votes"])["NA-01-C05"] = -5;
  EXPECT_EQ(only_failure(votes).check_id, "non_negative_votes");
}

TEST_F(RecordValidationTest, MissingRequiredFieldFailsAndSkipsTheChecksThatReadIt) {
  StationRecord record = good_record();
  record.values.erase("valid");
  record.values["invalid"] = Count{1000};  // would break valid + invalid == received
  EXPECT_EQ(only_failure(record),
            (CheckFailure{"required_valid", Severity::kError, "Valid ballots (valid) is missing"}));
  StationRecord notes = good_record();
  notes.values.erase("notes");  // not required
  EXPECT_TRUE(validate(notes).empty());
}

TEST_F(RecordValidationTest, VoteMapMustCoverExactlyTheUnitsCandidates) {
  StationRecord missing = good_record();
  std::get<VoteMap>(missing.values["votes"]).erase("NA-01-C05");
  EXPECT_EQ(only_failure(missing).message,
            "Votes for each candidate (votes) has no entry for NA-01-C05");
  StationRecord unknown = good_record();
  std::get<VoteMap>(unknown.values["votes"])["NA-02-C01"] = 3;
  EXPECT_EQ(only_failure(unknown),
            (CheckFailure{"candidates_votes", Severity::kError,
                          "votes.NA-02-C01: 'NA-02-C01' is not a candidate of unit NA-01"}));
}

TEST_F(RecordValidationTest, WrongTypeUnknownFieldAndOtherSchemaFail) {
  StationRecord typed = good_record();
  typed.values["valid"] = std::string("801");
  EXPECT_EQ(only_failure(typed).message, "valid should be a count, but is a text");
  StationRecord unknown = good_record();
  unknown.values["turnout"] = Count{99};
  EXPECT_EQ(only_failure(unknown).check_id, "unknown_turnout");
  StationRecord other = good_record();
  other.schema_id = "station-count/2";
  EXPECT_EQ(only_failure(other).check_id, "schema");
}

TEST_F(RecordValidationTest, ValuesAboveTheirMaximumFail) {
  StationRecord big = good_record();
  big.values["registered"] = Count{10'000'001};
  EXPECT_EQ(only_failure(big).message, "registered is 10000001, above its maximum 10000000");
  StationRecord text = good_record();
  text.values["notes"] = std::string(2001, 'a');
  EXPECT_EQ(only_failure(text).check_id, "max_length_notes");
  StationRecord bad_utf8 = good_record();
  bad_utf8.values["notes"] = std::string("\xc3(");
  EXPECT_EQ(only_failure(bad_utf8).check_id, "type_notes");
}

TEST_F(RecordValidationTest, OverflowInACheckIsAFailureNotWraparound) {
  StationRecord record = good_record();
  record.values["valid"] = std::numeric_limits<Count>::max();
  CheckFailures failures = validate(record);
  auto overflow = std::find_if(failures.begin(), failures.end(), [](const CheckFailure& f) {
    return f.check_id == "votes_le_valid_times_seats";
  });
  ASSERT_NE(overflow, failures.end());
  EXPECT_EQ(overflow->severity, Severity::kError);
  EXPECT_NE(overflow->message.find("could not be evaluated: column 21: integer overflow"),
            std::string::npos)
      << overflow->message;
}

TEST_F(RecordValidationTest, FieldValueRefusesUnknownFieldsAndCandidates) {
  EXPECT_EQ(check("turnout", Count{1}).error().code, ErrorCode::kUnknownField);
  EXPECT_EQ(check("votes.NA-02-C01", Count{1}).error().message,
            "votes.NA-02-C01: 'NA-02-C01' is not a candidate of unit NA-01");
  EXPECT_EQ(check("votes", Count{1}).error().code, ErrorCode::kUnknownField);
  EXPECT_EQ(check("valid.NA-01-C01", Count{1}).error().code, ErrorCode::kUnknownField);
  EXPECT_EQ(check("votes.", Count{1}).error().code, ErrorCode::kUnknownField);
  EXPECT_EQ(check("votes", Count{1}).error().domain(), ErrorDomain::kRecord);
}

TEST_F(RecordValidationTest, FieldValueRefusesWrongTypes) {
  EXPECT_EQ(check("valid", std::string("801")).error().code, ErrorCode::kWrongValueType);
  EXPECT_EQ(check("votes.NA-01-C01", std::string("9")).error().code, ErrorCode::kWrongValueType);
  EXPECT_EQ(check("notes", Count{3}).error().code, ErrorCode::kWrongValueType);
  EXPECT_EQ(check("notes", std::string("\xff")).error().code, ErrorCode::kWrongValueType);
}

TEST_F(RecordValidationTest, FieldValueRefusesNegativeAndTooLargeValues) {
  EXPECT_EQ(check("valid", Count{-1}).error().code, ErrorCode::kNegativeCount);
  EXPECT_EQ(check("votes.NA-01-C02", Count{-3}).error().message,
            "votes.NA-01-C02 is -3; a count cannot be negative");
  EXPECT_EQ(check("valid", Count{10'000'001}).error().code, ErrorCode::kValueTooLarge);
  EXPECT_EQ(check("complaints_received", Count{100'001}).error().code, ErrorCode::kValueTooLarge);
  EXPECT_EQ(check("notes", std::string(2001, 'x')).error().code, ErrorCode::kValueTooLarge);
}

TEST_F(RecordValidationTest, FieldValueAcceptsGoodValuesAndAlwaysAcceptsCleared) {
  EXPECT_TRUE(check("valid", Count{0}).ok());
  EXPECT_TRUE(check("valid", Count{10'000'000}).ok());
  EXPECT_TRUE(check("votes.NA-01-C05", Count{42}).ok());
  // 2,000 Vietnamese letters of two bytes each: counted in characters, not bytes.
  std::string vietnamese;
  for (int i = 0; i < 2000; ++i) vietnamese += "ă";
  EXPECT_TRUE(check("notes", vietnamese).ok());
  for (const char* path : {"valid", "votes.NA-01-C01", "notes"}) {
    EXPECT_TRUE(check(path, Cleared{}).ok()) << path;
  }
}

}  // namespace
}  // namespace tally::engine
