// Fuzz target: the form schema loader (form_schema.hpp), and what an accepted schema drives:
// record validation and per-edit value checks.
// Properties: nothing crashes or throws; a refusal is a kSchema error; an accepted schema
// has uniquely named fields that field() finds, and validating a station-count record or
// checking an edit of each field against it completes, every failure naming its check.
#include <set>
#include <string>

#include "fuzz_check.hpp"
#include "tally/engine/form_schema.hpp"

namespace {

using namespace tally::engine;

// A 3-seat unit with three candidates.
const ElectoralUnit& unit() {
  static const ElectoralUnit kUnit{
      "NA-01",
      "NA",
      "Đơn vị bầu cử số 1",
      3,
      {Candidate{"C1", "Một", {1970, 1, 1}}, Candidate{"C2", "Hai", {1971, 2, 2}},
       Candidate{"C3", "Ba", {1972, 3, 3}}},
      std::nullopt};
  return kUnit;
}

// A record of station-count/1 with one conflict-free value of every type, one value for
// a candidate the unit does not have, and one for a field most schemas lack.
const StationRecord& record() {
  static const StationRecord kRecord{FormId{"TN-0001", "NA-01"},
                                     "station-count/1",
                                     {{"registered", Count{812}},
                                      {"voted", Count{801}},
                                      {"issued", Count{812}},
                                      {"received", Count{801}},
                                      {"valid", Count{790}},
                                      {"invalid", Count{11}},
                                      {"votes", VoteMap{{"C1", 640}, {"C2", 500}, {"C9", 3}}},
                                      {"notes", std::string("Hai phiếu bị rách")},
                                      {"extra", Count{-1}}}};
  return kRecord;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tally;
  Result<FormSchema> schema = load_form_schema(fuzz::as_bytes(data, size));
  if (!schema.ok()) {
    fuzz::require_refusal(schema.error(), ErrorDomain::kSchema, "the loader refuses in kSchema");
    return 0;
  }
  std::set<std::string> names;
  for (const FieldSpec& field : schema->fields) {
    fuzz::require(names.insert(field.name).second, "field names are unique");
    fuzz::require(schema->field(field.name) == &field, "field() finds every field");
    for (const std::string& path : {field.name, field.name + ".C1", field.name + ".C9"}) {
      for (const OpValue& value : {OpValue{Count{7}}, OpValue{std::string("x")}, OpValue{}}) {
        Status status = check_field_value(*schema, unit(), parse_field_path(path), value);
        if (!status.ok()) {
          fuzz::require(!status.error().message.empty(), "a refused edit says why");
        }
      }
    }
  }
  for (const CheckFailure& failure : validate_record(*schema, record(), unit(), nullptr)) {
    fuzz::require(!failure.check_id.empty(), "every failure names its check");
  }
  return 0;
}
