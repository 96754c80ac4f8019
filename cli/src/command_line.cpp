#include "tally/cli/command_line.hpp"

#include <iostream>

#include "tally/cli/exit_codes.hpp"
#include "tally/cli/report.hpp"

namespace tally::cli {

namespace po = boost::program_options;

std::string CommandUsage::who() const { return command.empty() ? tool : tool + " " + command; }

std::optional<int> parse_command_line(const CommandUsage& usage,
                                      const po::options_description& options,
                                      const std::vector<std::string>& args,
                                      po::variables_map& values,
                                      const po::positional_options_description& positional) {
  po::options_description all(options.options().empty() ? "" : "options");
  all.add_options()("help,h", "print this help")("version", "print the version and git commit");
  for (const auto& option : options.options()) all.add(option);
  const std::string usage_line = "usage: " + usage.who() + " " + usage.synopsis + "\n";
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    if (values.count("help") != 0) {
      std::cout << usage_line << usage.summary << "\n\n" << all;
      return kExitOk;
    }
    if (values.count("version") != 0) {
      std::cout << version_line(usage.tool) << "\n";
      return kExitOk;
    }
    po::notify(values);
  } catch (const po::error& error) {
    report(usage.who(), make_error(ErrorCode::kInvalidArgument, error.what()));
    std::cerr << usage_line << "(see " << usage.who() << " --help)\n";
    return kExitUsage;
  }
  return std::nullopt;
}

std::vector<std::string> arguments_of(int argc, char** argv) {
  return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>{};
}

}  // namespace tally::cli
