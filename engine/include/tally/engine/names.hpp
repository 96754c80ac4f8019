// The one table of the names of roles and op kinds, as operators type them and as the
// API, the logs, the exports and the client's JSON show them. Used by tallyd (CLI, HTTP
// API, logs) and the client library (identity, form JSON). Form stages and flag kinds
// have their names beside their definitions (form_status.hpp).
#pragma once

#include <optional>
#include <string_view>

#include "tally/engine/messages.hpp"
#include "tally/engine/op.hpp"

namespace tally::engine {

// "officer", "supervisor", "auditor", "operator".
std::string_view to_string(Role role);
// The role named `name`, or nullopt for any other text.
std::optional<Role> parse_role(std::string_view name);

// "set", "submit", "adjudicate", "withdraw".
std::string_view to_string(OpKind kind);
// The op kind named `name`, or nullopt for any other text.
std::optional<OpKind> parse_op_kind(std::string_view name);

}  // namespace tally::engine
