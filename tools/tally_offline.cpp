// tally-offline: the tally of an election definition and a records file, from the engine
// alone (no server): a table per level and the units needing a supplementary election or a
// re-vote, or with --json the tally file of docs/formats.md, or with --csv the tally as CSV
// (docs/cli.md). It counts the records the way
// the server does (counted_records.hpp): an export's accepted records only, each passing
// the form schema's checks and the definition's voter list; a records file whose statuses
// cannot be honoured is refused. Records left out are named on stderr.
//
// Exit codes (docs/cli.md): 0 printed, 1 input error (a file cannot be read, the
// definition or the records are refused, or the records belong to another election),
// 2 usage error. Errors go to stderr as "tally-offline: E<code> message".
#include <boost/program_options.hpp>
#include <iostream>
#include <string>

#include "tally/cli/command_line.hpp"
#include "tally/cli/exit_codes.hpp"
#include "tally/cli/report.hpp"
#include "tally/engine/counted_records.hpp"
#include "tally/engine/definition_loader.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/engine/records_json.hpp"
#include "tally/engine/tally.hpp"
#include "tally/engine/tally_csv.hpp"
#include "tally/engine/tally_json.hpp"
#include "tally/engine/tally_table.hpp"
#include "tally/files/read_file.hpp"

namespace {

namespace po = boost::program_options;
using tally::Error;
using tally::ErrorCode;
using tally::ErrorDomain;
using tally::Result;

constexpr const char* kTool = "tally-offline";

int input_error(const Error& error) { return tally::cli::report(kTool, error); }

}  // namespace

int main(int argc, char** argv) {
  std::string definition_path;
  std::string records_path;
  std::string schema_path;
  const tally::cli::CommandUsage usage{
      kTool, "", "--definition FILE --schema FILE --records FILE [--json | --csv]",
      "Tallies station records against an election definition, by the election law, counting\n"
      "only what the server would: an export's accepted records, each passing the form\n"
      "schema's checks and the definition's voter list.\n"
      "Exit codes: 0 printed, 1 input error, 2 usage error (docs/cli.md)."};
  po::options_description options;
  options.add_options()("definition", po::value(&definition_path)->required(),
                        "election definition (tally-election/1)")(
      "schema", po::value(&schema_path)->required(),
      "form schema (an export's form-schema.json, or schemas/forms/station-count-1.json)")(
      "records", po::value(&records_path)->required(), "station records (tally-records/1)")(
      "json", "print the tally as JSON (tally-result/1) instead of a table")(
      "csv", "print the tally as CSV (one row per candidate of every unit) instead of a table");
  po::variables_map arguments;
  if (auto exit = tally::cli::parse_command_line(usage, options,
                                                 tally::cli::arguments_of(argc, argv), arguments)) {
    return *exit;
  }
  const bool as_json = arguments.count("json") > 0;
  const bool as_csv = arguments.count("csv") > 0;
  if (as_json && as_csv) return tally::cli::usage_error(kTool, "give --json or --csv, not both");

  auto definition_text = tally::read_file(definition_path);
  if (!definition_text.ok()) return input_error(definition_text.error());
  auto definition = tally::engine::load_election_definition(*definition_text);
  if (!definition.ok()) return input_error(definition.error());
  auto schema_text = tally::read_file(schema_path);
  if (!schema_text.ok()) return input_error(schema_text.error());
  auto schema = tally::engine::load_form_schema(*schema_text);
  if (!schema.ok()) return input_error(schema.error());
  if (schema->id != definition->form_schema_id()) {
    return input_error(tally::make_error(
        ErrorCode::kSchemaInvalid, "form schema \"" + schema->id + "\" is not the definition's \"" +
                                       definition->form_schema_id() + "\""));
  }
  auto records_text = tally::read_file(records_path);
  if (!records_text.ok()) return input_error(records_text.error());
  auto records = tally::engine::parse_records_file(*records_text);
  if (!records.ok()) return input_error(records.error());
  if (records->election_id != definition->id()) {
    return input_error(tally::make_error(
        ErrorCode::kRecordsInvalid, "records file: election: \"" + records->election_id +
                                        "\" is not the definition's \"" + definition->id() + "\""));
  }
  auto counted = tally::engine::records_to_count(*definition, *schema, *records);
  if (!counted.ok()) return input_error(counted.error());
  for (const auto& left_out : counted->left_out) {
    std::cerr << kTool << ": not counted: " << left_out << "\n";
  }
  auto report = tally::engine::tally_all(*definition, counted->counted);
  if (!report.ok()) return input_error(report.error());

  if (as_json) {
    std::cout << tally::engine::tally_to_json(*definition, *report);
  } else if (as_csv) {
    std::cout << tally::engine::tally_to_csv(*definition, *report);
  } else {
    std::cout << tally::engine::tally_to_table(*definition, *report);
  }
  return tally::cli::kExitOk;
}
