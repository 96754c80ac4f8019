// tally-night: replays an election night against the real tallyd (docs/demo.md).
//   tally-night [options]                 the orchestrator (see --help)
//   tally-night officers --plan FILE ...  a worker process running officers' devices
//   tally-night supervisors --plan FILE   the worker process running supervisors' devices
// The worker subcommands are started by the orchestrator itself (fork + exec of this
// same binary); they are not meant to be run by hand.
#include <boost/program_options.hpp>
#include <cstring>

#include "night_run.hpp"
#include "officer_worker.hpp"
#include "options.hpp"
#include "supervisor_worker.hpp"
#include "tally/cli/command_line.hpp"

namespace {

namespace po = boost::program_options;

int run_worker(const std::string& kind, int argc, char** argv) {
  tally::demo::OfficerWorkerArgs args;
  po::options_description options;
  options.add_options()
      ("plan", po::value(&args.plan_file)->required(), "the worker's plan (JSON)")
      ("enrol", po::bool_switch(&args.enrol_only), "only open the stores and enrol the devices")
      ("start-ms", po::value(&args.night_start_ms), "the night's start (Unix ms)")
      ("restarted", po::bool_switch(&args.restarted), "resume after a kill");
  po::variables_map values;
  if (auto exit = tally::cli::parse_command_line(
          {"tally-night", kind, "--plan FILE [options]",
           "A worker process of the night, started by tally-night itself."},
          options, tally::cli::arguments_of(argc, argv), values)) {
    return *exit;
  }
  if (kind == "supervisors") {
    return tally::demo::run_supervisor_worker({args.plan_file, args.enrol_only});
  }
  return tally::demo::run_officer_worker(args);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && (std::strcmp(argv[1], "officers") == 0 ||
                    std::strcmp(argv[1], "supervisors") == 0)) {
    return run_worker(argv[1], argc - 1, argv + 1);
  }
  auto parsed = tally::demo::parse_night_options(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  return tally::demo::run_night(*parsed.options);
}
