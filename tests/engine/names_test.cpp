// The one name table of roles and op kinds (engine/names.hpp).
#include "tally/engine/names.hpp"

#include <gtest/gtest.h>

namespace tally::engine {
namespace {

TEST(NamesTest, EveryRoleNameParsesBackToItsRole) {
  for (auto role : {Role::kOfficer, Role::kSupervisor, Role::kAuditor, Role::kOperator}) {
    EXPECT_EQ(parse_role(to_string(role)), role) << to_string(role);
  }
  EXPECT_EQ(to_string(Role::kSupervisor), "supervisor");
  EXPECT_EQ(parse_role("Supervisor"), std::nullopt);
  EXPECT_EQ(parse_role(""), std::nullopt);
}

TEST(NamesTest, EveryOpKindNameParsesBackToItsKind) {
  for (auto kind : {OpKind::kSet, OpKind::kSubmit, OpKind::kAdjudicate, OpKind::kWithdraw}) {
    EXPECT_EQ(parse_op_kind(to_string(kind)), kind) << to_string(kind);
  }
  EXPECT_EQ(to_string(OpKind::kAdjudicate), "adjudicate");
  EXPECT_EQ(parse_op_kind("unknown"), std::nullopt);
}

TEST(NamesTest, ValuesOutsideTheTableAreNamedUnknown) {
  EXPECT_EQ(to_string(static_cast<Role>(9)), "unknown");
  EXPECT_EQ(to_string(static_cast<OpKind>(9)), "unknown");
}

}  // namespace
}  // namespace tally::engine
