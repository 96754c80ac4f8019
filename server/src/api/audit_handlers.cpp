// The audit routes of HttpApi (http_routes.cpp): the log's length, its last signed head and
// where tallyd's background check of its own log got to (core/audit_verifier.hpp); and the
// audit export's download, the files of `tallyd export` as one tar archive.
#include <boost/json.hpp>

#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "api/json_values.hpp"
#include "base/log.hpp"
#include "base/rfc3339.hpp"
#include "base/tuning.hpp"
#include "core/core.hpp"
#include "export/export_files.hpp"
#include "export/tar_archive.hpp"
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

void HttpApi::audit_export(Call& call) {
  // A tar archive is its one format: any ?format= is refused.
  if (auto format = requested_format(call.request.target(), {}); !format) {
    return call.done(error_response(call.request, http::status::bad_request, format.error().code,
                                    format.error().message));
  }
  // The answer's shape (version, keep-alive), kept: the request is gone when the job ends.
  HttpRequest shape;
  shape.version(call.request.version());
  shape.keep_alive(call.request.keep_alive());
  const DataDir dir{options_.data_dir};
  auto job = [shape, dir, done = call.done]() {
    auto files = make_export_files(dir, false);
    auto archive =
        files ? tar_archive(files->files, static_cast<std::int64_t>(files->last_receive_ms / 1000))
              : Result<std::string>(files.error());
    if (!archive) {
      const Error& error = archive.error();
      log_error("audit_export_failed", {{"code", std::to_string(static_cast<int>(error.code))},
                                        {"message", error.message}});
      const auto status = error.transient || error.code == ErrorCode::kBusy
                              ? http::status::service_unavailable
                              : http::status::internal_server_error;
      return done(error_response(shape, status, error.code, error.message));
    }
    auto response =
        make_response(shape, http::status::ok, std::move(archive).value(), "application/x-tar");
    response.set(
        http::field::content_disposition,
        "attachment; filename=\"tally-export-" + std::to_string(files->log_entries) + ".tar\"");
    log_info("audit_exported", {{"log_entries", std::to_string(files->log_entries)},
                                {"bytes", std::to_string(response.body().size())}});
    done(std::move(response));
  };
  if (!export_job_.try_submit(std::move(job))) {
    core_.metrics().record_error(ErrorCode::kBusy);
    auto response =
        error_response(call.request, http::status::service_unavailable, ErrorCode::kBusy,
                       "an audit export is being made: try again in a few seconds");
    response.set(http::field::retry_after, std::to_string(tuning::kExportRetryAfterSeconds));
    return call.done(std::move(response));
  }
}

}  // namespace tally::server
