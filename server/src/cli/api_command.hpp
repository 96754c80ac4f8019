// What every `tallyd` subcommand that calls the running server's API shares: the options
// --data, --url and --token-file, finding the server and the token, the call itself and
// the report of a failed call (docs/operations.md lists the commands).
#pragma once

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <boost/program_options.hpp>
#include <string>
#include <variant>

#include "tally/http/https_client.hpp"

namespace tally::server {

// Adds --data (required), --url and --token-file to `options`.
void add_api_options(boost::program_options::options_description& options);

// A successful answer: the response and, unless it was asked for as text, its JSON.
struct ApiAnswer {
  tally::http::ApiResponse response;
  boost::json::value document;
};

// Calls `path` of the server named by the API options in `values`. On failure prints
// "tallyd COMMAND: E<code> message" and returns the exit code instead: kExitTryAgain
// when the server cannot be reached or is too busy (503), kExitFailure for a refusal
// (a token refused: E700/E702) or any other error answer.
std::variant<ApiAnswer, int> call_api(const std::string& command,
                                      const boost::program_options::variables_map& values,
                                      boost::beast::http::verb method, const std::string& path,
                                      const std::string& body = {}, bool json_answer = true);

}  // namespace tally::server
