// `tallyd revoke` and `tallyd adjudicate`: the operator's (or a supervisor's) writes
// through the running server's API.
#include <boost/json.hpp>
#include <iostream>

#include "cli/api_command.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace tally::server {

namespace po = boost::program_options;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

// A whole number is sent as a count, anything else as a text.
json::value value_json(const std::string& text) {
  if (!text.empty() && text.size() < 20 &&
      text.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoull(text);
  }
  return json::string(text);
}

}  // namespace

int run_revoke(const Args& args) {
  bool as_json = false;
  po::options_description options("revoke options");
  add_api_options(options);
  options.add_options()("json", po::bool_switch(&as_json), "print the revoked device as JSON");
  add_text_option(options, "device", "the device id to revoke (or give it as the operand)", true);
  po::positional_options_description operand;
  operand.add("device", 1);
  po::variables_map values;
  if (auto exit = parse_args("revoke",
                             "Revokes an enrolled device: its open sessions are closed, its next\n"
                             "Hello is refused (E705); the ops it sent stay in the log.\n"
                             "The device id may be the operand: tallyd revoke --data D DEVICE_ID",
                             options, args, values, operand)) {
    return *exit;
  }
  const std::string device = text_option(values, "device");
  auto answer =
      call_api("revoke", values, http::verb::post, "/api/v1/devices/" + device + "/revoke");
  if (const int* exit = std::get_if<int>(&answer)) return *exit;
  const auto& [response, revoked] = std::get<ApiAnswer>(answer);
  if (as_json) {
    std::cout << response.body;
    return kExitOk;
  }
  std::cout << "revoked " << json::value_to<std::string>(revoked.at("id")) << " ("
            << json::value_to<std::string>(revoked.at("role"));
  const auto station = json::value_to<std::string>(revoked.at("station"));
  std::cout << (station.empty() ? "" : ", station " + station) << ")\n";
  return kExitOk;
}

int run_adjudicate(const Args& args) {
  bool accept = false;
  bool as_json = false;
  po::options_description options("adjudicate options");
  add_api_options(options);
  options.add_options()("json", po::bool_switch(&as_json), "print the server's answer as JSON");
  add_text_option(options, "form", "the form, STATION/UNIT (e.g. TN-0001/NA-01)", true);
  add_text_option(options, "field", "the field to decide (e.g. valid, votes.NA-01-C1)");
  add_text_option(options, "value", "its value: a whole number is a count, anything else a text");
  options.add_options()("accept", po::bool_switch(&accept),
                        "accept the flagged form as it stands (instead of --field/--value)");
  po::variables_map values;
  if (auto exit = parse_args("adjudicate",
                             "Decides a conflicting field (--field F --value V), or accepts a\n"
                             "flagged form (--accept), as an op of the server's console device\n"
                             "whose context covers every value entered so far.",
                             options, args, values)) {
    return *exit;
  }
  const bool has_field = values.count("field") != 0;
  const bool has_value = values.count("value") != 0;
  if (accept ? (has_field || has_value) : !(has_field && has_value)) {
    return usage_error("adjudicate", "give --field and --value, or --accept");
  }
  json::object request{{"form", text_option(values, "form")}};
  if (accept) {
    request["accept"] = true;
  } else {
    request["field"] = text_option(values, "field");
    request["value"] = value_json(text_option(values, "value"));
  }
  auto answer = call_api("adjudicate", values, http::verb::post, "/api/v1/adjudications",
                         json::serialize(request));
  if (const int* exit = std::get_if<int>(&answer)) return *exit;
  const auto& [response, document] = std::get<ApiAnswer>(answer);
  if (as_json) {
    std::cout << response.body;
    return kExitOk;
  }
  const auto& done = document.as_object();
  std::cout << json::value_to<std::string>(done.at("form")) << ": "
            << json::value_to<std::string>(done.at("kind"));
  if (const auto* field = done.if_contains("field")) {
    std::cout << " " << json::value_to<std::string>(*field);
  }
  std::cout << " as " << json::value_to<std::string>(done.at("device")) << ":"
            << done.at("counter").to_number<std::uint64_t>();
  if (const auto* status = done.if_contains("status")) {
    std::cout << "; the form is now " << json::value_to<std::string>(*status);
    for (const auto& reason : done.at("reasons").as_array()) {
      std::cout << " (" << json::value_to<std::string>(reason.at("kind")) << " "
                << json::value_to<std::string>(reason.at("detail")) << ")";
    }
  }
  std::cout << "\n";
  return kExitOk;
}

}  // namespace tally::server
