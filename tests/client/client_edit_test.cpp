// Offline behaviour of the client library: edits, checks, submission, conflicts and
// history, on a store seeded as if enrolled (no server involved).
#include <gtest/gtest.h>

#include <set>

#include "local_replica.hpp"
#include "store.hpp"
#include "tally/client/client.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/form_state.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/record_hash.hpp"
#include "tally/engine/signing.hpp"
#include "test_support.hpp"

namespace tally::client {
namespace {

using engine::Count;
using engine::FormId;

const FormId kForm{"TN-0001", "NA-01"};

class ClientEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::seed_enrolled_store(path_, "dev-a");
    reopen();
  }

  void reopen() {
    client_.reset();
    auto client = Client::open(path_);
    ASSERT_TRUE(client.ok()) << client.error().to_string();
    client_ = std::move(client).value();
  }

  // A complete record that passes every check of station-count/1.
  void enter_valid_record() {
    const std::vector<std::pair<std::string, Count>> values{{"registered", 800},
                                                            {"voted", 700},
                                                            {"issued", 700},
                                                            {"received", 700},
                                                            {"valid", 690},
                                                            {"invalid", 10},
                                                            {"votes.NA-01-C01", 400},
                                                            {"votes.NA-01-C02", 200},
                                                            {"votes.NA-01-C03", 90},
                                                            {"complaints_received", 0},
                                                            {"complaints_resolved", 0},
                                                            {"complaints_forwarded", 0}};
    for (const auto& [field, value] : values) {
      ASSERT_TRUE(client_->set_count(kForm, field, value).ok()) << field;
    }
  }

  testing::TempDir dir_;
  std::string path_ = dir_.file("device.db");
  std::unique_ptr<Client> client_;
};

TEST_F(ClientEditTest, ListsTheFormsOfItsStationOnly) {
  auto forms = client_->forms();
  ASSERT_EQ(forms.size(), 3u);
  for (const auto& form : forms) EXPECT_EQ(form.station_id, "TN-0001");
}

TEST_F(ClientEditTest, AnEditIsStoredBeforeTheCallReturnsAndSurvivesReopen) {
  ASSERT_TRUE(client_->set_count(kForm, "voted", 700).ok());
  ASSERT_TRUE(client_->set_text(kForm, "notes", "mưa to").ok());
  reopen();
  auto view = client_->form(kForm);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(testing::count_of(view->record, "voted"), 700);
  EXPECT_EQ(std::get<std::string>(view->record.values.at("notes")), "mưa to");
  EXPECT_EQ(client_->sync_state().ops_pending, 2u);
}

TEST_F(ClientEditTest, BadValuesAreRefusedWithTheirCodeAndNothingIsStored) {
  auto negative = client_->set_count(kForm, "voted", -1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kNegativeCount);
  auto unknown_field = client_->set_count(kForm, "spoiled", 3);
  ASSERT_FALSE(unknown_field.ok());
  EXPECT_EQ(unknown_field.error().code, ErrorCode::kUnknownField);
  auto unknown_candidate = client_->set_count(kForm, "votes.PROV-01-C01", 3);
  ASSERT_FALSE(unknown_candidate.ok());
  auto text_in_count = client_->set_text(kForm, "valid", "many");
  ASSERT_FALSE(text_in_count.ok());
  EXPECT_EQ(text_in_count.error().code, ErrorCode::kWrongValueType);
  EXPECT_EQ(client_->sync_state().ops_pending, 0u);
  reopen();
  EXPECT_TRUE(client_->form(kForm)->record.values.empty());
}

TEST_F(ClientEditTest, FormsOutsideTheStationAreRefused) {
  auto other_station = client_->set_count(FormId{"TN-0002", "NA-01"}, "voted", 5);
  ASSERT_FALSE(other_station.ok());
  EXPECT_EQ(other_station.error().code, ErrorCode::kUnknownForm);
  auto unknown_unit = client_->set_count(FormId{"TN-0001", "NA-09"}, "voted", 5);
  ASSERT_FALSE(unknown_unit.ok());
  EXPECT_EQ(unknown_unit.error().code, ErrorCode::kUnknownForm);
}

TEST_F(ClientEditTest, FailedChecksAreShownWithTheEngineCheckIds) {
  ASSERT_TRUE(client_->set_count(kForm, "registered", 100).ok());
  ASSERT_TRUE(client_->set_count(kForm, "voted", 150).ok());
  auto view = client_->form(kForm);
  ASSERT_TRUE(view.ok());
  bool found = false;
  for (const auto& failure : view->failed_checks)
    found |= failure.check_id == "voted_le_registered";
  EXPECT_TRUE(found);
}

TEST_F(ClientEditTest, SubmitSignsTheHashOfTheCurrentValuesAndTheFormIsAccepted) {
  enter_valid_record();
  ASSERT_TRUE(client_->submit(kForm).ok());
  auto view = client_->form(kForm);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->status.stage, engine::FormStage::kAccepted);
  EXPECT_TRUE(view->submitted_by_this_device);
  auto hash = engine::record_values_hash(view->record);

  // The submit op in the outbox carries that hash, signed with the device's key.
  client_.reset();
  auto store = Store::open(path_);
  ASSERT_TRUE(store.ok());
  auto identity = (*store)->identity().value().value();
  engine::Ed25519Seed seed{};
  std::copy(identity.private_key.begin(), identity.private_key.end(), seed.begin());
  auto key = engine::keypair_from_seed(seed);
  ASSERT_TRUE(key.ok());
  auto outbox = (*store)->outbox(0, 100).value();
  ASSERT_EQ(outbox.size(), 13u);
  auto op = engine::decode_op(outbox.back().bytes);
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->kind, engine::OpKind::kSubmit);
  EXPECT_EQ(op->submission.values_hash, hash);
  EXPECT_TRUE(engine::verify(key->public_key(),
                             engine::submission_signing_bytes(op->dot, kForm, hash),
                             op->submission.signature));
}

TEST_F(ClientEditTest, ChangingAValueAfterSubmitFlagsTheFormAndWithdrawMakesItADraft) {
  enter_valid_record();
  ASSERT_TRUE(client_->submit(kForm).ok());
  ASSERT_TRUE(client_->set_count(kForm, "invalid", 11).ok());
  EXPECT_EQ(client_->form(kForm)->status.stage, engine::FormStage::kFlagged);
  ASSERT_TRUE(client_->withdraw(kForm).ok());
  EXPECT_EQ(client_->form(kForm)->status.stage, engine::FormStage::kDraft);
}

TEST_F(ClientEditTest, AnOfficerDeviceMayNotAdjudicate) {
  auto status = client_->adjudicate(kForm, "valid", engine::OpValue(Count{5}));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kForbidden);
}

TEST_F(ClientEditTest, AConcurrentRemoteEditIsAConflictWithBothValuesAndAuthors) {
  ASSERT_TRUE(client_->set_count(kForm, "valid", 690).ok());
  client_.reset();
  {
    auto replica = LocalReplica::open(path_);
    ASSERT_TRUE(replica.ok());
    engine::Op remote;
    remote.dot = engine::Dot{"dev-b", 1};
    remote.hlc = engine::Hlc{1, 0};
    remote.form = kForm;
    remote.field = "valid";
    remote.value = Count{691};
    ASSERT_TRUE((*replica)->apply_remote({remote}, 7).ok());
  }
  reopen();
  auto view = client_->form(kForm);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->conflicts.size(), 1u);
  EXPECT_EQ(view->conflicts[0].path, "valid");
  ASSERT_EQ(view->conflicts[0].siblings.size(), 2u);
  std::set<std::string> authors;
  std::set<Count> values;
  for (const auto& sibling : view->conflicts[0].siblings) {
    authors.insert(sibling.dot.device);
    values.insert(std::get<Count>(sibling.value));
  }
  EXPECT_EQ(authors, (std::set<std::string>{"dev-a", "dev-b"}));
  EXPECT_EQ(values, (std::set<Count>{690, 691}));
  EXPECT_EQ(testing::count_of(view->record, "valid"), std::nullopt);
}

TEST_F(ClientEditTest, HistoryListsEveryWriteOfTheFieldOldestFirst) {
  ASSERT_TRUE(client_->set_count(kForm, "valid", 609).ok());
  ASSERT_TRUE(client_->set_count(kForm, "voted", 700).ok());
  ASSERT_TRUE(client_->set_count(kForm, "valid", 690).ok());
  auto history = client_->history(kForm, "valid");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(std::get<Count>((*history)[0].entry.value), 609);
  EXPECT_FALSE((*history)[0].live);
  EXPECT_EQ(std::get<Count>((*history)[1].entry.value), 690);
  EXPECT_TRUE((*history)[1].live);
  EXPECT_EQ((*history)[1].entry.dot, (engine::Dot{"dev-a", 3}));
  EXPECT_EQ((*history)[1].entry.covered, (std::vector<engine::Dot>{{"dev-a", 1}}));
}

TEST(ClientNotEnrolledTest, EditsAndSyncAreRefusedUntilEnrolled) {
  testing::TempDir dir;
  auto client = Client::open(dir.file("new.db"));
  ASSERT_TRUE(client.ok());
  EXPECT_FALSE((*client)->device().has_value());
  auto edit = (*client)->set_count(kForm, "voted", 1);
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code, ErrorCode::kNotAuthenticated);
  auto sync = (*client)->start_sync();
  ASSERT_FALSE(sync.ok());
  EXPECT_EQ(sync.error().code, ErrorCode::kNotAuthenticated);
}

}  // namespace
}  // namespace tally::client
