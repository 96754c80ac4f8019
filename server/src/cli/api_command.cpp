#include "cli/api_command.hpp"

#include <boost/json.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "store/data_dir.hpp"

namespace tally::server {

namespace po = boost::program_options;
namespace json = boost::json;

void add_api_options(po::options_description& options) {
  add_text_option(options, "data",
                  "data directory of the server (its token, certificate and URL are read from it)",
                  true);
  add_text_option(options, "url", "server URL (default: DATA/tallyd.url)");
  add_text_option(options, "token-file",
                  "file holding the API token (default: DATA/operator.token; a supervisor may "
                  "use DATA/supervisor.token for conflicts and adjudicate)");
}

std::variant<ApiAnswer, int> call_api(const std::string& command, const po::variables_map& values,
                                      boost::beast::http::verb method, const std::string& path,
                                      const std::string& body, bool json_answer) {
  const DataDir dir{text_option(values, "data")};
  tally::http::ApiTarget target;
  target.ca_file = dir.tls_cert();
  const std::string token_file = text_option(values, "token-file");
  auto token = read_token(token_file.empty() ? dir.operator_token() : token_file);
  if (!token) return report(command, token.error());
  target.token = *token;
  target.url = text_option(values, "url");
  if (target.url.empty()) {
    auto stored = read_token(dir.url_file());
    if (!stored) return report(command, stored.error());
    target.url = *stored;
  }
  auto response = tally::http::api_call(target, method, path, body);
  if (!response) return report(command, response.error());
  ApiAnswer answer{std::move(response).value(), {}};
  json::error_code parse_error;
  if (json_answer || answer.response.status >= 300) {
    answer.document = json::parse(answer.response.body, parse_error);
  }
  if (answer.response.status < 300 && !parse_error) return answer;
  return report(command, tally::http::error_of(answer.response));
}

}  // namespace tally::server
