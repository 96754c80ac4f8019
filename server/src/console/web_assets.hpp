// The console's page assets (server/web/), compiled into tallyd at build time by
// cmake/EmbedWebAssets.cmake, which generates web_assets().
#pragma once

#include <span>
#include <string_view>

namespace tally::server {

// One file of server/web/ as tallyd serves it.
struct WebAsset {
  std::string_view path;  // its URL path: "/index.html", "/console/app.js"
  std::span<const unsigned char> bytes;
  std::string_view etag;  // strong, quoted: "\"3f1c…\"" (its SHA-256's first half)
};

// Every asset, sorted by path.
std::span<const WebAsset> web_assets();

}  // namespace tally::server
