// The exact byte strings that TallySync signs with Ed25519, one builder per purpose.
//
// Each starts with its own ASCII domain tag (no terminator), so a signature made for one
// purpose can never be replayed as another; variable-length parts are preceded by their
// length as u32 little-endian so that no two inputs give the same bytes; integers are
// little-endian. Used by the server (heads, receipts, checking Hello and submissions),
// the client (Hello, submissions) and the verifier. docs/protocol.md and docs/audit.md
// list the layouts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tally/engine/op.hpp"

namespace tally::engine {

// Nonce the server sends in its Challenge.
using Nonce = std::array<std::uint8_t, 32>;

// "tally-hello-v1" || len server_id || server_id || nonce || len device_id || device_id.
std::string hello_signing_bytes(std::string_view server_id, const Nonce& nonce,
                                std::string_view device_id);

// "tally-submit-v1" || len device || device || counter u64 || len station || station ||
// len unit || unit || values_hash: what a device signs when it submits a form.
std::string submission_signing_bytes(const Dot& dot, const FormId& form,
                                     const Sha256Digest& values_hash);

// "tally-receipt-v1" || len station || station || len unit || unit || len device ||
// device || counter u64 || log_index u64 || audit_head: what the server signs in a
// SubmissionReceipt.
std::string receipt_signing_bytes(const FormId& form, const Dot& dot, std::uint64_t log_index,
                                  const Sha256Digest& audit_head);

// "tally-head-v1" || index u64 || head: what the server signs for a SignedHead.
std::string head_signing_bytes(std::uint64_t log_index, const Sha256Digest& head);

// "tally-tree-head-v1" || tree_size u64 || timestamp_ms u64 || root: what the server signs
// for a signed tree head of its log's Merkle tree (transparency_log.hpp).
std::string tree_head_signing_bytes(std::uint64_t tree_size, std::uint64_t timestamp_ms,
                                    const Sha256Digest& root);

// "tally-binding-v1" || index u64 || head || SHA-256 of election.json || SHA-256 of
// form-schema.json: what `tallyd export` signs to bind the reference files to the log.
// "tally-round-v1" || len device || device || counter u64 || round u64 || len field ||
// field || definition_hash: what tallyd signs in an open-round op (op.hpp: kOpenRound),
// `field` being "forced" or empty.
std::string round_opening_signing_bytes(const Op& op);

std::string binding_signing_bytes(std::uint64_t log_index, const Sha256Digest& head,
                                  const Sha256Digest& election_hash,
                                  const Sha256Digest& schema_hash);

}  // namespace tally::engine
