#include "tally/http/log_client.hpp"

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "tally/engine/hex.hpp"
#include "tally/http/url.hpp"

namespace tally::http {

namespace {

constexpr std::string_view kLog = "/api/v1/public/log/";

std::string number(std::uint64_t value) { return std::to_string(value); }

}  // namespace

Result<std::string> LogClient::get(const std::string& path) {
  auto response = client_.call(boost::beast::http::verb::get, path);
  if (!response) return std::move(response).error();
  if (response->status != 200) return error_of(*response);
  return std::move(response->body);
}

Result<engine::Ed25519PublicKey> LogClient::fetch_key(const ApiTarget& target) {
  auto response = api_call(target, boost::beast::http::verb::get, std::string(kLog) + "key");
  if (!response) return std::move(response).error();
  if (response->status != 200) return error_of(*response);
  boost::json::error_code error;
  const boost::json::value document = boost::json::parse(response->body, error);
  const auto* object = error ? nullptr : document.if_object();
  const auto* hex = object != nullptr ? object->if_contains("server_key") : nullptr;
  engine::Ed25519PublicKey key{};
  if (hex == nullptr || !hex->is_string() || !engine::from_hex(hex->as_string(), key).ok()) {
    return make_error(ErrorCode::kMalformed, "the server's log key is not a hex Ed25519 key");
  }
  return key;
}

Result<engine::TreeHead> LogClient::tree_head() {
  auto body = get(std::string(kLog) + "tree-head");
  if (!body) return std::move(body).error();
  auto head = engine::parse_tree_head_json(*body);
  if (!head) return std::move(head).error();
  if (!engine::verify_tree_head(server_key_, *head)) {
    return make_error(ErrorCode::kBadSignature, "the tree head of " + number(head->tree_size) +
                                                    " entries is not signed by the server's key " +
                                                    engine::to_hex(server_key_));
  }
  return head;
}

Result<engine::InclusionProof> LogClient::inclusion_of(const engine::Dot& dot,
                                                       std::uint64_t tree_size) {
  const std::string device = boost::urls::encode(dot.device, boost::urls::unreserved_chars);
  auto body = get(std::string(kLog) + "inclusion?device=" + device +
                  "&counter=" + number(dot.counter) + "&tree_size=" + number(tree_size));
  if (!body) return std::move(body).error();
  return engine::parse_inclusion_proof_json(*body);
}

Result<engine::InclusionProof> LogClient::inclusion(std::uint64_t log_index,
                                                    std::uint64_t tree_size) {
  auto body = get(std::string(kLog) + "inclusion?index=" + number(log_index) +
                  "&tree_size=" + number(tree_size));
  if (!body) return std::move(body).error();
  return engine::parse_inclusion_proof_json(*body);
}

Status LogClient::check_extends(const engine::TreeHead& older, const engine::TreeHead& newer) {
  engine::ConsistencyProof proof{older.tree_size, newer.tree_size, {}};
  // Nothing to fetch for the empty tree or the same size: the heads alone decide.
  if (older.tree_size != 0 && older.tree_size < newer.tree_size) {
    auto body = get(std::string(kLog) + "consistency?first=" + number(older.tree_size) +
                    "&second=" + number(newer.tree_size));
    if (!body) return std::move(body).error();
    auto fetched = engine::parse_consistency_proof_json(*body);
    if (!fetched) return std::move(fetched).error();
    proof = std::move(fetched).value();
  }
  return engine::check_consistency(older, newer, proof);
}

Result<std::string> api_origin_of_sync_url(const std::string& sync_url) {
  auto url = parse_url(sync_url);
  if (!url) return std::move(url).error();
  return std::string(url->secure() ? "https://" : "http://") + url->authority();
}

}  // namespace tally::http
