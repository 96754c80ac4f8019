// tallyd's HTTP endpoints: health, readiness, Prometheus metrics and the JSON API for
// operators and auditors (docs/operations.md). Transport-independent: the HTTP session
// hands it a parsed request and writes the response it gets back.
#pragma once

#include <boost/beast/http.hpp>
#include <functional>
#include <optional>
#include <string>

#include "tally/engine/sha256.hpp"

namespace tally::server {

class Core;

// Who may call the API: holders of the operator token (everything), of the supervisor
// token (reads and adjudications) or of the auditor token (reads only). Only SHA-256
// digests of the tokens are kept; a data directory without a supervisor token (made
// before it existed) has no supervisor access.
struct ApiTokens {
  engine::Sha256Digest operator_token{};
  engine::Sha256Digest auditor_token{};
  std::optional<engine::Sha256Digest> supervisor_token;
};

class HttpApi {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  HttpApi(Core& core, ApiTokens tokens);

  // Answers `request`; `done` may run later (on another thread) for writes that wait
  // for a commit.
  void handle(const Request& request, std::function<void(Response)> done);

 private:
  enum class Access : unsigned char { kNone, kAuditor, kSupervisor, kOperator };
  [[nodiscard]] Access access_of(const Request& request) const;
  void create_enrolment_code(const Request& request, std::function<void(Response)> done);
  void revoke_device(const Request& request, const std::string& device_id,
                     std::function<void(Response)> done);
  void adjudicate(const Request& request, Access access, std::function<void(Response)> done);

  Core& core_;
  ApiTokens tokens_;
};

}  // namespace tally::server
