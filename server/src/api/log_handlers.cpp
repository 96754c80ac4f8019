// The public transparency-log routes of HttpApi (http_routes.cpp; docs/protocol.md,
// "Transparency log"): the latest signed tree head and the server's key, inclusion
// proofs by log index or by op, consistency proofs and entries by range. No token: a
// party agent or an observer checks the log from anywhere. A document that names its
// tree sizes never changes, so it is cacheable for good; one of "the latest" tree is not.
#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <functional>
#include <optional>
#include <string>

#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "core/core.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/transparency_log.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// The most entries one request for a range gets.
constexpr std::uint64_t kMaxEntriesPerRequest = 1000;

// The query of a request target, as name → decoded value; nullopt when the target does
// not parse.
class Query {
 public:
  explicit Query(std::string_view target) : url_(boost::urls::parse_origin_form(target)) {}

  // The parameter's text, if given (never, in a target that does not parse).
  [[nodiscard]] std::optional<std::string> text(std::string_view name) const {
    if (!url_) return std::nullopt;
    const auto params = url_->params();
    const auto found = params.find(name);
    if (found == params.end()) return std::nullopt;
    return std::string((*found).value);
  }
  // The parameter as a decimal number ≥ 1; kInvalidArgument if it is anything else.
  Result<std::optional<std::uint64_t>> number(std::string_view name) const {
    if (!url_) return make_error(ErrorCode::kInvalidArgument, "malformed request target");
    const auto given = text(name);
    if (!given) return std::optional<std::uint64_t>{};
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(given->data(), given->data() + given->size(), value);
    if (error != std::errc{} || end != given->data() + given->size() || value == 0) {
      return make_error(ErrorCode::kInvalidArgument, "?" + std::string(name) +
                                                         "= must be a whole number from 1, not '" +
                                                         quoted_target(*given) + "'");
    }
    return std::optional<std::uint64_t>{value};
  }

 private:
  boost::system::result<boost::urls::url_view> url_;
};

// What answers a refused request: its error's HTTP status, code and message.
auto refusal(const HttpApi::Request& request, const std::function<void(HttpApi::Response)>& done) {
  return [&request, &done](const Error& error) {
    done(error_response(request, status_of(error), error.code, error.message));
  };
}

// A 200 with `body` (JSON text), cacheable for good when `immutable`.
HttpApi::Response log_document(const HttpApi::Request& request, std::string body, bool immutable) {
  auto response = make_response(request, http::status::ok, std::move(body), "application/json");
  response.set(http::field::cache_control,
               immutable ? "public, max-age=31536000, immutable" : "public, max-age=1");
  response.set(http::field::access_control_allow_origin, "*");
  return response;
}

}  // namespace

void HttpApi::log_tree_head(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  call.done(log_document(call.request, engine::tree_head_json(core_.log_tree().head()), false));
}

void HttpApi::log_key(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  call.done(log_document(
      call.request,
      json::serialize(json::object{{"server_key", engine::to_hex(core_.server_public_key())}}),
      true));
}

void HttpApi::log_inclusion(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  const auto refuse = refusal(call.request, call.done);
  const Query query(call.request.target());
  auto tree_size = query.number("tree_size");
  auto index = query.number("index");
  auto counter = query.number("counter");
  const auto device = query.text("device");
  for (const auto* given : {&tree_size, &index, &counter}) {
    if (!*given) return refuse(given->error());
  }
  if (index->has_value() == (device.has_value() || counter->has_value()) ||
      device.has_value() != counter->has_value()) {
    return refuse(make_error(ErrorCode::kInvalidArgument,
                             "name the entry by ?index=N, or by its op: ?device=ID&counter=N"));
  }
  // Device ids are printable ASCII; anything else names no device, and its bytes must not
  // reach an answer's JSON (quoted_target quotes them for the message).
  if (device && std::any_of(device->begin(), device->end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e;
      })) {
    return refuse(make_error(ErrorCode::kInvalidArgument,
                             "?device= must be a device id, not '" + quoted_target(*device) + "'"));
  }
  const std::uint64_t size = tree_size->value_or(0);
  LogTree& tree = core_.log_tree();
  auto proof = index->has_value() ? tree.inclusion(**index, size)
                                  : tree.inclusion_of(engine::Dot{*device, **counter}, size);
  if (!proof) return refuse(proof.error());
  call.done(log_document(call.request, engine::inclusion_proof_json(proof->first, proof->second),
                         size != 0));
}

void HttpApi::log_consistency(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  const auto refuse = refusal(call.request, call.done);
  const Query query(call.request.target());
  auto first = query.number("first");
  auto second = query.number("second");
  if (!first) return refuse(first.error());
  if (!second) return refuse(second.error());
  if (!first->has_value() || !second->has_value()) {
    return refuse(
        make_error(ErrorCode::kInvalidArgument, "name both tree sizes: ?first=M&second=N (M ≤ N)"));
  }
  auto proof = core_.log_tree().consistency(**first, **second);
  if (!proof) return refuse(proof.error());
  call.done(log_document(call.request, engine::consistency_proof_json(*proof), true));
}

void HttpApi::log_entries(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  const auto refuse = refusal(call.request, call.done);
  const Query query(call.request.target());
  auto start = query.number("start");
  auto end = query.number("end");
  if (!start) return refuse(start.error());
  if (!end) return refuse(end.error());
  const std::uint64_t size = core_.log_tree().head().tree_size;
  if (!start->has_value() || !end->has_value() || **start > **end) {
    return refuse(make_error(ErrorCode::kInvalidArgument,
                             "name the log indexes: ?start=M&end=N (M ≤ N, both included)"));
  }
  if (**end > size) {
    return refuse(make_error(ErrorCode::kInvalidArgument,
                             "the log's latest signed tree head is of " + std::to_string(size) +
                                 " entries, not " + std::to_string(**end)));
  }
  const std::uint64_t count = std::min(**end - **start + 1, kMaxEntriesPerRequest);
  auto rows = core_.log_tree().entries(**start, count);
  if (!rows) return refuse(rows.error());
  json::array entries;
  entries.reserve(rows->size());
  for (const LogRow& row : *rows) {
    const auto& bytes = row.entry.op_bytes;
    entries.emplace_back(json::object{
        {"log_index", row.entry.index},
        {"receive_ms", row.entry.receive_ms},
        {"device", row.dot.device},
        {"counter", row.dot.counter},
        {"op", engine::to_hex({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()})},
        {"leaf_hash",
         engine::to_hex(engine::audit_leaf_hash(row.entry.index, row.entry.receive_ms, bytes))}});
  }
  const std::uint64_t last = **start + entries.size() - 1;
  call.done(log_document(call.request,
                         json::serialize(json::object{
                             {"start", **start}, {"end", last}, {"entries", std::move(entries)}}),
                         true));
}

}  // namespace tally::server
