// gzip (RFC 1952) of a response body, with Debian's zlib: the shared documents are
// compressed once per rendering (document_cache.hpp), so a phone on election night reads a
// province's tally in a tenth of the bytes and tallyd writes a tenth per reader.
#pragma once

#include <string>
#include <string_view>

namespace tally::server {

// `body` gzipped at zlib's default level; empty if zlib fails (the caller sends `body`).
std::string gzip(std::string_view body);

// Whether an Accept-Encoding header accepts gzip (RFC 9110: "gzip" or "x-gzip" not
// refused with q=0, or "*").
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace tally::server
