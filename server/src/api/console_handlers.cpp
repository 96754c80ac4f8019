// The console's routes of HttpApi (http_routes.cpp): its page and its assets, compiled
// into tallyd (console/static_assets.hpp), and the election definition its pages name
// levels, units, candidates and stations by.
#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "console/static_assets.hpp"
#include "core/core.hpp"

namespace tally::server {

void HttpApi::console_page(Call& call) { call.done(asset_response(call.request, "/index.html")); }

void HttpApi::console_asset(Call& call) {
  call.done(asset_response(call.request, "/console/" + std::string(call.params["asset"])));
}

// The definition is public (the candidate lists are published before the election) and
// is the one devices get in their Welcome.
void HttpApi::election_definition(Call& call) {
  call.done(make_response(call.request, boost::beast::http::status::ok,
                          core_.reference().election_json(), "application/json"));
}

}  // namespace tally::server
