// The operator's HTTPS API client of tally-night: enrolment codes, progress, conflicts,
// tally and metrics of the running tallyd (docs/operations.md), over tally::http's client
// (one keep-alive TLS connection that trusts only the data directory's certificate); an
// answer that is not a success is an error here. Used by the orchestrator
// (codes, progress, tally) and by the supervisors' dashboard (conflicts). One instance per
// thread.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <boost/json.hpp>
#include <string>

#include "tally/error.hpp"
#include "tally/http/https_client.hpp"

namespace tally::demo {

class OperatorApi {
 public:
  // `target`: tallyd.url, the operator token and the data directory's tls-cert.pem.
  explicit OperatorApi(http::ApiTarget target);

  // A one-time enrolment code for a device of `role` ("officer" with its station,
  // "supervisor" with an empty station).
  Result<std::string> create_enrolment_code(const std::string& role, const std::string& station);
  // GET of a JSON endpoint ("/api/v1/progress", "/api/v1/tally", "/api/v1/conflicts").
  Result<boost::json::value> get_json(const std::string& path);
  // GET /metrics: the Prometheus text (or any other text document).
  Result<std::string> get_text(const std::string& path);
  // POST of a JSON body to `path`; its JSON answer.
  Result<boost::json::value> post_json(const std::string& path, const std::string& body);

 private:
  Result<std::string> call(boost::beast::http::verb method, const std::string& path,
                           const std::string& body);
  Result<boost::json::value> post_or_get(boost::beast::http::verb method, const std::string& path,
                                         const std::string& body);

  http::HttpsClient client_;
};

// The value of an unlabelled sample in Prometheus text ("tally_ops_ingested_total"), or 0.
double metric_value(const std::string& metrics_text, const std::string& name);

}  // namespace tally::demo
