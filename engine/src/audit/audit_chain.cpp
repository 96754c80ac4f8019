#include "tally/engine/audit_chain.hpp"

#include <algorithm>

#include "base/byte_append.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"

namespace tally::engine {
namespace {}  // namespace

std::string audit_entry_bytes(std::uint64_t index, std::uint64_t receive_ms,
                              std::string_view op_bytes) {
  std::string out;
  out.reserve(20 + op_bytes.size());
  bytes::append_u64(out, index);
  bytes::append_u64(out, receive_ms);
  bytes::append_u32(out, static_cast<std::uint32_t>(op_bytes.size()));
  out.append(op_bytes);
  return out;
}

Sha256Digest chain_hash(const Sha256Digest& previous, std::uint64_t index, std::uint64_t receive_ms,
                        std::string_view op_bytes) {
  std::string prefix;
  prefix.reserve(20);
  bytes::append_u64(prefix, index);
  bytes::append_u64(prefix, receive_ms);
  bytes::append_u32(prefix, static_cast<std::uint32_t>(op_bytes.size()));
  Sha256 hasher;
  hasher.update(previous).update(prefix).update(op_bytes);
  return hasher.finish();
}

AuditEntry AuditChain::append(std::string op_bytes, std::uint64_t receive_ms) {
  ++index_;
  head_ = chain_hash(head_, index_, receive_ms, op_bytes);
  return AuditEntry{index_, receive_ms, std::move(op_bytes), head_};
}

Result<SignedHead> sign_head(const Ed25519KeyPair& server_key, std::uint64_t log_index,
                             const Sha256Digest& head) {
  auto signature = server_key.sign(head_signing_bytes(log_index, head));
  if (!signature) return std::move(signature).error();
  return SignedHead{log_index, head, *signature};
}

bool verify_head(const Ed25519PublicKey& server_key, const SignedHead& head) {
  return verify(server_key, head_signing_bytes(head.log_index, head.head), head.signature);
}

const char* to_string(ChainFault fault) {
  switch (fault) {
    case ChainFault::kNone:
      return "ok";
    case ChainFault::kUnreadable:
      return "unreadable record";
    case ChainFault::kNonConsecutiveIndex:
      return "non-consecutive index";
    case ChainFault::kHashMismatch:
      return "hash mismatch";
    case ChainFault::kUndecodableOp:
      return "undecodable op";
    case ChainFault::kUnknownDevice:
      return "unknown device";
    case ChainFault::kBadSubmissionSignature:
      return "bad submission signature";
    case ChainFault::kHeadMismatch:
      return "signed head not in the chain";
    case ChainFault::kBadHeadSignature:
      return "bad head signature";
    case ChainFault::kTreeHeadMismatch:
      return "tree head mismatch";
    case ChainFault::kBadTreeHeadSignature:
      return "bad tree head signature";
    case ChainFault::kUnsignedTail:
      return "unsigned tail";
  }
  return "unknown fault";
}

ChainVerifier::ChainVerifier(const Ed25519PublicKey& server_key, DeviceKeyLookup device_keys)
    : server_key_(server_key), device_keys_(std::move(device_keys)) {}

void ChainVerifier::fail(std::uint64_t index, ChainFault fault, std::string message) {
  if (failed()) return;
  verdict_.fault = fault;
  verdict_.bad_index = index;
  verdict_.message =
      "entry " + std::to_string(index) + ": " + to_string(fault) + ": " + std::move(message);
}

bool ChainVerifier::add_entry(const AuditEntry& entry) {
  if (failed()) return false;
  std::uint64_t expected = index_ + 1;
  if (entry.index != expected) {
    fail(expected, ChainFault::kNonConsecutiveIndex, "found index " + std::to_string(entry.index));
    return false;
  }
  Sha256Digest computed = chain_hash(head_, entry.index, entry.receive_ms, entry.op_bytes);
  if (computed != entry.hash) {
    fail(expected, ChainFault::kHashMismatch,
         "stored " + to_hex(entry.hash) + ", computed " + to_hex(computed));
    return false;
  }
  if (!check_op(entry)) return false;
  index_ = entry.index;
  head_ = entry.hash;
  tree_.append(audit_leaf_hash(entry.index, entry.receive_ms, entry.op_bytes));
  verdict_.entries = index_;
  return true;
}

bool ChainVerifier::check_op(const AuditEntry& entry) {
  auto op = decode_op(entry.op_bytes);
  if (!op) {
    fail(entry.index, ChainFault::kUndecodableOp, op.error().to_string());
    return false;
  }
  const bool signed_op = op->kind == OpKind::kSubmit || op->kind == OpKind::kOpenRound;
  if (!signed_op || !device_keys_) return true;
  std::optional<Ed25519PublicKey> key = device_keys_(op->dot.device);
  if (!key) {
    fail(entry.index, ChainFault::kUnknownDevice, "device '" + op->dot.device + "'");
    return false;
  }
  const bool round = op->kind == OpKind::kOpenRound;
  std::string signed_bytes =
      round ? round_opening_signing_bytes(*op)
            : submission_signing_bytes(op->dot, op->form, op->submission.values_hash);
  if (!verify(*key, signed_bytes, op->submission.signature)) {
    fail(entry.index, ChainFault::kBadSubmissionSignature,
         (round ? std::string("opening of round 2") : "submission of " + op->form.to_string()) +
             " by device '" + op->dot.device + "'");
    return false;
  }
  return true;
}

bool ChainVerifier::add_head(const SignedHead& head) {
  if (failed()) return false;
  if (head.log_index != index_ || head.head != head_) {
    fail(index_, ChainFault::kHeadMismatch,
         "head signed for index " + std::to_string(head.log_index) + " (" + to_hex(head.head) +
             ") does not match the chain");
    return false;
  }
  if (!verify_head(server_key_, head)) {
    fail(index_, ChainFault::kBadHeadSignature, "server signature does not verify");
    return false;
  }
  verdict_.signed_through = index_;
  return true;
}

bool ChainVerifier::add_tree_head(const TreeHead& head) {
  if (failed()) return false;
  if (head.tree_size != index_ || head.root != tree_.root()) {
    fail(index_, ChainFault::kTreeHeadMismatch,
         "tree head signed for " + std::to_string(head.tree_size) + " entries with root " +
             to_hex(head.root) + ", but the tree of the log's first " + std::to_string(index_) +
             " entries has root " + to_hex(tree_.root()));
    return false;
  }
  if (!verify_tree_head(server_key_, head)) {
    fail(index_, ChainFault::kBadTreeHeadSignature, "server signature does not verify");
    return false;
  }
  ++verdict_.tree_heads;
  verdict_.tree_signed_through = index_;
  return true;
}

ChainVerdict ChainVerifier::finish() const {
  ChainVerdict verdict = verdict_;
  if (verdict.ok() && index_ > 0 && verdict.signed_through != index_) {
    verdict.fault = ChainFault::kUnsignedTail;
    verdict.bad_index = index_;
    verdict.message = "entry " + std::to_string(index_) +
                      ": unsigned tail: the last signed head is at index " +
                      std::to_string(verdict.signed_through);
  } else if (verdict.ok() && tree_heads_expected_ && index_ > 0 &&
             verdict.tree_signed_through != index_) {
    verdict.fault = ChainFault::kUnsignedTail;
    verdict.bad_index = index_;
    verdict.message = "entry " + std::to_string(index_) +
                      ": unsigned tail: the last signed tree head is of " +
                      std::to_string(verdict.tree_signed_through) + " entries";
  }
  return verdict;
}

ChainVerdict verify_chain(const std::vector<AuditEntry>& entries,
                          const std::vector<SignedHead>& heads, const Ed25519PublicKey& server_key,
                          const DeviceKeyLookup& device_keys) {
  std::vector<const SignedHead*> ordered;
  ordered.reserve(heads.size());
  for (const SignedHead& head : heads) ordered.push_back(&head);
  std::stable_sort(ordered.begin(), ordered.end(), [](const SignedHead* a, const SignedHead* b) {
    return a->log_index < b->log_index;
  });

  ChainVerifier verifier(server_key, device_keys);
  auto next_head = ordered.begin();
  auto add_heads_through = [&](std::uint64_t index) {
    while (next_head != ordered.end() && (*next_head)->log_index <= index) {
      verifier.add_head(**next_head++);
    }
  };
  add_heads_through(0);
  for (const AuditEntry& entry : entries) {
    if (!verifier.add_entry(entry)) break;
    add_heads_through(entry.index);
  }
  if (!verifier.failed() && next_head != ordered.end()) {
    verifier.add_head(**next_head);  // names an index past the last entry
  }
  return verifier.finish();
}

}  // namespace tally::engine
