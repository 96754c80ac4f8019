// generate-dataset: writes the Thái Nguyên 2021 data set (election definition and ground-truth
// station records) from a seed. Run from the repository root to refresh the committed files;
// docs/dataset.md describes what it builds.
//
// Exit codes: 0 written, 1 usage error, 2 the generator's self-check failed, 3 a file could
// not be written. Errors go to stderr as "E<code> message".
#include <boost/program_options.hpp>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "tally/dataset/generator.hpp"
#include "tool_options.hpp"

namespace {

namespace po = boost::program_options;
using tally::ErrorCode;

constexpr int kExitSelfCheck = 2;
constexpr int kExitWrite = 3;

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "E" << static_cast<unsigned>(ErrorCode::kIoError) << " cannot write " << path
              << "\n";
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
  po::options_description options(
      "Usage: generate-dataset [options]\n"
      "Writes the Thai Nguyen 2021 election definition and its ground-truth station records.\n"
      "The same seed always gives the same bytes. Exit codes: 0 written, 1 usage error,\n"
      "2 self-check failed, 3 write error.\n\nOptions");
  options.add_options()("help,h", "print this help")("seed", po::value(&seed)->default_value(seed),
                                                     "random seed")(
      "out-definition",
      po::value(&definition_path)->default_value("schemas/elections/thai-nguyen-2021.json"),
      "where to write the election definition")(
      "out-records",
      po::value(&records_path)->default_value("schemas/elections/thai-nguyen-2021.records.json"),
      "where to write the ground-truth station records");
  po::variables_map arguments;
  if (auto exit = tally::tools::parse_command_line(argc, argv, options, arguments)) return *exit;

  auto generated = tally::engine::generate_thai_nguyen_2021(seed);
  if (!generated.ok()) {
    std::cerr << generated.error().to_string() << "\n";
    return kExitSelfCheck;
  }
  if (!write_file(definition_path, generated->definition_json) ||
      !write_file(records_path, generated->records_json)) {
    return kExitWrite;
  }
  print_figures(*generated, seed);
  std::printf("wrote %s and %s\n", definition_path.c_str(), records_path.c_str());
  return 0;
}
