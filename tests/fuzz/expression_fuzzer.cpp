// Fuzz target: the check-expression parser, type checker and evaluator (expression.hpp).
// Properties: nothing crashes, throws or overflows; each stage refuses with its own
// kSchema code; names() is sorted without repeats; evaluation runs on every parsed
// expression, type-checked or not, with bindings that include the 64-bit extremes, and
// either yields an outcome or refuses with kExpressionEval.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "tally/engine/expression.hpp"

namespace {

using tally::engine::Bindings;
using tally::engine::SymbolTypes;
using tally::engine::ValueType;
using tally::engine::VoteMap;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// The names of station-count/1 and its context, plus extremes to provoke overflow.
const SymbolTypes& symbols() {
  static const SymbolTypes kSymbols = {{"registered", ValueType::kInteger},
                                       {"voted", ValueType::kInteger},
                                       {"issued", ValueType::kInteger},
                                       {"received", ValueType::kInteger},
                                       {"valid", ValueType::kInteger},
                                       {"invalid", ValueType::kInteger},
                                       {"seats", ValueType::kInteger},
                                       {"candidates", ValueType::kInteger},
                                       {"big", ValueType::kInteger},
                                       {"low", ValueType::kInteger},
                                       {"votes", ValueType::kMap},
                                       {"huge", ValueType::kMap},
                                       {"none", ValueType::kMap}};
  return kSymbols;
}

// A value for every name of symbols(); unknown names stay unbound.
const Bindings& bindings() {
  static const Bindings kBindings = [] {
    Bindings b;
    b.integers = {{"registered", 812}, {"voted", 801},  {"issued", 812}, {"received", 801},
                  {"valid", 790},      {"invalid", 11}, {"seats", 3},    {"candidates", 5},
                  {"big", kMax},       {"low", kMin}};
    b.maps = {{"votes", VoteMap{{"C1", 640}, {"C2", 500}, {"C3", 120}}},
              {"huge", VoteMap{{"H1", kMax}, {"H2", kMax}, {"H3", 0}}},
              {"none", VoteMap{}}};
    return b;
  }();
  return kBindings;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tally;
  using namespace tally::engine;
  Result<Expression> expression = Expression::parse(fuzz::as_bytes(data, size));
  if (!expression.ok()) {
    fuzz::require_refusal(expression.error(), ErrorDomain::kSchema, "parse refuses in kSchema");
    fuzz::require(expression.error().code == ErrorCode::kExpressionSyntax,
                  "parse refuses with kExpressionSyntax");
    return 0;
  }
  std::vector<std::string> names = expression->names();
  fuzz::require(
      std::adjacent_find(names.begin(), names.end(), std::greater_equal<>()) == names.end(),
      "names() is sorted without repeats");

  Result<ValueType> type = type_check(*expression, symbols());
  if (!type.ok()) {
    fuzz::require_refusal(type.error(), ErrorDomain::kSchema, "type_check refuses in kSchema");
    fuzz::require(type.error().code == ErrorCode::kExpressionType,
                  "type_check refuses with kExpressionType");
  }
  Result<ConditionOutcome> outcome = evaluate_condition(*expression, bindings());
  if (!outcome.ok()) {
    fuzz::require_refusal(outcome.error(), ErrorDomain::kSchema, "evaluation refuses in kSchema");
    fuzz::require(outcome.error().code == ErrorCode::kExpressionEval,
                  "evaluation refuses with kExpressionEval");
  } else if (!outcome->holds) {
    fuzz::require(!outcome->detail.empty(), "a condition that fails says why");
  }
  return 0;
}
