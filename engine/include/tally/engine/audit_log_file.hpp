// The audit-log export: the server writes it, the auditor's verify command reads it.
//
// Binary, little-endian (docs/audit.md):
//   header  "TALLYAUD" (8 bytes) || format version u8 = 2 (1 is still read)
//   entry*  index u64 || receive_ms u64 || op length u32 || op bytes || h_index (32) ||
//           signed u8 (0 or 1) || [server signature over head_signing_bytes(index, h_index)]
//           || version 2 only: tree-signed u8 (0 or 1) || [timestamp_ms u64 || root (32) ||
//           server signature over tree_head_signing_bytes(index, timestamp_ms, root)]
// i.e. each record is the hashed entry bytes followed by the hash, an optional signed
// head for that entry and (version 2) an optional signed tree head of the tree of the log
// up to that entry. The reader is hardened like the wire decoder: every length is checked
// against the bytes that remain, and it never throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/audit_chain.hpp"
#include "tally/error.hpp"

namespace tally::engine {

inline constexpr std::string_view kAuditLogMagic = "TALLYAUD";
inline constexpr std::uint8_t kAuditLogVersion = 2;
// Largest op accepted from an export: an op travels in one frame of at most 1 MiB.
inline constexpr std::size_t kMaxAuditOpBytes = std::size_t{1} << 20;

// A whole log read into memory.
struct AuditLog {
  std::vector<AuditEntry> entries;
  std::vector<SignedHead> heads;  // in log order, at most one per entry
  std::vector<TreeHead> tree_heads;  // in log order, at most one per tree size; none in v1
  std::uint8_t version = kAuditLogVersion;
};

// Writes the export (version 2) of `entries` (in log order), `heads` and `tree_heads`.
// Fails (kInvalidArgument) if a head or tree head names no entry, or two name the same
// entry, or a head's hash is not its entry's. Tree heads' roots are not checked here.
Result<std::string> export_audit_log(const std::vector<AuditEntry>& entries,
                                     const std::vector<SignedHead>& heads,
                                     const std::vector<TreeHead>& tree_heads);
// The same in format version 1, which has no tree heads (what tallyd wrote before them).
Result<std::string> export_audit_log(const std::vector<AuditEntry>& entries,
                                     const std::vector<SignedHead>& heads);

// Parses an export without checking hashes or signatures (verify_audit_log does both).
// Errors are wire codes (5xx: kTruncated, kBadLength, kMalformed, kUnsupportedVersion),
// naming the record.
Result<AuditLog> read_audit_log(std::string_view bytes);

// Reads and verifies an export in one pass: any unreadable byte, broken link, bad
// signature or unsigned tail is reported at its entry index (0 for the header).
ChainVerdict verify_audit_log(std::string_view bytes, const Ed25519PublicKey& server_key,
                              const DeviceKeyLookup& device_keys = {});

}  // namespace tally::engine
