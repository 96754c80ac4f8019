#include "cli/export_binding.hpp"

#include <boost/json.hpp>

#include "store/data_dir.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/signing.hpp"
#include "tally/engine/strict_json.hpp"

namespace tally::server {

namespace json = boost::json;

namespace {

constexpr std::string_view kBindingFormat = "tally-binding/1";

std::string signing_bytes(const ExportBinding& binding) {
  return engine::binding_signing_bytes(binding.log_index, binding.head,
                                       engine::sha256(binding.election),
                                       engine::sha256(binding.schema));
}

Error malformed(const std::string& why) {
  return make_error(ErrorCode::kMalformed, "binding.json: " + why);
}

// The hex member `key` of `object` decoded into `out` (exactly out.size() bytes).
template <std::size_t N>
Status hex_member(const json::object& object, std::string_view key,
                  std::array<std::uint8_t, N>& out) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return malformed(std::string(key) + ": expected a hex string");
  }
  if (auto decoded = engine::from_hex(value->get_string(), out); !decoded) {
    return malformed(std::string(key) + ": " + decoded.error().message);
  }
  return {};
}

}  // namespace

Result<std::string> binding_json(const ExportBinding& binding, const engine::Ed25519KeyPair& key) {
  auto signature = key.sign(signing_bytes(binding));
  if (!signature) return std::move(signature).error();
  const auto hex = [](const auto& bytes) { return engine::to_hex(bytes); };
  return json::serialize(json::object{{"format", kBindingFormat},
                                      {"log_index", binding.log_index},
                                      {"head", hex(binding.head)},
                                      {"election_sha256", hex(engine::sha256(binding.election))},
                                      {"schema_sha256", hex(engine::sha256(binding.schema))},
                                      {"signature", hex(*signature)}}) +
         "\n";
}

Status check_binding(const std::string& text, const ExportBinding& expected,
                     const engine::Ed25519PublicKey& server_key) {
  auto document = engine::parse_strict_json(text, ErrorCode::kMalformed);
  if (!document) return malformed(document.error().message);
  const json::object* object = document->if_object();
  const json::value* format = object == nullptr ? nullptr : object->if_contains("format");
  if (format == nullptr || !format->is_string() || format->get_string() != kBindingFormat) {
    return malformed("expected {\"format\": \"tally-binding/1\", ...}");
  }
  const json::value* index = object->if_contains("log_index");
  if (index == nullptr || !index->is_number()) return malformed("log_index: expected a number");
  ExportBinding bound;
  json::error_code error;
  bound.log_index = index->to_number<std::uint64_t>(error);
  if (error) return malformed("log_index: expected a number");
  engine::Sha256Digest election_hash{};
  engine::Sha256Digest schema_hash{};
  engine::Ed25519Signature signature{};
  for (auto status : {hex_member(*object, "head", bound.head),
                      hex_member(*object, "election_sha256", election_hash),
                      hex_member(*object, "schema_sha256", schema_hash),
                      hex_member(*object, "signature", signature)}) {
    if (!status) return status;
  }
  const auto bytes =
      engine::binding_signing_bytes(bound.log_index, bound.head, election_hash, schema_hash);
  if (!engine::verify(server_key, bytes, signature)) {
    return make_error(ErrorCode::kBadSignature,
                      "binding.json: the server's signature does not verify");
  }
  const auto differs = [](const std::string& what) {
    return make_error(ErrorCode::kTallyMismatch, what);
  };
  if (bound.log_index != expected.log_index || bound.head != expected.head) {
    return differs("binding.json binds log index " + std::to_string(bound.log_index) +
                   ", not the exported log's last entry " + std::to_string(expected.log_index));
  }
  if (election_hash != engine::sha256(expected.election)) {
    return differs("election.json is not the definition bound to the log (binding.json)");
  }
  if (schema_hash != engine::sha256(expected.schema)) {
    return differs("form-schema.json is not the schema bound to the log (binding.json)");
  }
  return {};
}

}  // namespace tally::server
