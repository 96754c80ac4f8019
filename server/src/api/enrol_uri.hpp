// What an officer's phone scans from the Devices page: the enrolment URI
// `tallysync://enrol?server=<devices' URL, percent-encoded>&code=<code>`, and the devices'
// URL it names, from `tallyd serve --public-url` or else from the request's Host header
// (docs/operations.md, "Enrol devices").
#pragma once

#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::server {

// The URL devices sync with, from a public URL given to `tallyd serve --public-url`
// ("wss://tally.example.vn:8443"): a ws or wss URL without a query, with "/sync" appended
// to its path unless the path already ends in it ("wss://tally.example.vn:8443/sync").
// kInvalidArgument (naming the text) for anything else.
Result<std::string> devices_url_of_public_url(std::string_view public_url);

// The URL devices sync with when no public URL was given: "wss://" (or "ws://" when tallyd
// serves plain) + the request's Host header + "/sync". kInvalidArgument when the header is
// missing or is not a host with an optional port.
Result<std::string> devices_url_of_host(std::string_view host, bool tls);

// tallysync://enrol?server=...&code=...: every byte of `devices_url` and `code` other than
// A-Z a-z 0-9 - . _ ~ percent-encoded.
std::string enrol_uri(std::string_view devices_url, std::string_view code);

}  // namespace tally::server
