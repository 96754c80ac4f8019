// Fuzz target: the audit-log export reader and verifier (audit_log_file.hpp).
// The server key and the device key of "dev-a" are the ones the seed corpus was signed
// with (seeds 0x01… and 0x02…, see fuzz_seed_corpus.cpp), so mutations of a valid log
// reach the hash, signature and submission checks.
// Properties: nothing crashes or throws; a log the reader refuses is never verified ok; a
// log that verifies ok is readable, with as many entries as verified; a readable log
// whose entry indices are distinct re-exports to exactly its own bytes.
#include <optional>
#include <set>
#include <string>

#include "fuzz_check.hpp"
#include "fuzz_keys.hpp"
#include "tally/engine/audit_log_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tally;
  using namespace tally::engine;
  static const fuzz::FuzzKeys kKeys;
  std::string_view bytes = fuzz::as_bytes(data, size);

  Result<AuditLog> log = read_audit_log(bytes);
  ChainVerdict verdict = verify_audit_log(bytes, kKeys.server.public_key(), kKeys.lookup());
  if (!log.ok()) {
    // The reader refuses bytes that are not an audit log with a wire code (5xx): the file is
    // malformed; a well-formed log with a broken chain is the verifier's finding.
    fuzz::require_refusal(log.error(), ErrorDomain::kWire, "the reader refuses in kWire");
    fuzz::require(!verdict.ok(), "an unreadable log does not verify");
    fuzz::require(!verdict.message.empty(), "a failed verification says why");
    return 0;
  }
  if (verdict.ok()) {
    fuzz::require(verdict.entries == log->entries.size(), "every entry was verified");
  } else {
    fuzz::require(!verdict.message.empty(), "a failed verification says why");
  }
  // The export keys signed heads by index, so it reproduces a log whose indices are
  // distinct; a verified log always has them (1, 2, 3, ...).
  std::set<std::uint64_t> indices;
  bool distinct = true;
  for (const AuditEntry& entry : log->entries) {
    distinct = indices.insert(entry.index).second && distinct;
  }
  fuzz::require(distinct || !verdict.ok(), "a verified log has distinct indices");
  if (distinct) {
    Result<std::string> exported =
        log->version == 1 ? export_audit_log(log->entries, log->heads)
                          : export_audit_log(log->entries, log->heads, log->tree_heads);
    fuzz::require(exported.ok() && *exported == bytes, "export(read(x)) == x");
  }
  return 0;
}
