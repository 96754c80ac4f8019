// `tallyd enrol | devices | conflicts | tally | progress`: calls the running server's API
// with the operator token and prints the answer (a table, or JSON with --json; the tally
// also as CSV with --csv).
#include <boost/json.hpp>
#include <iomanip>
#include <iostream>

#include "cli/api_command.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"

namespace tally::server {

namespace po = boost::program_options;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

struct Command {
  const char* name;
  const char* summary;
  const char* path;
};

constexpr Command kCommands[] = {
    {"enrol", "Creates a one-time enrolment code for a device and prints it.",
     "/api/v1/enrolment-codes"},
    {"devices", "Lists the enrolled devices.", "/api/v1/devices"},
    {"conflicts", "Lists the forms with conflicting values or flags.", "/api/v1/conflicts"},
    {"tally", "Prints the tally of the accepted records (a table, or tally-result/1 JSON).",
     "/api/v1/tally"},
    {"progress", "Prints how many stations and forms have reported.", "/api/v1/progress"},
};

void print_devices(const json::value& body) {
  std::cout << std::left << std::setw(22) << "device" << std::setw(12) << "role" << std::setw(12)
            << "station"
            << "label\n";
  for (const auto& device : body.at("devices").as_array()) {
    std::cout << std::setw(22) << json::value_to<std::string>(device.at("id")) << std::setw(12)
              << json::value_to<std::string>(device.at("role")) << std::setw(12)
              << json::value_to<std::string>(device.at("station"))
              << json::value_to<std::string>(device.at("label"))
              << (device.at("revoked").as_bool() ? " (revoked)" : "") << "\n";
  }
}

void print_conflicts(const json::value& body) {
  const auto& forms = body.at("conflicts").as_array();
  if (forms.empty()) std::cout << "no conflicts\n";
  for (const auto& form : forms) {
    std::cout << json::value_to<std::string>(form.at("form")) << "  "
              << json::value_to<std::string>(form.at("status")) << "\n";
    for (const auto& reason : form.at("reasons").as_array()) {
      std::cout << "  reason: " << json::value_to<std::string>(reason.at("kind")) << " "
                << json::value_to<std::string>(reason.at("detail")) << "\n";
    }
    for (const auto& field : form.at("fields").as_array()) {
      std::cout << "  " << json::value_to<std::string>(field.at("path")) << ":";
      for (const auto& sibling : field.at("siblings").as_array()) {
        std::cout << "  " << json::serialize(sibling.at("value")) << " (by "
                  << json::value_to<std::string>(sibling.at("device")) << ")";
      }
      std::cout << "\n";
    }
  }
}

void print_progress(const json::value& body) {
  std::cout << "stations reported: " << body.at("stations_reported").as_int64() << " / "
            << body.at("stations_expected").as_int64() << "\n"
            << "forms accepted: " << body.at("forms_accepted").as_int64() << " / "
            << body.at("forms_expected").as_int64()
            << ", flagged: " << body.at("forms_flagged").as_int64()
            << ", in conflict: " << body.at("forms_in_conflict").as_int64() << "\n";
  for (const auto& level : body.at("levels").as_array()) {
    std::cout << "  " << std::left << std::setw(6) << json::value_to<std::string>(level.at("level"))
              << " accepted " << level.at("forms_accepted").as_int64() << " / "
              << level.at("forms_expected").as_int64() << ", flagged "
              << level.at("forms_flagged").as_int64() << "\n";
  }
}

}  // namespace

int run_api_command(const std::string& name, const Args& args) {
  const Command* command = nullptr;
  for (const auto& candidate : kCommands) {
    if (name == candidate.name) command = &candidate;
  }
  std::int64_t ttl_seconds = 0;
  bool as_json = false;
  bool as_csv = false;
  po::options_description options(name + " options");
  add_api_options(options);
  if (name == "enrol") {
    add_text_option(options, "station", "the officer's station id");
    add_text_option(options, "role", "officer, supervisor, auditor or operator", false, "officer");
    options.add_options()("ttl-seconds", po::value(&ttl_seconds),
                          "how long the code stays valid (default 7 days)");
  }
  options.add_options()("json", po::bool_switch(&as_json), "print the JSON document");
  if (name == "tally") {
    options.add_options()("csv", po::bool_switch(&as_csv),
                          "print the tally as CSV (one row per candidate of every unit)");
  }
  po::variables_map values;
  if (auto exit = parse_args(name, command->summary, options, args, values)) return *exit;

  std::string body;
  if (name == "enrol") {
    const std::string station = text_option(values, "station");
    json::object request{{"role", text_option(values, "role")}};
    if (!station.empty()) request["station"] = station;
    if (ttl_seconds > 0) request["ttl_seconds"] = ttl_seconds;
    body = json::serialize(request);
  }
  if (as_json && as_csv) return usage_error(name, "give --json or --csv, not both");
  // The tally is printed as the server writes it: its text table, CSV or JSON.
  const bool tally_text = name == "tally" && !as_json;
  const char* format = !tally_text ? "" : as_csv ? "?format=csv" : "?format=text";
  auto answer = call_api(name, values, name == "enrol" ? http::verb::post : http::verb::get,
                         std::string(command->path) + format, body, !tally_text);
  if (const int* exit = std::get_if<int>(&answer)) return *exit;
  const auto& [response, document] = std::get<ApiAnswer>(answer);
  if (as_json || tally_text) {
    std::cout << response.body;
  } else if (name == "enrol") {
    std::cout << json::value_to<std::string>(document.at("code")) << "\n";
  } else if (name == "devices") {
    print_devices(document);
  } else if (name == "conflicts") {
    print_conflicts(document);
  } else {
    print_progress(document);
  }
  return kExitOk;
}

}  // namespace tally::server
