#include "cli/options.hpp"

#include "tally/cli/command_line.hpp"
#include "tally/cli/report.hpp"

namespace tally::server {

namespace po = boost::program_options;

std::optional<int> parse_args(const std::string& command, const std::string& summary,
                              const po::options_description& options, const Args& args,
                              po::variables_map& values,
                              const po::positional_options_description& positional) {
  return cli::parse_command_line({"tallyd", command, "[options]", summary}, options, args, values,
                                 positional);
}

void add_text_option(po::options_description& options, const char* name, const char* help,
                     bool required, const char* default_value) {
  auto* value = po::value<std::string>();
  if (required) value->required();
  if (default_value != nullptr) value->default_value(default_value);
  options.add_options()(name, value, help);
}

std::string text_option(const po::variables_map& values, const char* name) {
  return values.count(name) != 0 ? values[name].as<std::string>() : std::string{};
}

void validate(boost::any& value, const std::vector<std::string>& tokens, SyncMode* /*type*/,
              int /*unused*/) {
  const std::string& token = po::validators::get_single_string(tokens);
  if (token == "full") {
    value = SyncMode::kFull;
  } else if (token == "normal") {
    value = SyncMode::kNormal;
  } else {
    throw po::invalid_option_value(token);
  }
}

void validate(boost::any& value, const std::vector<std::string>& tokens, LogLevel* /*type*/,
              int /*unused*/) {
  const std::string& token = po::validators::get_single_string(tokens);
  const auto level = log_level_named(token);
  if (!level) throw po::invalid_option_value(token);
  value = *level;
}

int report(const std::string& command, const Error& error) {
  return cli::report("tallyd " + command, error);
}

int report(const std::string& command, const Error& error, int exit_code) {
  return cli::report("tallyd " + command, error, exit_code);
}

int usage_error(const std::string& command, const std::string& message) {
  return cli::usage_error("tallyd " + command, message);
}

}  // namespace tally::server
