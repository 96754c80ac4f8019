// The text of a form id, STATION/UNIT, as the tools, the C API and the HTTP API take it.
#include <gtest/gtest.h>

#include "tally/engine/record.hpp"

namespace tally::engine {
namespace {

TEST(FormIdTest, ParsesStationSlashUnitAndPrintsItBack) {
  auto form = parse_form_id("TN-0001/NA-01");
  ASSERT_TRUE(form.ok()) << form.error().to_string();
  EXPECT_EQ(form->station_id, "TN-0001");
  EXPECT_EQ(form->unit_id, "NA-01");
  EXPECT_EQ(form->to_string(), "TN-0001/NA-01");
}

TEST(FormIdTest, RefusesAMissingPartOrASecondSlashWithACode) {
  for (const char* text : {"", "TN-0001", "/NA-01", "TN-0001/", "TN-0001/NA-01/x", "/"}) {
    auto form = parse_form_id(text);
    ASSERT_FALSE(form.ok()) << text;
    EXPECT_EQ(form.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_NE(form.error().message.find("STATION/UNIT"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace tally::engine
