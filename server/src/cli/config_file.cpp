#include "cli/config_file.hpp"

#include <sstream>

#include "tally/files/read_file.hpp"

namespace tally::server {

namespace po = boost::program_options;

Status store_config_file(const std::string& path, const po::options_description& options,
                         po::variables_map& values) {
  auto text = read_file(path, kMaxSmallFileBytes);
  if (!text) {
    return make_error(ErrorCode::kInvalidArgument,
                      "config file " + path + ": " + text.error().to_string());
  }
  std::istringstream stream(*text);
  try {
    po::store(po::parse_config_file(stream, options), values);
  } catch (const po::error_with_option_name& error) {
    const std::string key = error.get_option_name();
    return make_error(
        ErrorCode::kInvalidArgument,
        "config file " + path + ": " + (key.empty() ? "" : "key '" + key + "': ") + error.what());
  } catch (const po::error& error) {
    return make_error(ErrorCode::kInvalidArgument,
                      "config file " + path + ": " + std::string(error.what()));
  }
  return {};
}

}  // namespace tally::server
