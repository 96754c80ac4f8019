// Names of roles and op kinds as operators type them and the API and logs show them.
#pragma once

#include <optional>
#include <string_view>

#include "tally/engine/messages.hpp"

namespace tally::server {

// "officer", "supervisor", "auditor", "operator".
std::string_view role_name(engine::Role role);
std::optional<engine::Role> parse_role(std::string_view name);
// "set", "submit", "adjudicate", "withdraw".
std::string_view op_kind_name(engine::OpKind kind);

}  // namespace tally::server
