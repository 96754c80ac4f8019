// The one URL parser of the tree (Boost.URL underneath): tallyd's CLI, the demo and the client
// library parse the server URLs they are given (`--url`, DATA/tallyd.url, enrolment) with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::http {

// An absolute http, https, ws or wss URL, split the way a client connects with it.
struct Url {
  std::string scheme;        // lower case: "http", "https", "ws" or "wss"
  std::string host;          // a name or an address; an IPv6 address without its brackets
  std::uint16_t port = 0;    // the URL's port, or the scheme's default (80 or 443)
  std::string target = "/";  // path and query as written; "/" when the URL has no path

  // True for https and wss.
  [[nodiscard]] bool secure() const { return scheme == "https" || scheme == "wss"; }
  // "host:port", an IPv6 address in brackets: what an error message or another URL names.
  [[nodiscard]] std::string authority() const;
};

// Parses `text`. A URL that is not absolute, has another scheme, no host, a port of 0 or
// above 65535, or user information gets kInvalidArgument with a message that quotes it. A
// fragment is dropped (it never goes to a server).
Result<Url> parse_url(std::string_view text);

}  // namespace tally::http
