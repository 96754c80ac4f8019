// A device store holding an op that does not decode (issue 14, finding 2: written by a
// version whose loader let a 130-byte candidate id through). Opening it names the op and
// leaves it out; every other form and every new edit keep working.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tally/client/client.hpp"
#include "test_support.hpp"

namespace tally::client {
namespace {

const engine::FormId kForm{"TN-0001", "NA-01"};

// Appends an op row whose bytes decode to nothing (a field path longer than the wire's).
void store_undecodable_op(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const char* insert =
      "INSERT INTO ops(device, counter, form, bytes) VALUES('dev-old', 1, 'TN-0001/NA-01', "
      "x'01ff00000000000000')";
  EXPECT_EQ(sqlite3_exec(db, insert, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(UndecodableOpTest, StoreWithAnOpThatDoesNotDecodeSaysWhichAndKeepsWorking) {
  testing::TempDir dir;
  const std::string path = dir.file("device.db");
  testing::seed_enrolled_store(path, "dev-a");
  {
    auto client = Client::open(path);
    ASSERT_TRUE(client.ok()) << client.error().to_string();
    ASSERT_TRUE((*client)->set_count(kForm, "registered", 800).ok());
  }
  store_undecodable_op(path);

  auto client = Client::open(path);  // refused with E802 before: the store was unusable
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  const auto problems = (*client)->undecodable_ops();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, ErrorCode::kCorruption);
  EXPECT_NE(problems[0].message.find("stored op 2 of 2 does not decode"), std::string::npos)
      << problems[0].message;
  auto form = (*client)->form(kForm);
  ASSERT_TRUE(form.ok()) << form.error().to_string();
  EXPECT_TRUE((*client)->set_count(kForm, "voted", 700).ok());
}

}  // namespace
}  // namespace tally::client
