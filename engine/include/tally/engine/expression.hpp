// Check expressions: the small language in which a form schema states its checks,
// e.g. `valid + invalid == received` or `each(votes) <= valid`.
//
// Used by the form schema loader (parse + static type check when a schema loads) and by
// record validation (evaluation with a record's values). The grammar is in
// docs/form-schema.md. Parsing is bounded in length and depth, so hostile input cannot
// exhaust the stack; arithmetic is 64-bit and overflow-checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// Longest expression text accepted, in bytes.
inline constexpr std::size_t kMaxExpressionLength = 1000;
// Deepest expression tree accepted (a lone name or number has depth 1).
inline constexpr int kMaxExpressionDepth = 32;

// Operators of the language.
enum class ExprOp : std::uint8_t {
  kAdd,
  kSubtract,
  kMultiply,
  kNegate,  // unary -
  kNot,     // unary !
  kAnd,
  kOr,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
};

// Built-in functions over a candidate-vote map.
enum class ExprFunction : std::uint8_t {
  kSum,    // sum(m): the sum of the entries
  kCount,  // count(m): the number of entries
  kEach,   // each(m): every entry, for a comparison that must hold for each one
};

// One node of a parsed expression tree. A value type: the tree owns its operands.
struct ExprNode {
  enum class Kind : std::uint8_t { kInteger, kName, kUnary, kBinary, kCall };
  Kind kind = Kind::kInteger;
  std::size_t position = 0;  // 0-based byte offset of the node's token in the text
  std::int64_t integer = 0;  // kInteger
  std::string name;          // kName: a record field or a context variable
  ExprOp op = ExprOp::kAdd;  // kUnary, kBinary
  ExprFunction function = ExprFunction::kSum;  // kCall
  std::vector<ExprNode> operands;              // kUnary, kCall: 1; kBinary: 2
};

// A parsed expression: its source text and its tree. Immutable once parsed.
class Expression {
 public:
  // Parses `text`. Errors (kExpressionSyntax) give the 1-based column and what was
  // expected, e.g. "column 9: expected a number, a name, '(', '-' or '!', found ')'".
  static Result<Expression> parse(std::string_view text);

  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] const ExprNode& root() const { return root_; }
  // The names (fields and context variables) the expression reads, sorted, no repeats.
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  Expression(std::string text, ExprNode root) : text_(std::move(text)), root_(std::move(root)) {}
  std::string text_;
  ExprNode root_;
};

// The static type of an expression or of a name.
enum class ValueType : std::uint8_t {
  kInteger,   // a count or a number
  kBoolean,   // a condition
  kMap,       // a candidate-vote map: only an argument of sum/count/each
  kPerEntry,  // each(map), possibly inside arithmetic: only a side of a comparison
};

// The types of the names an expression may use.
using SymbolTypes = std::map<std::string, ValueType, std::less<>>;

// Checks the whole tree against `symbols` and returns the type of the expression.
// Errors (kExpressionType) name the column and the offending operand, e.g.
// "column 7: '+' needs integers, but 'votes' is a candidate-vote map".
Result<ValueType> type_check(const Expression& expression, const SymbolTypes& symbols);

// The values of the names, for evaluation.
struct Bindings {
  std::map<std::string, std::int64_t, std::less<>> integers;
  std::map<std::string, VoteMap, std::less<>> maps;
};

// The outcome of evaluating a condition. When it does not hold, `detail` shows why with
// the actual numbers, e.g. "801 + 9 != 812", or "NA-01-C02: 900 > 801" for each(...).
struct ConditionOutcome {
  bool holds = false;
  std::string detail;
};

// Evaluates a boolean expression. Errors (kExpressionEval): integer overflow, a name
// without a value, or a type mismatch in an expression that was not type-checked.
Result<ConditionOutcome> evaluate_condition(const Expression& expression, const Bindings& bindings);

}  // namespace tally::engine
