// Evaluation of check expressions over a record's values, with overflow-checked 64-bit
// arithmetic, and the explanation of a failed condition with the actual numbers.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "schema/expression_ops.hpp"
#include "tally/engine/expression.hpp"

namespace tally::engine {
namespace {

// How many failing entries of each(...) a detail lists before "and N more".
constexpr std::size_t kMaxEntriesExplained = 3;

Error eval_error(std::size_t position, const std::string& what) {
  return make_error(ErrorCode::kExpressionEval,
                    "column " + std::to_string(position + 1) + ": " + what);
}

// A runtime value: an integer, a condition or a map (by pointer into the bindings).
struct Value {
  ValueType type = ValueType::kInteger;
  std::int64_t integer = 0;
  bool boolean = false;
  const VoteMap* map = nullptr;
};

bool compare(ExprOp op, std::int64_t lhs, std::int64_t rhs) {
  switch (op) {
    case ExprOp::kEqual:
      return lhs == rhs;
    case ExprOp::kNotEqual:
      return lhs != rhs;
    case ExprOp::kLess:
      return lhs < rhs;
    case ExprOp::kLessEqual:
      return lhs <= rhs;
    case ExprOp::kGreater:
      return lhs > rhs;
    case ExprOp::kGreaterEqual:
      return lhs >= rhs;
    default:
      return false;
  }
}

ExprOp negated(ExprOp op) {
  switch (op) {
    case ExprOp::kEqual:
      return ExprOp::kNotEqual;
    case ExprOp::kNotEqual:
      return ExprOp::kEqual;
    case ExprOp::kLess:
      return ExprOp::kGreaterEqual;
    case ExprOp::kLessEqual:
      return ExprOp::kGreater;
    case ExprOp::kGreater:
      return ExprOp::kLessEqual;
    default:
      return ExprOp::kLess;  // kGreaterEqual
  }
}

// The each(...) calls in a comparison's operands (comparisons never nest in arithmetic).
void find_each(const ExprNode& node, std::vector<const ExprNode*>& found) {
  if (node.kind == ExprNode::Kind::kCall && node.function == ExprFunction::kEach) {
    found.push_back(&node);
  }
  for (const auto& operand : node.operands) find_each(operand, found);
}

class Evaluator {
 public:
  explicit Evaluator(const Bindings& bindings) : bindings_(bindings) {}

  Result<Value> eval(const ExprNode& node) {
    switch (node.kind) {
      case ExprNode::Kind::kInteger:
        return integer(node.integer);
      case ExprNode::Kind::kName:
        return lookup(node);
      case ExprNode::Kind::kCall:
        return call(node);
      case ExprNode::Kind::kUnary:
        return unary(node);
      case ExprNode::Kind::kBinary:
        return binary(node);
    }
    return eval_error(node.position, "unknown expression node");
  }

  // Why a condition that evaluated to false does not hold, with the actual numbers.
  std::string explain(const ExprNode& node) {
    if (node.kind == ExprNode::Kind::kBinary && is_comparison(node.op)) {
      return explain_comparison(node);
    }
    if (node.kind == ExprNode::Kind::kBinary && node.op == ExprOp::kAnd) {
      for (const auto& operand : node.operands) {
        auto value = eval(operand);
        if (value.ok() && !value->boolean) return explain(operand);
      }
    }
    return render(node, 0) + " is false";
  }

 private:
  static Value integer(std::int64_t v) { return Value{ValueType::kInteger, v, false, nullptr}; }
  static Value boolean(bool b) { return Value{ValueType::kBoolean, 0, b, nullptr}; }

  Result<Value> lookup(const ExprNode& node) {
    if (auto it = bindings_.integers.find(node.name); it != bindings_.integers.end()) {
      return integer(it->second);
    }
    if (auto it = bindings_.maps.find(node.name); it != bindings_.maps.end()) {
      return Value{ValueType::kMap, 0, false, &it->second};
    }
    return eval_error(node.position, "no value for '" + node.name + "'");
  }

  Result<std::int64_t> eval_integer(const ExprNode& node) {
    auto value = eval(node);
    if (!value.ok()) return std::move(value).error();
    if (value->type != ValueType::kInteger) {
      return eval_error(node.position, "expected an integer operand");
    }
    return value->integer;
  }

  Result<bool> eval_boolean(const ExprNode& node) {
    auto value = eval(node);
    if (!value.ok()) return std::move(value).error();
    if (value->type != ValueType::kBoolean) {
      return eval_error(node.position, "expected a condition operand");
    }
    return value->boolean;
  }

  Result<Value> call(const ExprNode& node) {
    auto argument = eval(node.operands.at(0));
    if (!argument.ok()) return argument;
    if (argument->type != ValueType::kMap) {
      return eval_error(node.position, "expected a candidate-vote map argument");
    }
    const VoteMap& map = *argument->map;
    switch (node.function) {
      case ExprFunction::kCount:
        return integer(static_cast<std::int64_t>(map.size()));
      case ExprFunction::kSum: {
        std::int64_t total = 0;
        for (const auto& [key, votes] : map) {
          if (__builtin_add_overflow(total, votes, &total)) {
            return eval_error(node.position, "integer overflow in the sum of '" +
                                                 node.operands[0].name + "' at entry " + key);
          }
        }
        return integer(total);
      }
      case ExprFunction::kEach:
        if (entry_ == nullptr) {
          return eval_error(node.position, "each() may only be used inside a comparison");
        }
        return integer(*entry_);
    }
    return eval_error(node.position, "unknown function");
  }

  Result<Value> unary(const ExprNode& node) {
    if (node.op == ExprOp::kNot) {
      auto operand = eval_boolean(node.operands.at(0));
      if (!operand.ok()) return std::move(operand).error();
      return boolean(!*operand);
    }
    auto operand = eval_integer(node.operands.at(0));
    if (!operand.ok()) return std::move(operand).error();
    if (*operand == std::numeric_limits<std::int64_t>::min()) {
      return eval_error(node.position, "integer overflow in -(" + std::to_string(*operand) + ")");
    }
    return integer(-*operand);
  }

  Result<Value> binary(const ExprNode& node) {
    const ExprNode& lhs_node = node.operands.at(0);
    const ExprNode& rhs_node = node.operands.at(1);
    if (node.op == ExprOp::kAnd || node.op == ExprOp::kOr) {
      auto lhs = eval_boolean(lhs_node);
      if (!lhs.ok()) return std::move(lhs).error();
      if (*lhs == (node.op == ExprOp::kOr)) return boolean(*lhs);  // short circuit
      auto rhs = eval_boolean(rhs_node);
      if (!rhs.ok()) return std::move(rhs).error();
      return boolean(*rhs);
    }
    if (is_comparison(node.op)) return comparison(node);
    auto lhs = eval_integer(lhs_node);
    if (!lhs.ok()) return std::move(lhs).error();
    auto rhs = eval_integer(rhs_node);
    if (!rhs.ok()) return std::move(rhs).error();
    std::int64_t out = 0;
    bool overflow = node.op == ExprOp::kAdd        ? __builtin_add_overflow(*lhs, *rhs, &out)
                    : node.op == ExprOp::kSubtract ? __builtin_sub_overflow(*lhs, *rhs, &out)
                                                   : __builtin_mul_overflow(*lhs, *rhs, &out);
    if (overflow) {
      return eval_error(node.position, "integer overflow in " + std::to_string(*lhs) + " " +
                                           std::string(op_symbol(node.op)) + " " +
                                           std::to_string(*rhs));
    }
    return integer(out);
  }

  // The map iterated by each(...) in a comparison, or nullptr if it uses none.
  Result<const VoteMap*> each_map(const ExprNode& node) {
    std::vector<const ExprNode*> calls;
    find_each(node, calls);
    if (calls.empty()) return static_cast<const VoteMap*>(nullptr);
    if (calls.size() > 1) {
      return eval_error(node.position, "a comparison may use each() only once");
    }
    auto map = eval(calls.front()->operands.at(0));
    if (!map.ok()) return std::move(map).error();
    if (map->type != ValueType::kMap) {
      return eval_error(calls.front()->position, "expected a candidate-vote map argument");
    }
    return map->map;
  }

  Result<bool> compare_sides(const ExprNode& node) {
    auto lhs = eval_integer(node.operands.at(0));
    if (!lhs.ok()) return std::move(lhs).error();
    auto rhs = eval_integer(node.operands.at(1));
    if (!rhs.ok()) return std::move(rhs).error();
    return compare(node.op, *lhs, *rhs);
  }

  // A comparison holds iff it holds for every entry of its each(...) map, if it has one.
  Result<Value> comparison(const ExprNode& node) {
    auto map = each_map(node);
    if (!map.ok()) return std::move(map).error();
    if (*map == nullptr) {
      auto holds = compare_sides(node);
      if (!holds.ok()) return std::move(holds).error();
      return boolean(*holds);
    }
    for (const auto& [key, votes] : **map) {
      entry_ = &votes;
      auto holds = compare_sides(node);
      entry_ = nullptr;
      if (!holds.ok()) return std::move(holds).error();
      if (!*holds) return boolean(false);
    }
    return boolean(true);
  }

  std::string explain_sides(const ExprNode& node) {
    return render(node.operands[0], precedence(node.op)) + " " +
           std::string(op_symbol(negated(node.op))) + " " +
           render(node.operands[1], precedence(node.op) + 1);
  }

  std::string explain_comparison(const ExprNode& node) {
    auto map = each_map(node);
    if (!map.ok() || *map == nullptr) return explain_sides(node);
    std::string detail;
    std::size_t failing = 0;
    for (const auto& [key, votes] : **map) {
      entry_ = &votes;
      auto holds = compare_sides(node);
      if (holds.ok() && !*holds && ++failing <= kMaxEntriesExplained) {
        detail += (detail.empty() ? "" : "; ") + key + ": " + explain_sides(node);
      }
      entry_ = nullptr;
    }
    if (failing > kMaxEntriesExplained) {
      detail += "; and " + std::to_string(failing - kMaxEntriesExplained) + " more";
    }
    return detail;
  }

  // The node as text with every name and function call replaced by its value; operands
  // binding looser than `context` (a precedence) are parenthesised.
  std::string render(const ExprNode& node, int context) {
    switch (node.kind) {
      case ExprNode::Kind::kInteger:
      case ExprNode::Kind::kName:
      case ExprNode::Kind::kCall: {
        auto value = eval(node);
        if (!value.ok() || value->type != ValueType::kInteger) return source_text(node);
        std::string text = std::to_string(value->integer);
        return value->integer < 0 && context > 0 ? "(" + text + ")" : text;
      }
      case ExprNode::Kind::kUnary:
        return wrap(std::string(op_symbol(node.op)) + render(node.operands[0], 6), 6, context);
      case ExprNode::Kind::kBinary: {
        int own = precedence(node.op);
        return wrap(render(node.operands[0], own) + " " + std::string(op_symbol(node.op)) + " " +
                        render(node.operands[1], own + 1),
                    own, context);
      }
    }
    return "?";
  }

  // A name or call as written, for one that has no integer value here (a map, each()).
  static std::string source_text(const ExprNode& node) {
    if (node.kind != ExprNode::Kind::kCall) return node.name;
    const char* function = node.function == ExprFunction::kSum     ? "sum"
                           : node.function == ExprFunction::kCount ? "count"
                                                                   : "each";
    return std::string(function) + "(" + source_text(node.operands.at(0)) + ")";
  }

  static std::string wrap(const std::string& text, int own, int context) {
    return own < context ? "(" + text + ")" : text;
  }

  const Bindings& bindings_;
  const std::int64_t* entry_ = nullptr;  // the current entry while a comparison runs each()
};

}  // namespace

Result<ConditionOutcome> evaluate_condition(const Expression& expression,
                                            const Bindings& bindings) {
  Evaluator evaluator(bindings);
  auto value = evaluator.eval(expression.root());
  if (!value.ok()) return std::move(value).error();
  if (value->type != ValueType::kBoolean) {
    return eval_error(expression.root().position, "the expression is not a condition");
  }
  if (value->boolean) return ConditionOutcome{true, {}};
  return ConditionOutcome{false, evaluator.explain(expression.root())};
}

}  // namespace tally::engine
