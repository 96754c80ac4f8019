// Shared by the API's write handlers: the answer that comes after a commit, and reading a
// write request's JSON body.
#pragma once

#include <boost/json.hpp>
#include <functional>

#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "tally/error.hpp"

namespace tally::server {

// The answer to a request that comes after a commit, on the writer's thread: keeps only
// the request's version and keep-alive, not its body.
class LaterReply {
 public:
  LaterReply(const HttpApi::Request& request, std::function<void(HttpApi::Response)> done)
      : done_(std::move(done)) {
    shape_.version(request.version());
    shape_.keep_alive(request.keep_alive());
  }
  void json(boost::beast::http::status status, const boost::json::value& body) const {
    done_(json_response(shape_, status, body));
  }
  void error(const Error& error) const {
    done_(error_response(shape_, status_of(error), error.code, error.message));
  }

 private:
  HttpApi::Request shape_;
  std::function<void(HttpApi::Response)> done_;
};

// The JSON body of a write request, or why not (kInvalidArgument).
Result<boost::json::object> request_object(const HttpApi::Request& request);

}  // namespace tally::server
