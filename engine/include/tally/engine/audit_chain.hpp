// The audit chain: the server's op log, hash-chained and signed (docs/audit.md).
//
// Entry n holds the canonical bytes of the n-th op the server stored (op_codec.hpp) and
// the time it was received; h_n = SHA-256(h_{n-1} || entry bytes), h_0 = 32 zero bytes.
// The server keeps an AuditChain and signs heads; devices keep the heads they were sent
// as receipts; the verifier (here and in audit_log_file.hpp) recomputes everything and
// names the first bad index.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/merkle_tree.hpp"
#include "tally/engine/sha256.hpp"
#include "tally/engine/transparency_log.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// h_0: the head of the empty log.
inline constexpr Sha256Digest kGenesisHead{};

// One stored op in the log.
struct AuditEntry {
  std::uint64_t index = 0;       // 1, 2, 3, ...
  std::uint64_t receive_ms = 0;  // server clock when the op was received (Unix ms)
  std::string op_bytes;          // encode_op() of the op
  Sha256Digest hash{};           // h_index
  bool operator==(const AuditEntry&) const = default;
};

// The bytes hashed after h_{n-1}: index u64 LE || receive_ms u64 LE ||
// op length u32 LE || op bytes.
std::string audit_entry_bytes(std::uint64_t index, std::uint64_t receive_ms,
                              std::string_view op_bytes);

// h_n from h_{n-1} and entry n's parts.
Sha256Digest chain_hash(const Sha256Digest& previous, std::uint64_t index,
                        std::uint64_t receive_ms, std::string_view op_bytes);

// The running head of a log. The server holds one, resumed from its store at start-up.
class AuditChain {
 public:
  // The empty log: index 0, head h_0.
  AuditChain() = default;
  // A log that already holds `index` entries with head `head`.
  AuditChain(std::uint64_t index, const Sha256Digest& head) : index_(index), head_(head) {}

  // Appends the op (canonical bytes, at most 2^32 - 1 of them) received at `receive_ms`
  // and returns the new entry.
  AuditEntry append(std::string op_bytes, std::uint64_t receive_ms);

  [[nodiscard]] std::uint64_t index() const { return index_; }
  [[nodiscard]] const Sha256Digest& head() const { return head_; }

 private:
  std::uint64_t index_ = 0;
  Sha256Digest head_ = kGenesisHead;
};

// The server's signature over (log_index, head): head_signing_bytes() in signing.hpp.
// Also the SignedHead wire message.
struct SignedHead {
  std::uint64_t log_index = 0;
  Sha256Digest head{};
  Ed25519Signature signature{};
  bool operator==(const SignedHead&) const = default;
};

Result<SignedHead> sign_head(const Ed25519KeyPair& server_key, std::uint64_t log_index,
                             const Sha256Digest& head);
[[nodiscard]] bool verify_head(const Ed25519PublicKey& server_key, const SignedHead& head);

// Why a chain was refused.
enum class ChainFault : std::uint8_t {
  kNone = 0,
  kUnreadable = 1,              // the export could not be parsed at this entry
  kNonConsecutiveIndex = 2,     // entry index is not previous + 1 (first is 1)
  kHashMismatch = 3,            // stored h_n differs from the recomputed one
  kUndecodableOp = 4,           // op bytes are not a canonical op
  kUnknownDevice = 5,           // a submission's device has no key
  kBadSubmissionSignature = 6,  // a submission's signature does not verify
  kHeadMismatch = 7,            // a signed head names an index / head not in the chain
  kBadHeadSignature = 8,        // a head's signature does not verify
  kUnsignedTail = 9,            // the last entry is not covered by a signed head
  kTreeHeadMismatch = 10,       // a signed tree head's size or root is not the log's tree
  kBadTreeHeadSignature = 11,   // a signed tree head's signature does not verify
};

// Short name of a fault ("hash mismatch"), for messages and tools.
const char* to_string(ChainFault fault);

// The outcome of a verification: ok, or the first bad index (0 = the file header or
// the log as a whole) with the fault and a message naming it.
struct ChainVerdict {
  ChainFault fault = ChainFault::kNone;
  std::uint64_t bad_index = 0;
  std::string message;
  std::uint64_t entries = 0;         // entries verified before the fault (or all)
  std::uint64_t signed_through = 0;  // highest index with a valid signed head
  std::uint64_t tree_heads = 0;      // signed tree heads verified
  std::uint64_t tree_signed_through = 0;  // largest tree size with a valid signed tree head
  [[nodiscard]] bool ok() const { return fault == ChainFault::kNone; }
};

// The enrolled public key of a device, or nothing if the device is unknown.
using DeviceKeyLookup = std::function<std::optional<Ed25519PublicKey>(const std::string&)>;

// Streaming verifier: feed entries in log order, each followed by the signed heads of its
// index; finish() gives the verdict. After the first fault further input is ignored.
// Submissions are checked only when a device-key lookup is given.
class ChainVerifier {
 public:
  ChainVerifier(const Ed25519PublicKey& server_key, DeviceKeyLookup device_keys);

  // Returns false once the chain has a fault.
  bool add_entry(const AuditEntry& entry);
  // A signed head; it must name the last entry added (or index 0 before any entry).
  bool add_head(const SignedHead& head);
  // A signed tree head; it must be of the tree of the entries added so far.
  bool add_tree_head(const TreeHead& head);
  // From now on finish() also wants the last entry covered by a signed tree head (an
  // export of format version 2 has them).
  void expect_tree_heads() { tree_heads_expected_ = true; }
  // Records an external fault (e.g. an unreadable record) at `index`.
  void fail(std::uint64_t index, ChainFault fault, std::string message);

  [[nodiscard]] std::uint64_t last_index() const { return index_; }
  [[nodiscard]] bool failed() const { return !verdict_.ok(); }
  // The verdict; a non-empty chain must end on a signed head (kUnsignedTail otherwise).
  [[nodiscard]] ChainVerdict finish() const;

 private:
  bool check_op(const AuditEntry& entry);

  Ed25519PublicKey server_key_;
  DeviceKeyLookup device_keys_;
  std::uint64_t index_ = 0;
  Sha256Digest head_ = kGenesisHead;
  MerkleFrontier tree_;
  bool tree_heads_expected_ = false;
  ChainVerdict verdict_;
};

// Verifies entries (in log order, from index 1) and signed heads (any order) against
// the server's key.
ChainVerdict verify_chain(const std::vector<AuditEntry>& entries,
                          const std::vector<SignedHead>& heads,
                          const Ed25519PublicKey& server_key,
                          const DeviceKeyLookup& device_keys = {});

}  // namespace tally::engine
