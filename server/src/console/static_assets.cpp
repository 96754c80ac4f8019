#include "console/static_assets.hpp"

#include <algorithm>
#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <vector>

#include "console/web_assets.hpp"

namespace tally::server {

namespace http = boost::beast::http;

namespace {

const WebAsset* find_asset(std::string_view path) {
  const auto assets = web_assets();
  const auto found = std::ranges::lower_bound(assets, path, {}, &WebAsset::path);
  return found != assets.end() && found->path == path ? &*found : nullptr;
}

// Whether an If-None-Match value ("*", or a list of ETags, weak or strong) names `etag`:
// a weak comparison, as RFC 9110 section 13.1.2 asks for GET.
bool names_etag(std::string_view if_none_match, std::string_view etag) {
  std::vector<std::string_view> tags;
  boost::algorithm::split(tags, if_none_match, [](char c) { return c == ','; });
  return std::any_of(tags.begin(), tags.end(), [&](std::string_view tag) {
    tag = boost::algorithm::trim_copy(tag);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag == "*" || tag == etag;
  });
}

}  // namespace

void set_security_headers(HttpResponse& response) {
  response.set("Content-Security-Policy", kConsoleCsp);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set(http::field::x_frame_options, "DENY");
}

HttpResponse asset_response(const HttpRequest& request, std::string_view path) {
  const WebAsset* asset = find_asset(path);
  if (asset == nullptr) {
    auto response = error_response(request, http::status::not_found, ErrorCode::kNotFound,
                                   "no such page: " + quoted_target(path));
    set_security_headers(response);
    return response;
  }
  const bool unchanged = names_etag(request[http::field::if_none_match], asset->etag);
  auto response = make_response(
      request, unchanged ? http::status::not_modified : http::status::ok,
      unchanged ? std::string{} : std::string(asset->bytes.begin(), asset->bytes.end()),
      content_type_of(path));
  // Kept, but asked again each time: the ETag makes the question cheap.
  response.set(http::field::cache_control, "no-cache");
  response.set(http::field::etag, asset->etag);
  set_security_headers(response);
  return response;
}

const char* content_type_of(std::string_view path) {
  struct Type {
    std::string_view extension;
    const char* mime;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json"},
  };
  for (const Type& type : kTypes) {
    if (path.ends_with(type.extension)) return type.mime;
  }
  return "application/octet-stream";
}

}  // namespace tally::server
