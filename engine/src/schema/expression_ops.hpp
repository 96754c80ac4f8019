// Internal: the spelling and precedence of expression operators, shared by the type
// checker (error messages) and the evaluator (messages with the actual numbers).
#pragma once

#include <string_view>

#include "tally/engine/expression.hpp"

namespace tally::engine {

inline std::string_view op_symbol(ExprOp op) {
  switch (op) {
    case ExprOp::kAdd:
      return "+";
    case ExprOp::kSubtract:
      return "-";
    case ExprOp::kMultiply:
      return "*";
    case ExprOp::kNegate:
      return "-";
    case ExprOp::kNot:
      return "!";
    case ExprOp::kAnd:
      return "&&";
    case ExprOp::kOr:
      return "||";
    case ExprOp::kEqual:
      return "==";
    case ExprOp::kNotEqual:
      return "!=";
    case ExprOp::kLess:
      return "<";
    case ExprOp::kLessEqual:
      return "<=";
    case ExprOp::kGreater:
      return ">";
    case ExprOp::kGreaterEqual:
      return ">=";
  }
  return "?";
}

// Binding strength, loosest 1 (||) to tightest 6 (unary); 7 is an operand.
inline int precedence(ExprOp op) {
  switch (op) {
    case ExprOp::kOr:
      return 1;
    case ExprOp::kAnd:
      return 2;
    case ExprOp::kAdd:
    case ExprOp::kSubtract:
      return 4;
    case ExprOp::kMultiply:
      return 5;
    case ExprOp::kNegate:
    case ExprOp::kNot:
      return 6;
    default:
      return 3;  // comparisons
  }
}

inline bool is_comparison(ExprOp op) { return precedence(op) == 3; }

}  // namespace tally::engine
