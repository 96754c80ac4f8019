#include "tally/http/url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <string>

namespace tally::http {

namespace urls = boost::urls;

namespace {

Error bad_url(std::string_view text, std::string_view why) {
  return make_error(ErrorCode::kInvalidArgument,
                    "bad URL '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

std::string Url::authority() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Url> parse_url(std::string_view text) {
  const auto parsed = urls::parse_uri(urls::string_view(text.data(), text.size()));
  if (!parsed) return bad_url(text, "not an absolute URL (" + parsed.error().message() + ")");
  const urls::url_view& view = *parsed;
  Url url;
  const urls::scheme scheme = view.scheme_id();
  if (scheme != urls::scheme::http && scheme != urls::scheme::https && scheme != urls::scheme::ws &&
      scheme != urls::scheme::wss) {
    return bad_url(text, "the scheme must be http, https, ws or wss");
  }
  url.port = urls::default_port(scheme);
  if (view.has_userinfo()) return bad_url(text, "user information is not taken");
  if (view.host_type() == urls::host_type::ipvfuture || view.encoded_host().empty()) {
    return bad_url(text, "no host");
  }
  // Boost.URL 1.81 reads "host:12ab" as port 12 and path "ab"; an authority's path starts
  // with '/'.
  const auto path = view.encoded_path();
  if (!path.empty() && path.front() != '/') return bad_url(text, "the port is not a number");
  if (view.has_port()) {
    // port_number() keeps the low 16 bits of a larger number (99999 reads as 34463): the
    // digits themselves are checked.
    const std::string_view digits(view.port().data(), view.port().size());
    url.port = view.port_number();
    if (url.port == 0 || digits.size() > 5 || std::stoul(std::string(digits)) > 65535) {
      return bad_url(text, "the port must be a number from 1 to 65535");
    }
  }
  url.scheme = urls::to_string(scheme);  // lower case whatever the URL's case
  url.host = view.host_address();
  if (!path.empty()) url.target = path;
  if (view.has_query()) url.target += "?" + std::string(view.encoded_query());
  return url;
}

}  // namespace tally::http
