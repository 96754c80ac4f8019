// tally-offline: the tally of an election definition and a records file, from the engine
// alone (no server): a table per level and the units needing a supplementary election or a
// re-vote, or with --json the tally file of docs/formats.md.
//
// Exit codes: 0 printed, 1 usage error, 2 input error (a file cannot be read, the
// definition or the records are refused, or the records belong to another election).
// Errors go to stderr as "E<code> message".
#include <boost/program_options.hpp>
#include <iostream>
#include <string>

#include "tally/engine/definition_loader.hpp"
#include "tally/engine/records_json.hpp"
#include "tally/engine/tally.hpp"
#include "tally/engine/tally_json.hpp"
#include "tally/engine/tally_table.hpp"
#include "tally/files/read_file.hpp"
#include "tool_options.hpp"

namespace {

namespace po = boost::program_options;
using tally::Error;
using tally::ErrorCode;
using tally::ErrorDomain;
using tally::Result;

constexpr int kExitInput = 2;

int input_error(const Error& error) {
  std::cerr << error.to_string() << "\n";
  return kExitInput;
}

}  // namespace

int main(int argc, char** argv) {
  std::string definition_path;
  std::string records_path;
  po::options_description options(
      "Usage: tally-offline --definition FILE --records FILE [--json]\n"
      "Tallies station records against an election definition, by the election law.\n"
      "Exit codes: 0 printed, 1 usage error, 2 input error.\n\nOptions");
  options.add_options()("help,h", "print this help")("definition",
                                                     po::value(&definition_path)->required(),
                                                     "election definition (tally-election/1)")(
      "records", po::value(&records_path)->required(), "station records (tally-records/1)")(
      "json", "print the tally as JSON (tally-result/1) instead of a table");
  po::variables_map arguments;
  if (auto exit = tally::tools::parse_command_line(argc, argv, options, arguments)) return *exit;

  auto definition_text = tally::read_file(definition_path);
  if (!definition_text.ok()) return input_error(definition_text.error());
  auto definition = tally::engine::load_election_definition(*definition_text);
  if (!definition.ok()) return input_error(definition.error());
  auto records_text = tally::read_file(records_path);
  if (!records_text.ok()) return input_error(records_text.error());
  auto records = tally::engine::parse_records_file(*records_text);
  if (!records.ok()) return input_error(records.error());
  if (records->election_id != definition->id()) {
    return input_error(tally::make_error(
        ErrorCode::kRecordsInvalid, "records file: election: \"" + records->election_id +
                                        "\" is not the definition's \"" + definition->id() + "\""));
  }
  auto report = tally::engine::tally_all(*definition, records->records);
  if (!report.ok()) return input_error(report.error());

  if (arguments.count("json") > 0) {
    std::cout << tally::engine::tally_to_json(*definition, *report);
  } else {
    std::cout << tally::engine::tally_to_table(*definition, *report);
  }
  return 0;
}
