// The audit-log export: the server writes it, the auditor's verify command reads it.
//
// Binary, little-endian (docs/audit.md):
//   header  "TALLYAUD" (8 bytes) || format version u8 = 1
//   entry*  index u64 || receive_ms u64 || op length u32 || op bytes || h_index (32) ||
//           signed u8 (0 or 1) || [server signature over head_signing_bytes(index, h_index)]
// i.e. each record is the hashed entry bytes followed by the hash and an optional signed
// head for that entry. The reader is hardened like the wire decoder: every length is
// checked against the bytes that remain, and it never throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/audit_chain.hpp"
#include "tally/error.hpp"

namespace tally::engine {

inline constexpr std::string_view kAuditLogMagic = "TALLYAUD";
inline constexpr std::uint8_t kAuditLogVersion = 1;
// Largest op accepted from an export: an op travels in one frame of at most 1 MiB.
inline constexpr std::size_t kMaxAuditOpBytes = std::size_t{1} << 20;

// A whole log read into memory.
struct AuditLog {
  std::vector<AuditEntry> entries;
  std::vector<SignedHead> heads;  // in log order, at most one per entry
};

// Writes the export of `entries` (in log order) and `heads`. Fails (kInvalidArgument) if a
// head names no entry, or two heads name the same entry, or a head's hash is not its
// entry's.
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
