#include "names.hpp"

namespace tally::server {

std::string_view role_name(engine::Role role) {
  switch (role) {
    case engine::Role::kOfficer:
      return "officer";
    case engine::Role::kSupervisor:
      return "supervisor";
    case engine::Role::kAuditor:
      return "auditor";
    case engine::Role::kOperator:
      return "operator";
  }
  return "unknown";
}

std::optional<engine::Role> parse_role(std::string_view name) {
  for (auto role : {engine::Role::kOfficer, engine::Role::kSupervisor, engine::Role::kAuditor,
                    engine::Role::kOperator}) {
    if (role_name(role) == name) return role;
  }
  return std::nullopt;
}

std::string_view op_kind_name(engine::OpKind kind) {
  switch (kind) {
    case engine::OpKind::kSet:
      return "set";
    case engine::OpKind::kSubmit:
      return "submit";
    case engine::OpKind::kAdjudicate:
      return "adjudicate";
    case engine::OpKind::kWithdraw:
      return "withdraw";
  }
  return "unknown";
}

}  // namespace tally::server
