#include "api/enrol_uri.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "api/http_response.hpp"
#include "tally/http/url.hpp"

namespace tally::server {

namespace {

std::string encoded(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

}  // namespace

Result<std::string> devices_url_of_public_url(std::string_view public_url) {
  const auto refuse = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--public-url '" + std::string(public_url) + "': " + why);
  };
  auto url = tally::http::parse_url(public_url);
  if (!url) return refuse(url.error().message);
  if (url->scheme != "ws" && url->scheme != "wss") {
    return refuse("devices' address must be a wss:// (or ws://) URL");
  }
  if (url->target.find('?') != std::string::npos) return refuse("a query has no place here");
  std::string path = url->target;
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (!path.ends_with("/sync")) path += "/sync";
  // The host and port as written (parse_url checked them): the text before the path.
  const std::string_view rest = public_url.substr(public_url.find("://") + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  return url->scheme + "://" + std::string(authority) + path;
}

Result<std::string> devices_url_of_host(std::string_view host, bool tls) {
  const auto refuse = [&] {
    return make_error(ErrorCode::kInvalidArgument,
                      // Quoted: the header's bytes come from the client, and the JSON
                      // answer must stay valid UTF-8 whatever they are.
                      "the request's Host header ('" + quoted_target(host) +
                          "') names no address devices could reach: give tallyd serve "
                          "--public-url");
  };
  if (host.empty() || host.find_first_of("/?#@ \t\\") != std::string_view::npos) return refuse();
  const std::string url = std::string(tls ? "wss" : "ws") + "://" + std::string(host) + "/sync";
  if (!tally::http::parse_url(url)) return refuse();
  return url;
}

std::string enrol_uri(std::string_view devices_url, std::string_view code) {
  return "tallysync://enrol?server=" + encoded(devices_url) + "&code=" + encoded(code);
}

}  // namespace tally::server
