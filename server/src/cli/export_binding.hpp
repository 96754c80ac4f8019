// The export's binding.json (docs/audit.md, "Export binding"): the server's signature over
// the last log index and head and the SHA-256 of election.json and form-schema.json, so an
// edit of either reference file is found by `tallyd verify` (it was checked only through
// the tally before: two candidates' names could be swapped unseen, issue 14).
#pragma once

#include <cstdint>
#include <string>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/sha256.hpp"
#include "tally/error.hpp"

namespace tally::server {

// What binding.json binds: the log's end and the two reference files.
struct ExportBinding {
  std::uint64_t log_index = 0;  // the last entry exported (0: an empty log)
  engine::Sha256Digest head{};  // its hash (32 zero bytes for an empty log)
  std::string election;         // election.json, as exported
  std::string schema;           // form-schema.json
};

// binding.json (format tally-binding/1), signed with the server's key.
Result<std::string> binding_json(const ExportBinding& binding, const engine::Ed25519KeyPair& key);

// Checks `text` (binding.json) against `expected` under `server_key`: its signature, that it
// names the log's last index and head, and that each file hashes as bound. Errors name
// the file that differs (kTallyMismatch), or what is wrong with binding.json itself
// (kMalformed, kBadSignature).
Status check_binding(const std::string& text, const ExportBinding& expected,
                     const engine::Ed25519PublicKey& server_key);

}  // namespace tally::server
