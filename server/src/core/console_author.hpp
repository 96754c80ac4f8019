// The device ids under which tallyd writes the decisions made at the centre: a person's
// adjudications and acceptances from the console page are ops of
// "tallyd-console/<account name>", so that the name is inside the hash-chained op itself
// (tamper-evident, and shown by `tallyd verify`); a token's (the CLI's `tallyd adjudicate`)
// are ops of "tallyd-console". Every such device has the server's signing key as its key,
// never connects and cannot be revoked (docs/audit.md, "Who decided").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tally/engine/op.hpp"

namespace tally::server {

// The author of a token's decisions; also the prefix of every person's author id.
inline constexpr std::string_view kConsoleDeviceId = "tallyd-console";

// The author id of `person`'s decisions ("tallyd-console/<person>"), or kConsoleDeviceId
// for a decision made with a token (`person` empty). Account names are at most 48 bytes
// (auth/accounts.hpp), so every id fits an op's 64-byte device id.
std::string console_author_id(std::string_view person);

// Whether `device` is one of tallyd's own authors (kConsoleDeviceId or a person's).
bool is_console_author(std::string_view device);

// The person whose decisions `device` carries: nullopt for a device that is not a
// console author, and for the token's author kConsoleDeviceId.
std::optional<std::string> console_person(std::string_view device);

// What a log entry did to its form, in the words of the console's history and of
// `tallyd verify`: "edit", "adjudication", "submission", "acceptance" (a console author's
// submission: a flagged form accepted as it stands) or "withdrawal".
std::string_view entry_kind(const engine::Op& op);

}  // namespace tally::server
