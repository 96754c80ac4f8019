// The audit log as a transparency log (issue 22, docs/audit.md "Merkle tree"): the RFC 9162
// tree over the log's entries, the server's signed tree heads, and the two proofs anyone
// can check against them. tallyd publishes heads and proofs; a device checks its receipts
// with them; tally-monitor follows the heads; tallyd verify recomputes them from an export.
//
// Leaves: log entry n (n = 1, 2, ...) is leaf n - 1, and its leaf hash is
// merkle_leaf_hash(audit_entry_bytes(n, receive_ms, op bytes)), the same bytes the hash
// chain hashes. So the tree of size n is the log's first n entries, and a log index is a
// tree size. Pure: no I/O, no clock (the timestamp is handed in).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/merkle_tree.hpp"
#include "tally/engine/op.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// The server's signature over the tree of its log's first `tree_size` entries
// (tree_head_signing_bytes in signing.hpp).
struct TreeHead {
  std::uint64_t tree_size = 0;
  std::uint64_t timestamp_ms = 0;  // server clock when signed (Unix ms)
  Sha256Digest root{};
  Ed25519Signature signature{};
  bool operator==(const TreeHead&) const = default;
};

// The leaf hash of log entry `index` (from 1).
Sha256Digest audit_leaf_hash(std::uint64_t index, std::uint64_t receive_ms,
                             std::string_view op_bytes);

Result<TreeHead> sign_tree_head(const Ed25519KeyPair& server_key, std::uint64_t tree_size,
                                std::uint64_t timestamp_ms, const Sha256Digest& root);
[[nodiscard]] bool verify_tree_head(const Ed25519PublicKey& server_key, const TreeHead& head);

// Log entry `log_index` with the audit path that puts it in the tree of `tree_size` entries.
struct InclusionProof {
  std::uint64_t tree_size = 0;
  std::uint64_t log_index = 0;
  std::uint64_t receive_ms = 0;
  std::string op_bytes;  // encode_op() of the entry's op
  std::vector<Sha256Digest> audit_path;
  bool operator==(const InclusionProof&) const = default;
};

// The proof that the tree of `first` entries is a prefix of the tree of `second`.
struct ConsistencyProof {
  std::uint64_t first = 0;
  std::uint64_t second = 0;
  std::vector<Sha256Digest> path;
  bool operator==(const ConsistencyProof&) const = default;
};

// ok, or kProofFailed saying what does not match: the proof is for another tree size than
// the head's, or its entry and path do not give the head's root.
Status check_inclusion(const InclusionProof& proof, const TreeHead& head);
// ok, or kLogInconsistent: `newer` is smaller than `older`, has another root at the same
// size, or the proof does not show `older`'s tree to be a prefix of `newer`'s. A proof for
// other sizes than the heads' is kProofFailed. The heads' signatures are not checked here.
Status check_consistency(const TreeHead& older, const TreeHead& newer,
                         const ConsistencyProof& proof);

// JSON, as tallyd's public log endpoints serve them (docs/protocol.md, "Transparency log");
// hashes, signatures and op bytes are lower-case hex. Parsing is strict (every member, no
// others) and fails with kMalformed naming the member.
std::string tree_head_json(const TreeHead& head);
Result<TreeHead> parse_tree_head_json(std::string_view text);
// `dot` is the entry's op identity, shown to readers; parsing ignores it (the op bytes say).
std::string inclusion_proof_json(const InclusionProof& proof, const Dot& dot);
Result<InclusionProof> parse_inclusion_proof_json(std::string_view text);
std::string consistency_proof_json(const ConsistencyProof& proof);
Result<ConsistencyProof> parse_consistency_proof_json(std::string_view text);

}  // namespace tally::engine
