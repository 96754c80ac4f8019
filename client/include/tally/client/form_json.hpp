// JSON renderings of what the client shows: a form (values, status, failed checks,
// conflicts with every sibling and its author), a field's history and a receipt check. One renderer
// for the C API (tally_get_form, tally_field_history) and the officer CLI; the format is in
// docs/client.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tally/client/client.hpp"
#include "tally/client/sync_state.hpp"

namespace tally::client {

std::string form_to_json(const FormView& view);
std::string history_to_json(const std::vector<HistoryEntry>& history);
std::string forms_to_json(const std::vector<engine::FormId>& forms);
std::string sync_state_to_json(const SyncState& state);
// {"ok", "tree_size", "tree_signed_ms", "root_hash", "previous_tree_size", "ops_checked",
//  "problems": [{"code", "message"}]}
std::string receipt_check_to_json(const ReceiptCheck& check);

}  // namespace tally::client
