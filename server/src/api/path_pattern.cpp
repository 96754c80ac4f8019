#include "api/path_pattern.hpp"

#include <boost/url/pct_string_view.hpp>

namespace tally::server {

namespace {

// The segment `text` starts with (up to the next '/'), and `text` after it and its '/'.
std::string_view next_segment(std::string_view& text, bool& more) {
  const auto slash = text.find('/');
  const std::string_view segment = text.substr(0, slash);
  more = slash != std::string_view::npos;
  text = more ? text.substr(slash + 1) : std::string_view{};
  return segment;
}

}  // namespace

void PathParams::add(std::string_view name, std::string_view segment) {
  const auto encoded = boost::urls::make_pct_string_view(segment);
  params_.emplace_back(name, encoded ? encoded->decode() : std::string(segment));
}

std::string_view PathParams::operator[](std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return {};
}

std::optional<PathParams> match_path(std::string_view pattern, std::string_view path) {
  // Most routes have no placeholder: one comparison (the route table is tried per request).
  if (pattern.find('{') == std::string_view::npos) {
    return pattern == path ? std::optional<PathParams>(std::in_place) : std::nullopt;
  }
  PathParams params;
  bool pattern_more = true;
  bool path_more = true;
  while (pattern_more && path_more) {
    const std::string_view expected = next_segment(pattern, pattern_more);
    const std::string_view segment = next_segment(path, path_more);
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      if (segment.empty()) return std::nullopt;
      params.add(expected.substr(1, expected.size() - 2), segment);
    } else if (expected != segment) {
      return std::nullopt;
    }
  }
  if (pattern_more != path_more) return std::nullopt;
  return params;
}

}  // namespace tally::server
