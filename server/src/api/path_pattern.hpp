// The one matcher of the HTTP API's route table (http_routes.cpp): a request path against a
// path pattern whose `{name}` segments match any one non-empty segment.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::server {

// The segments a pattern's `{name}` placeholders matched, by name.
class PathParams {
 public:
  void add(std::string_view name, std::string_view value) { params_.emplace_back(name, value); }
  // The segment `name` matched; empty when the pattern has no such placeholder.
  [[nodiscard]] std::string_view operator[](std::string_view name) const;

 private:
  std::vector<std::pair<std::string_view, std::string_view>> params_;
};

// The placeholders' segments when `path` ("/api/v1/devices/d-1/revoke", no query) matches
// `pattern` ("/api/v1/devices/{device}/revoke") segment for segment; nullopt when not. The
// views point into `pattern` and `path`.
std::optional<PathParams> match_path(std::string_view pattern, std::string_view path);

}  // namespace tally::server
