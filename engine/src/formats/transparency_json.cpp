// The JSON of the transparency log's public documents (transparency_log.hpp): rendered by
// tallyd, read back by devices, tally-monitor and tests.
#include <boost/json.hpp>

#include "base/json_reader.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/transparency_log.hpp"

namespace tally::engine {

namespace json = boost::json;

namespace {

const JsonReader kReader(ErrorCode::kMalformed, ErrorCode::kMalformed);

std::string bytes_hex(std::string_view bytes) {
  return to_hex({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

json::array hashes_json(const std::vector<Sha256Digest>& hashes) {
  json::array array;
  array.reserve(hashes.size());
  for (const auto& hash : hashes) array.emplace_back(to_hex(hash));
  return array;
}

std::uint64_t unsigned_member(const json::object& object, const std::string& path,
                              std::string_view key) {
  const std::int64_t value = kReader.integer_member(object, path, key);
  if (value < 0) kReader.fail(JsonReader::member_path(path, key), "must not be negative");
  return static_cast<std::uint64_t>(value);
}

template <std::size_t N>
void fixed_hex(const std::string& text, const std::string& path, std::array<std::uint8_t, N>& out) {
  if (!from_hex(text, out).ok()) {
    kReader.fail(path, "expected " + std::to_string(2 * N) + " hex digits");
  }
}

template <std::size_t N>
void fixed_member(const json::object& object, const std::string& path, std::string_view key,
                  std::array<std::uint8_t, N>& out) {
  fixed_hex(kReader.string_member(object, path, key), JsonReader::member_path(path, key), out);
}

std::vector<Sha256Digest> hashes_member(const json::object& object, const std::string& path,
                                        std::string_view key) {
  const std::string array_path = JsonReader::member_path(path, key);
  const json::array& array = kReader.array_member(object, path, key);
  // An audit path of a tree of at most 2^64 entries has at most 64 hashes; a consistency
  // proof at most about twice that.
  if (array.size() > 130) kReader.fail(array_path, "more hashes than any tree needs");
  std::vector<Sha256Digest> hashes(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string item = JsonReader::index_path(array_path, i);
    fixed_hex(kReader.string_value(array[i], item), item, hashes[i]);
  }
  return hashes;
}

template <typename Read>
auto parse_document(std::string_view text, const char* what, Read read)
    -> Result<decltype(read(std::declval<const json::object&>()))> {
  try {
    const json::value document = kReader.parse(text);
    return read(kReader.as_object(document, ""));
  } catch (const JsonError& error) {
    return make_error(ErrorCode::kMalformed, std::string(what) + ": " + error.message);
  }
}

}  // namespace

std::string tree_head_json(const TreeHead& head) {
  return json::serialize(json::object{{"tree_size", head.tree_size},
                                      {"timestamp_ms", head.timestamp_ms},
                                      {"root_hash", to_hex(head.root)},
                                      {"signature", to_hex(head.signature)}});
}

Result<TreeHead> parse_tree_head_json(std::string_view text) {
  return parse_document(text, "tree head", [](const json::object& object) {
    kReader.only_members(object, "", {"tree_size", "timestamp_ms", "root_hash", "signature"});
    TreeHead head;
    head.tree_size = unsigned_member(object, "", "tree_size");
    head.timestamp_ms = unsigned_member(object, "", "timestamp_ms");
    fixed_member(object, "", "root_hash", head.root);
    fixed_member(object, "", "signature", head.signature);
    return head;
  });
}

std::string inclusion_proof_json(const InclusionProof& proof, const Dot& dot) {
  return json::serialize(json::object{
      {"tree_size", proof.tree_size},
      {"log_index", proof.log_index},
      {"receive_ms", proof.receive_ms},
      {"device", dot.device},
      {"counter", dot.counter},
      {"op", bytes_hex(proof.op_bytes)},
      {"leaf_hash", to_hex(audit_leaf_hash(proof.log_index, proof.receive_ms, proof.op_bytes))},
      {"audit_path", hashes_json(proof.audit_path)}});
}

Result<InclusionProof> parse_inclusion_proof_json(std::string_view text) {
  return parse_document(text, "inclusion proof", [](const json::object& object) {
    kReader.only_members(object, "",
                         {"tree_size", "log_index", "receive_ms", "device", "counter", "op",
                          "leaf_hash", "audit_path"});
    InclusionProof proof;
    proof.tree_size = unsigned_member(object, "", "tree_size");
    proof.log_index = unsigned_member(object, "", "log_index");
    proof.receive_ms = unsigned_member(object, "", "receive_ms");
    const std::string op = kReader.string_member(object, "", "op");
    proof.op_bytes.assign(op.size() / 2, '\0');
    if (op.size() % 2 != 0 || !from_hex(op, {reinterpret_cast<std::uint8_t*>(proof.op_bytes.data()),
                                             proof.op_bytes.size()})
                                   .ok()) {
      kReader.fail("op", "expected hex digits");
    }
    proof.audit_path = hashes_member(object, "", "audit_path");
    return proof;
  });
}

std::string consistency_proof_json(const ConsistencyProof& proof) {
  return json::serialize(json::object{
      {"first", proof.first}, {"second", proof.second}, {"proof", hashes_json(proof.path)}});
}

Result<ConsistencyProof> parse_consistency_proof_json(std::string_view text) {
  return parse_document(text, "consistency proof", [](const json::object& object) {
    kReader.only_members(object, "", {"first", "second", "proof"});
    ConsistencyProof proof;
    proof.first = unsigned_member(object, "", "first");
    proof.second = unsigned_member(object, "", "second");
    proof.path = hashes_member(object, "", "proof");
    return proof;
  });
}

}  // namespace tally::engine
