#include "tally/engine/audit_log_file.hpp"

#include <exception>
#include <map>
#include <optional>

#include "wire/reader.hpp"

namespace tally::engine {
namespace {

template <std::size_t N>
void put_raw(std::string& out, const std::array<std::uint8_t, N>& bytes) {
  out.append(reinterpret_cast<const char*>(bytes.data()), N);
}

// One record of an export: an entry and, if present, the signed head of its index and
// the signed tree head of the tree up to it.
struct Record {
  AuditEntry entry;
  std::optional<SignedHead> head;
  std::optional<TreeHead> tree_head;
};

// Reads records one by one; throws wire::WireError on malformed input.
class RecordReader {
 public:
  explicit RecordReader(std::string_view bytes) : reader_(bytes) {}

  void read_header() {
    std::array<std::uint8_t, 8> magic{};
    reader_.bytes(magic, "audit log magic");
    if (std::string_view(reinterpret_cast<const char*>(magic.data()), magic.size()) !=
        kAuditLogMagic) {
      wire::fail(ErrorCode::kMalformed, "not a TallySync audit log (bad magic)");
    }
    version_ = reader_.u8("audit log version");
    if (version_ != 1 && version_ != kAuditLogVersion) {
      wire::fail(ErrorCode::kUnsupportedVersion,
                 "audit log format version " + std::to_string(version_) + " is not supported");
    }
  }
  [[nodiscard]] std::uint8_t version() const { return version_; }

  [[nodiscard]] bool at_end() const { return reader_.remaining() == 0; }

  Record next() {
    Record record;
    AuditEntry& entry = record.entry;
    entry.index = reader_.u64("entry index");
    entry.receive_ms = reader_.u64("entry receive time");
    std::uint32_t length = reader_.u32("entry op length");
    if (length > kMaxAuditOpBytes || length > reader_.remaining()) {
      wire::fail(ErrorCode::kBadLength, "entry op length " + std::to_string(length) +
                                            " exceeds the limit or the bytes that remain");
    }
    entry.op_bytes = reader_.take(length, "entry op bytes");
    reader_.bytes(entry.hash, "entry hash");
    if (reader_.boolean("entry signed flag")) {
      SignedHead head{entry.index, entry.hash, {}};
      reader_.bytes(head.signature, "entry head signature");
      record.head = head;
    }
    if (version_ >= 2 && reader_.boolean("entry tree-signed flag")) {
      TreeHead tree_head;
      tree_head.tree_size = entry.index;
      tree_head.timestamp_ms = reader_.u64("tree head timestamp");
      reader_.bytes(tree_head.root, "tree head root");
      reader_.bytes(tree_head.signature, "tree head signature");
      record.tree_head = tree_head;
    }
    return record;
  }

 private:
  wire::WireReader reader_;
  std::uint8_t version_ = 0;
};

Result<std::string> write_audit_log(const std::vector<AuditEntry>& entries,
                                    const std::vector<SignedHead>& heads,
                                    const std::vector<TreeHead>& tree_heads, std::uint8_t version) {
  std::map<std::uint64_t, const SignedHead*> head_by_index;
  for (const SignedHead& head : heads) {
    if (!head_by_index.emplace(head.log_index, &head).second) {
      return make_error(ErrorCode::kInvalidArgument,
                        "two signed heads for index " + std::to_string(head.log_index));
    }
  }
  std::map<std::uint64_t, const TreeHead*> tree_head_by_size;
  for (const TreeHead& head : tree_heads) {
    if (!tree_head_by_size.emplace(head.tree_size, &head).second) {
      return make_error(ErrorCode::kInvalidArgument,
                        "two signed tree heads of size " + std::to_string(head.tree_size));
    }
  }
  std::size_t tree_heads_written = 0;
  const auto put_tree_head = [&](std::string& out, std::uint64_t index) {
    auto found = tree_head_by_size.find(index);
    if (found == tree_head_by_size.end()) {
      out.push_back('\0');
      return;
    }
    out.push_back('\1');
    const TreeHead& head = *found->second;
    for (int shift = 0; shift < 64; shift += 8) {
      out.push_back(static_cast<char>((head.timestamp_ms >> shift) & 0xff));
    }
    put_raw(out, head.root);
    put_raw(out, head.signature);
    ++tree_heads_written;
  };
  std::string out(kAuditLogMagic);
  out.push_back(static_cast<char>(version));
  std::size_t heads_written = 0;
  for (const AuditEntry& entry : entries) {
    out += audit_entry_bytes(entry.index, entry.receive_ms, entry.op_bytes);
    put_raw(out, entry.hash);
    auto it = head_by_index.find(entry.index);
    if (it == head_by_index.end()) {
      out.push_back('\0');
    } else {
      if (it->second->head != entry.hash) {
        return make_error(
            ErrorCode::kInvalidArgument,
            "signed head for index " + std::to_string(entry.index) + " is not that entry's hash");
      }
      out.push_back('\1');
      put_raw(out, it->second->signature);
      ++heads_written;
    }
    if (version >= 2) put_tree_head(out, entry.index);
  }
  if (heads_written != heads.size()) {
    return make_error(ErrorCode::kInvalidArgument, "a signed head names no exported entry");
  }
  if (tree_heads_written != tree_heads.size()) {
    return make_error(ErrorCode::kInvalidArgument, "a signed tree head names no exported entry");
  }
  return out;
}

}  // namespace

Result<std::string> export_audit_log(const std::vector<AuditEntry>& entries,
                                     const std::vector<SignedHead>& heads,
                                     const std::vector<TreeHead>& tree_heads) {
  return write_audit_log(entries, heads, tree_heads, kAuditLogVersion);
}

Result<std::string> export_audit_log(const std::vector<AuditEntry>& entries,
                                     const std::vector<SignedHead>& heads) {
  return write_audit_log(entries, heads, {}, 1);
}

Result<AuditLog> read_audit_log(std::string_view bytes) {
  AuditLog log;
  try {
    RecordReader reader(bytes);
    reader.read_header();
    log.version = reader.version();
    while (!reader.at_end()) {
      Record record = reader.next();
      if (record.head) log.heads.push_back(*record.head);
      if (record.tree_head) log.tree_heads.push_back(*record.tree_head);
      log.entries.push_back(std::move(record.entry));
    }
  } catch (const wire::WireError& e) {
    return make_error(e.code(), "audit log record " + std::to_string(log.entries.size() + 1) +
                                    ": " + e.message());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kMalformed, std::string("audit log: ") + e.what());
  }
  return log;
}

ChainVerdict verify_audit_log(std::string_view bytes, const Ed25519PublicKey& server_key,
                              const DeviceKeyLookup& device_keys) {
  ChainVerifier verifier(server_key, device_keys);
  bool header_read = false;
  try {
    RecordReader reader(bytes);
    reader.read_header();
    header_read = true;
    if (reader.version() >= 2) verifier.expect_tree_heads();
    while (!reader.at_end() && !verifier.failed()) {
      Record record = reader.next();
      if (!verifier.add_entry(record.entry)) break;
      if (record.head) verifier.add_head(*record.head);
      if (record.tree_head) verifier.add_tree_head(*record.tree_head);
    }
  } catch (const wire::WireError& e) {
    verifier.fail(header_read ? verifier.last_index() + 1 : 0, ChainFault::kUnreadable,
                  e.message());
  } catch (const std::exception& e) {
    verifier.fail(verifier.last_index() + 1, ChainFault::kUnreadable, e.what());
  }
  return verifier.finish();
}

}  // namespace tally::engine
