// Static type check of check expressions: run when a form schema loads, so that a check
// such as `votes + 1` is refused before any record is validated.
#include <string>

#include "schema/expression_ops.hpp"
#include "tally/engine/expression.hpp"

namespace tally::engine {
namespace {

Error type_error(std::size_t position, const std::string& what) {
  return make_error(ErrorCode::kExpressionType,
                    "column " + std::to_string(position + 1) + ": " + what);
}

std::string type_name(ValueType type) {
  switch (type) {
    case ValueType::kInteger:
      return "an integer";
    case ValueType::kBoolean:
      return "a condition";
    case ValueType::kMap:
      return "a candidate-vote map";
    case ValueType::kPerEntry:
      return "a per-entry value of each()";
  }
  return "a value";
}

// "'votes' is a candidate-vote map" or "the operand at column 5 is a condition".
std::string describe(const ExprNode& node, ValueType type) {
  std::string subject = node.kind == ExprNode::Kind::kName
                            ? "'" + node.name + "'"
                            : "the operand at column " + std::to_string(node.position + 1);
  return subject + " is " + type_name(type);
}

bool is_numeric(ValueType type) {
  return type == ValueType::kInteger || type == ValueType::kPerEntry;
}

class TypeChecker {
 public:
  explicit TypeChecker(const SymbolTypes& symbols) : symbols_(symbols) {}

  Result<ValueType> check(const ExprNode& node) {
    switch (node.kind) {
      case ExprNode::Kind::kInteger:
        return ValueType::kInteger;
      case ExprNode::Kind::kName: {
        auto it = symbols_.find(node.name);
        if (it == symbols_.end())
          return type_error(node.position, "unknown name '" + node.name + "'");
        return it->second;
      }
      case ExprNode::Kind::kCall:
        return check_call(node);
      case ExprNode::Kind::kUnary:
        return check_unary(node);
      case ExprNode::Kind::kBinary:
        return check_binary(node);
    }
    return type_error(node.position, "unknown expression node");
  }

 private:
  Result<ValueType> check_call(const ExprNode& node) {
    const ExprNode& argument = node.operands.at(0);
    auto type = check(argument);
    if (!type.ok()) return type;
    if (*type != ValueType::kMap) {
      return type_error(argument.position, "sum, count and each take a candidate-vote map, but " +
                                               describe(argument, *type));
    }
    return node.function == ExprFunction::kEach ? ValueType::kPerEntry : ValueType::kInteger;
  }

  Result<ValueType> check_unary(const ExprNode& node) {
    const ExprNode& operand = node.operands.at(0);
    auto type = check(operand);
    if (!type.ok()) return type;
    if (node.op == ExprOp::kNot) {
      if (*type != ValueType::kBoolean) {
        return type_error(node.position, "'!' needs a condition, but " + describe(operand, *type));
      }
      return ValueType::kBoolean;
    }
    if (!is_numeric(*type)) {
      return type_error(node.position, "'-' needs an integer, but " + describe(operand, *type));
    }
    return *type;
  }

  Result<ValueType> check_binary(const ExprNode& node) {
    const ExprNode& lhs = node.operands.at(0);
    const ExprNode& rhs = node.operands.at(1);
    auto lhs_type = check(lhs);
    if (!lhs_type.ok()) return lhs_type;
    auto rhs_type = check(rhs);
    if (!rhs_type.ok()) return rhs_type;
    std::string op = "'" + std::string(op_symbol(node.op)) + "'";
    if (node.op == ExprOp::kAnd || node.op == ExprOp::kOr) {
      for (auto [operand, type] : {std::pair{&lhs, *lhs_type}, std::pair{&rhs, *rhs_type}}) {
        if (type != ValueType::kBoolean) {
          return type_error(node.position,
                            op + " needs conditions, but " + describe(*operand, type));
        }
      }
      return ValueType::kBoolean;
    }
    for (auto [operand, type] : {std::pair{&lhs, *lhs_type}, std::pair{&rhs, *rhs_type}}) {
      if (!is_numeric(type)) {
        return type_error(node.position, op + " needs integers, but " + describe(*operand, type));
      }
    }
    if (*lhs_type == ValueType::kPerEntry && *rhs_type == ValueType::kPerEntry) {
      return type_error(node.position, op + " has each() on both sides; a comparison may use one");
    }
    if (is_comparison(node.op)) return ValueType::kBoolean;
    return *lhs_type == ValueType::kPerEntry || *rhs_type == ValueType::kPerEntry
               ? ValueType::kPerEntry
               : ValueType::kInteger;
  }

  const SymbolTypes& symbols_;
};

}  // namespace

Result<ValueType> type_check(const Expression& expression, const SymbolTypes& symbols) {
  return TypeChecker(symbols).check(expression.root());
}

}  // namespace tally::engine
