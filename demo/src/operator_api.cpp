#include "operator_api.hpp"

#include <chrono>
#include <sstream>

namespace tally::demo {

namespace json = boost::json;
using boost::beast::http::verb;

namespace {

// The night's tally and records are the whole province's, asked for while devices upload.
constexpr auto kTimeout = std::chrono::seconds(30);
constexpr std::size_t kMaxResponseBytes = 256 * 1024 * 1024;

http::ApiTarget night_target(http::ApiTarget target) {
  target.user_agent = "tally-night";
  target.timeout = kTimeout;
  target.max_response_bytes = kMaxResponseBytes;
  return target;
}

}  // namespace

OperatorApi::OperatorApi(http::ApiTarget target) : client_(night_target(std::move(target))) {}

Result<std::string> OperatorApi::call(verb method, const std::string& path,
                                      const std::string& body) {
  auto response = client_.call(method, path, body);
  if (!response) return std::move(response).error();
  if (response->status >= 300) {
    return make_error(ErrorCode::kProtocolError, path + " answered HTTP " +
                                                     std::to_string(response->status) + ": " +
                                                     response->body.substr(0, 300));
  }
  return std::move(response->body);
}

Result<std::string> OperatorApi::create_enrolment_code(const std::string& role,
                                                       const std::string& station) {
  json::object request{{"role", role}};
  if (!station.empty()) request["station"] = station;
  auto body = call(verb::post, "/api/v1/enrolment-codes", json::serialize(request));
  if (!body) return std::move(body).error();
  json::error_code error;
  const json::value document = json::parse(*body, error);
  const json::string* code = nullptr;
  if (!error && document.is_object()) {
    if (const auto* value = document.as_object().if_contains("code")) code = value->if_string();
  }
  if (code == nullptr) {
    return make_error(ErrorCode::kProtocolError,
                      "the enrolment-codes answer has no \"code\": " + body->substr(0, 200));
  }
  return std::string(*code);
}

Result<json::value> OperatorApi::get_json(const std::string& path) {
  return post_or_get(verb::get, path, {});
}

Result<json::value> OperatorApi::post_json(const std::string& path, const std::string& body) {
  return post_or_get(verb::post, path, body);
}

Result<json::value> OperatorApi::post_or_get(verb method, const std::string& path,
                                             const std::string& request) {
  auto body = call(method, path, request);
  if (!body) return std::move(body).error();
  json::error_code error;
  json::value document = json::parse(*body, error);
  if (error) {
    return make_error(ErrorCode::kProtocolError, path + " did not answer JSON: " + error.message());
  }
  return document;
}

Result<std::string> OperatorApi::get_text(const std::string& path) {
  return call(verb::get, path, {});
}

double metric_value(const std::string& metrics_text, const std::string& name) {
  std::istringstream lines(metrics_text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ' ') {
      return std::stod(line.substr(name.size() + 1));
    }
  }
  return 0;
}

}  // namespace tally::demo
