// `tallyd round show` and `tallyd round open`: the second round (supplementary elections
// and re-votes, Art. 79 and 80) through the running server's API.
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

std::string joined(const json::value& ids) {
  std::string text;
  for (const auto& id : ids.as_array()) {
    text += (text.empty() ? "" : ", ") + json::value_to<std::string>(id);
  }
  return text;
}

// The round's units, one line each, and what keeps it from opening.
void print_round(const json::object& round) {
  const bool open = round.at("open").as_bool();
  const auto& units = round.at("units").as_array();
  if (open) {
    std::cout << "round 2 is open (log index " << round.at("log_index").to_number<std::uint64_t>()
              << (round.at("forced").as_bool() ? ", forced" : "") << "): " << units.size()
              << " units vote again\n";
  } else {
    std::cout << "round 2 is not open: " << units.size() << " units need it";
    const std::string blocking = json::value_to<std::string>(round.at("blocking"));
    std::cout << (round.at("ready").as_bool() ? "; ready to open\n"
                                              : "; not ready: " + blocking + "\n");
  }
  for (const auto& item : units) {
    const auto& unit = item.as_object();
    std::cout << "  " << json::value_to<std::string>(unit.at("unit")) << "  "
              << json::value_to<std::string>(unit.at("kind")) << " of "
              << json::value_to<std::string>(unit.at("of")) << ", "
              << unit.at("seats").to_number<int>() << " seat(s): " << joined(unit.at("candidates"))
              << "\n";
  }
  if (const auto* without = round.if_contains("without_candidates");
      without != nullptr && !without->as_array().empty()) {
    std::cout << "  no candidate left to stand (for the election committee): " << joined(*without)
              << "\n";
  }
}

int print_answer(const std::variant<ApiAnswer, int>& answer, bool as_json) {
  if (const int* exit = std::get_if<int>(&answer)) return *exit;
  const auto& [response, document] = std::get<ApiAnswer>(answer);
  if (as_json) {
    std::cout << response.body;
  } else {
    print_round(document.as_object());
  }
  return kExitOk;
}

}  // namespace

int run_round(const Args& args) {
  bool as_json = false;
  bool force = false;
  po::options_description options("round options");
  add_api_options(options);
  options.add_options()("json", po::bool_switch(&as_json), "print the server's answer as JSON");
  options.add_options()("force", po::bool_switch(&force),
                        "open: although units of the round have unreported stations or open "
                        "conflicts (the log records it)");
  add_text_option(options, "action", "show or open", false, "show");
  po::positional_options_description operand;
  operand.add("action", 1);
  po::variables_map values;
  if (auto exit = parse_args(
          "round",
          "The second round: supplementary elections (Art. 79) and re-votes (Art. 80).\n"
          "  tallyd round show --data D   what the tally calls for, or the round opened\n"
          "  tallyd round open --data D   open it: its forms reach the devices of its\n"
          "                               stations on their next connection\n"
          "Opening is refused (E108) while its units have unreported stations or open\n"
          "conflicts, unless --force; there is no third round (E107).",
          options, args, values, operand)) {
    return *exit;
  }
  const std::string action = text_option(values, "action");
  if (action == "show") {
    if (force) return usage_error("round", "--force is for open");
    return print_answer(call_api("round", values, http::verb::get, "/api/v1/rounds"), as_json);
  }
  if (action == "open") {
    const json::object request{{"force", force}};
    return print_answer(
        call_api("round", values, http::verb::post, "/api/v1/rounds", json::serialize(request)),
        as_json);
  }
  return usage_error("round", "unknown action '" + action + "': show or open");
}

}  // namespace tally::server
