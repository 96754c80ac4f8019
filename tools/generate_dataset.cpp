// generate-dataset: writes the Thái Nguyên 2021 data set (election definition and ground-truth
// station records) from a seed. Run from the repository root to refresh the committed files;
// docs/dataset.md describes what it builds.
//
// Exit codes (docs/cli.md): 0 written, 1 the generator's self-check failed or a file could
// not be written, 2 usage error. Errors go to stderr as "generate-dataset: E<code> message".
#include <boost/program_options.hpp>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "tally/cli/command_line.hpp"
#include "tally/cli/exit_codes.hpp"
#include "tally/cli/report.hpp"
#include "tally/dataset/generator.hpp"

namespace {

namespace po = boost::program_options;
using tally::ErrorCode;

constexpr const char* kTool = "generate-dataset";

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    tally::cli::report(kTool, tally::make_error(ErrorCode::kIoError, "cannot write " + path));
    return false;
  }
  return true;
}

void print_figures(const tally::engine::GeneratedDataset& generated, std::uint64_t seed) {
  std::printf("seed %llu: %zu stations\n", static_cast<unsigned long long>(seed),
              generated.stations);
  std::printf("%-5s %6s %6s %7s %6s %10s %10s\n", "level", "units", "seats", "filled", "suppl.",
              "registered", "voted");
  for (const auto& level : generated.figures) {
    std::printf("%-5s %6zu %6d %7d %6zu %10lld %10lld\n", level.level_id.c_str(), level.units,
                level.seats, level.seats_filled, level.units_supplementary,
                static_cast<long long>(level.registered), static_cast<long long>(level.voted));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = tally::engine::kDefaultDatasetSeed;
  std::string definition_path;
  std::string records_path;
  const tally::cli::CommandUsage usage{
      kTool, "", "[options]",
      "Writes the Thai Nguyen 2021 election definition and its ground-truth station records.\n"
      "The same seed always gives the same bytes. Exit codes: 0 written, 1 self-check failed\n"
      "or write error, 2 usage error (docs/cli.md)."};
  po::options_description options;
  options.add_options()("seed", po::value(&seed)->default_value(seed), "random seed")(
      "out-definition",
      po::value(&definition_path)->default_value("schemas/elections/thai-nguyen-2021.json"),
      "where to write the election definition")(
      "out-records",
      po::value(&records_path)->default_value("schemas/elections/thai-nguyen-2021.records.json"),
      "where to write the ground-truth station records");
  po::variables_map arguments;
  if (auto exit = tally::cli::parse_command_line(usage, options,
                                                 tally::cli::arguments_of(argc, argv), arguments)) {
    return *exit;
  }

  auto generated = tally::engine::generate_thai_nguyen_2021(seed);
  if (!generated.ok()) return tally::cli::report(kTool, generated.error());
  if (!write_file(definition_path, generated->definition_json) ||
      !write_file(records_path, generated->records_json)) {
    return tally::cli::kExitFailure;
  }
  print_figures(*generated, seed);
  std::printf("wrote %s and %s\n", definition_path.c_str(), records_path.c_str());
  return tally::cli::kExitOk;
}
