// The audit route of HttpApi (http_routes.cpp): the log's length, its last signed head and
// where tallyd's background check of its own log got to (core/audit_verifier.hpp).
#include <boost/json.hpp>

#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "api/json_values.hpp"
#include "base/rfc3339.hpp"
#include "core/core.hpp"
#include "tally/engine/hex.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

void HttpApi::audit(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  // The check is read before the head: it never gets ahead of the head it reports.
  const AuditCheck check = core_.audit_check();
  const engine::SignedHead head = core_.latest_head();
  const std::uint64_t signed_ms = core_.head_signed_ms();
  json::object verification{
      {"status", check.failed ? "failed" : "verified"},
      {"checked_length", check.checked_length},
      {"checked_at", check.checked_at_ms == 0 ? json::value(nullptr)
                                              : json::value(rfc3339_utc(check.checked_at_ms))},
      {"error", check.failed ? json::value(check.error) : json::value(nullptr)}};
  call.done(json_response(
      call.request, http::status::ok,
      json::object{
          {"log_length", head.log_index},
          {"head", json::object{{"index", head.log_index},
                                {"hash", engine::to_hex(head.head)},
                                {"signature", engine::to_hex(head.signature)},
                                {"signed_at", signed_ms == 0 ? json::value(nullptr)
                                                             : json::value(rfc3339_utc(signed_ms))},
                                {"key_id", engine::to_hex(core_.server_public_key())}}},
          {"verification", std::move(verification)}}));
}

}  // namespace tally::server
