#include "api/response_format.hpp"

#include <boost/url/parse.hpp>
#include <string>

#include "api/http_response.hpp"

namespace tally::server {

namespace {

struct FormatName {
  ResponseFormat format;
  std::string_view name;
};

constexpr FormatName kFormats[] = {
    {ResponseFormat::kJson, "json"},
    {ResponseFormat::kCsv, "csv"},
    {ResponseFormat::kText, "text"},
};

std::string_view name_of(ResponseFormat format) {
  for (const auto& [known, name] : kFormats) {
    if (known == format) return name;
  }
  return "json";
}

}  // namespace

Result<ResponseFormat> requested_format(std::string_view target,
                                        std::initializer_list<ResponseFormat> offered) {
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) return make_error(ErrorCode::kInvalidArgument, "malformed request target");
  const auto params = url->params();
  const auto given = params.find("format");
  if (given == params.end()) return ResponseFormat::kJson;
  const std::string asked = (*given).value;
  std::string names;
  for (const ResponseFormat format : offered) {
    if (name_of(format) == asked) return format;
    names += (names.empty() ? "" : ", ") + std::string(name_of(format));
  }
  return make_error(ErrorCode::kInvalidArgument, "unknown format '" + quoted_target(asked) +
                                                     "': this endpoint answers " + names);
}

const char* content_type(ResponseFormat format) {
  switch (format) {
    case ResponseFormat::kCsv:
      return "text/csv; charset=utf-8";
    case ResponseFormat::kText:
      return "text/plain; charset=utf-8";
    case ResponseFormat::kJson:
      return "application/json";
  }
  return "application/json";
}

}  // namespace tally::server
