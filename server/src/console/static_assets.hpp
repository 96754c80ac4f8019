// Serving the console's compiled-in assets: the page at "/", its modules and style sheet
// under "/console/", with the security headers every console answer carries
// (docs/console.md), a Content-Type per extension, and ETag / If-None-Match revalidation.
#pragma once

#include <string_view>

#include "api/http_response.hpp"

namespace tally::server {

// The Content-Security-Policy of the console: same-origin scripts, styles and connections
// only, no inline script or style, no framing; images from tallyd or from blob: URLs the
// page made itself (the enrolment codes' QR images, from the API's SVG).
inline constexpr std::string_view kConsoleCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Sets the console's security headers (CSP, nosniff, no referrer, no framing) on `response`.
void set_security_headers(HttpResponse& response);

// The asset at URL `path` ("/index.html"): 200 with its bytes, 304 when the request's
// If-None-Match names its ETag, 404 (E-code kNotFound) when there is none.
HttpResponse asset_response(const HttpRequest& request, std::string_view path);

// The MIME type tallyd sends for a file named `path`, by its extension.
const char* content_type_of(std::string_view path);

}  // namespace tally::server
