// HttpApi: the console's overview and the public documents, and the tally they share with
// /api/v1/tally. Each is rendered once per published state (DocumentCache) and answered
// with a strong ETag; a reader that has it gets 304 (docs/operations.md).
#include <boost/json.hpp>

#include "api/gzip.hpp"
#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "base/rfc3339.hpp"
#include "core/core.hpp"
#include "tally/engine/tally_csv.hpp"
#include "tally/engine/tally_json.hpp"
#include "tally/engine/tally_table.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// Whether an If-None-Match header names `etag` (or is "*").
bool matches(std::string_view if_none_match, std::string_view etag) {
  return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

// The writer of a JSON document built under the state's lock: the serializing waits.
std::function<std::string()> serialized(json::value body) {
  return [body = std::move(body)] { return json::serialize(body) + "\n"; };
}

}  // namespace

void HttpApi::shared_document(Call& call, const std::string& key, const std::string& version_suffix,
                              DocumentCache::Freshness freshness, const char* content_type,
                              const DocumentCapture& capture) {
  const auto document = documents_.get(
      key, std::to_string(core_.last_commit().log_length) + version_suffix, freshness,
      // Holds what it uses: a bounded document renders later, on the cache's thread.
      [&core = core_, capture, version_suffix](std::string& version) {
        DocumentWriter write;
        core.read_published([&](const ElectionState& state, std::uint64_t log_length) {
          write = capture(state);
          version = std::to_string(log_length) + version_suffix;
        });
        return write();
      });
  const bool gzipped =
      !document->gzipped.empty() && accepts_gzip(call.request[http::field::accept_encoding]);
  const std::string& etag = gzipped ? document->gzipped_etag : document->etag;
  const bool unchanged = matches(call.request[http::field::if_none_match], etag);
  auto response =
      make_response(call.request, unchanged ? http::status::not_modified : http::status::ok,
                    unchanged ? std::string()
                    : gzipped ? document->gzipped
                              : document->body,
                    content_type);
  // Every reader may keep it, and must ask again (If-None-Match) before using it.
  response.set(http::field::cache_control, "no-cache");
  response.set(http::field::etag, etag);
  response.set(http::field::vary, "Accept-Encoding");
  if (gzipped) response.set(http::field::content_encoding, "gzip");
  call.done(std::move(response));
}

void HttpApi::tally_document(Call& call, DocumentCache::Freshness freshness) {
  const auto format =
      offers(call, {ResponseFormat::kJson, ResponseFormat::kCsv, ResponseFormat::kText});
  if (!format) return;
  const auto write = *format == ResponseFormat::kJson  ? &engine::tally_to_json
                     : *format == ResponseFormat::kCsv ? &engine::tally_to_csv
                                                       : &engine::tally_to_table;
  const char* name = *format == ResponseFormat::kJson  ? "tally"
                     : *format == ResponseFormat::kCsv ? "tally-csv"
                                                       : "tally-text";
  const bool exact = freshness == DocumentCache::Freshness::kExact;
  shared_document(call, exact ? std::string(name) : "public-" + std::string(name), "", freshness,
                  content_type(*format), [write](const ElectionState& state) {
                    // The state's reference: the definition its tally is over (a second
                    // round adds units), kept alive by the copy.
                    return [write, reference = state.reference(), report = state.tally().report()] {
                      return write(reference.election(), report);
                    };
                  });
}

void HttpApi::overview(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  const LiveFigures live = core_.live_figures();
  // Devices coming and going change the overview without a commit.
  const std::string suffix =
      "." + std::to_string(live.devices_online) + "." + std::to_string(live.devices_enrolled);
  shared_document(
      call, "overview", suffix, DocumentCache::Freshness::kBounded, "application/json",
      [live](const ElectionState& state) {
        const StateFigures figures = state.figures();
        json::object body{
            {"log_length", live.last_commit.log_length},
            {"last_commit_at", live.last_commit.committed_ms == 0
                                   ? json::value(nullptr)
                                   : json::value(rfc3339_utc(live.last_commit.committed_ms))},
            {"ops_per_second", live.ops_per_second},
            {"devices_online", live.devices_online},
            {"devices_enrolled", live.devices_enrolled},
            {"records", json::object{{"accepted", figures.forms_accepted},
                                     {"flagged", figures.forms_flagged},
                                     {"in_conflict", figures.conflicts_open}}},
            {"levels", state.reporting_levels_json()}};
        return serialized(std::move(body));
      });
}

void HttpApi::public_results(Call& call) {
  tally_document(call, DocumentCache::Freshness::kBounded);
}

void HttpApi::public_stations(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  shared_document(
      call, "public-stations", "", DocumentCache::Freshness::kBounded, "application/json",
      [](const ElectionState& state) { return serialized(state.public_stations_json()); });
}

void HttpApi::public_station(Call& call) {
  if (!offers(call, {ResponseFormat::kJson})) return;
  const std::string station(call.params["station"]);
  if (core_.reference().election().station(station) == nullptr) {
    return call.done(error_response(call.request, http::status::not_found, ErrorCode::kUnknownId,
                                    "no station '" + quoted_target(station) + "'"));
  }
  shared_document(call, "public-station/" + station, "", DocumentCache::Freshness::kBounded,
                  "application/json", [station](const ElectionState& state) {
                    return serialized(state.public_station_json(station));
                  });
}

}  // namespace tally::server
