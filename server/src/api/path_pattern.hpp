// The one matcher of the HTTP API's route table (http_routes.cpp): a request path against a
// path pattern whose `{name}` segments match any one non-empty segment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::server {

// The segments a pattern's `{name}` placeholders matched, by name, percent-decoded (a form
// id "TN-0001/NA-01" or a person's author id holds a slash: it comes as %2F in its one
// segment). A segment that is not valid percent-encoding is kept as it came.
class PathParams {
 public:
  void add(std::string_view name, std::string_view segment);
  // The decoded segment `name` matched; empty when the pattern has no such placeholder.
  [[nodiscard]] std::string_view operator[](std::string_view name) const;

 private:
  std::vector<std::pair<std::string_view, std::string>> params_;
};

// The placeholders' segments when `path` ("/api/v1/devices/d-1/revoke", no query) matches
// `pattern` ("/api/v1/devices/{device}/revoke") segment for segment; nullopt when not. The
// names are views into `pattern`.
std::optional<PathParams> match_path(std::string_view pattern, std::string_view path);

}  // namespace tally::server
