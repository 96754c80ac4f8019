// The operator's HTTPS API client of tally-night: enrolment codes, progress, conflicts,
// tally and metrics of the running tallyd (docs/operations.md), over one keep-alive TLS
// connection that trusts only the data directory's certificate. Used by the orchestrator
// (codes, progress, tally) and by the supervisors' dashboard (conflicts). One instance per
// thread.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "tally/error.hpp"

namespace tally::demo {

// Where the API is and how to call it.
struct ApiEndpoint {
  std::string url;     // "https://127.0.0.1:PORT" (tallyd.url)
  std::string token;   // operator token (Bearer)
  std::string ca_pem;  // the server's certificate, PEM
};

class OperatorApi {
 public:
  explicit OperatorApi(ApiEndpoint endpoint);
  ~OperatorApi();
  OperatorApi(const OperatorApi&) = delete;
  OperatorApi& operator=(const OperatorApi&) = delete;

  // A one-time enrolment code for a device of `role` ("officer" with its station,
  // "supervisor" with an empty station).
  Result<std::string> create_enrolment_code(const std::string& role, const std::string& station);
  // GET of a JSON endpoint ("/api/v1/progress", "/api/v1/tally", "/api/v1/conflicts").
  Result<boost::json::value> get_json(const std::string& path);
  // GET /metrics: the Prometheus text.
  Result<std::string> get_text(const std::string& path);

 private:
  struct Connection;
  Result<std::string> call(bool post, const std::string& path, const std::string& body);

  ApiEndpoint endpoint_;
  std::unique_ptr<Connection> connection_;
};

// The value of an unlabelled sample in Prometheus text ("tally_ops_ingested_total"), or 0.
double metric_value(const std::string& metrics_text, const std::string& name);

}  // namespace tally::demo
