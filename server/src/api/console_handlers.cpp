// The console's routes of HttpApi (http_routes.cpp): its page and its assets, compiled
// into tallyd (console/static_assets.hpp).
#include "api/http_api.hpp"
#include "console/static_assets.hpp"

namespace tally::server {

void HttpApi::console_page(Call& call) { call.done(asset_response(call.request, "/index.html")); }

void HttpApi::console_asset(Call& call) {
  call.done(asset_response(call.request, "/console/" + std::string(call.params["asset"])));
}

}  // namespace tally::server
