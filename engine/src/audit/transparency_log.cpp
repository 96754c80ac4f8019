#include "tally/engine/transparency_log.hpp"

#include "tally/engine/audit_chain.hpp"
#include "tally/engine/signing.hpp"

namespace tally::engine {

Sha256Digest audit_leaf_hash(std::uint64_t index, std::uint64_t receive_ms,
                             std::string_view op_bytes) {
  return merkle_leaf_hash(audit_entry_bytes(index, receive_ms, op_bytes));
}

Result<TreeHead> sign_tree_head(const Ed25519KeyPair& server_key, std::uint64_t tree_size,
                                std::uint64_t timestamp_ms, const Sha256Digest& root) {
  auto signature = server_key.sign(tree_head_signing_bytes(tree_size, timestamp_ms, root));
  if (!signature) return std::move(signature).error();
  return TreeHead{tree_size, timestamp_ms, root, *signature};
}

bool verify_tree_head(const Ed25519PublicKey& server_key, const TreeHead& head) {
  return verify(server_key, tree_head_signing_bytes(head.tree_size, head.timestamp_ms, head.root),
                head.signature);
}

Status check_inclusion(const InclusionProof& proof, const TreeHead& head) {
  const std::string entry = "log entry " + std::to_string(proof.log_index);
  if (proof.tree_size != head.tree_size) {
    return make_error(ErrorCode::kProofFailed,
                      entry + ": the proof is for a tree of " + std::to_string(proof.tree_size) +
                          " entries, the tree head is of " + std::to_string(head.tree_size));
  }
  if (proof.log_index == 0 || proof.log_index > proof.tree_size) {
    return make_error(ErrorCode::kProofFailed, entry + " is not in a tree of " +
                                                   std::to_string(proof.tree_size) + " entries");
  }
  const Sha256Digest leaf = audit_leaf_hash(proof.log_index, proof.receive_ms, proof.op_bytes);
  if (!verify_merkle_inclusion(proof.log_index - 1, proof.tree_size, leaf, proof.audit_path,
                               head.root)) {
    return make_error(ErrorCode::kProofFailed,
                      entry + " and its audit path do not give the root of the signed tree of " +
                          std::to_string(head.tree_size) + " entries");
  }
  return {};
}

Status check_consistency(const TreeHead& older, const TreeHead& newer,
                         const ConsistencyProof& proof) {
  const std::string heads = "the tree head of " + std::to_string(newer.tree_size) +
                            " entries and the earlier one of " + std::to_string(older.tree_size);
  if (newer.tree_size < older.tree_size) {
    return make_error(ErrorCode::kLogInconsistent, heads + ": the log shrank");
  }
  if (proof.first != older.tree_size || proof.second != newer.tree_size) {
    return make_error(ErrorCode::kProofFailed,
                      "the consistency proof is from " + std::to_string(proof.first) + " to " +
                          std::to_string(proof.second) + " entries, not for " + heads);
  }
  if (!verify_merkle_consistency(older.tree_size, newer.tree_size, older.root, newer.root,
                                 proof.path)) {
    return make_error(ErrorCode::kLogInconsistent,
                      heads + " are not consistent: the first " + std::to_string(older.tree_size) +
                          " entries are not the ones the earlier head signed (the log was "
                          "rewritten, or shown differently to different readers)");
  }
  return {};
}

}  // namespace tally::engine
