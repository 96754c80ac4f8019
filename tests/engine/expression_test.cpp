#include "tally/engine/expression.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace tally::engine {
namespace {

const SymbolTypes kSymbols = {{"valid", ValueType::kInteger},
                              {"invalid", ValueType::kInteger},
                              {"received", ValueType::kInteger},
                              {"seats", ValueType::kInteger},
                              {"votes", ValueType::kMap}};

Bindings sample_bindings() {
  Bindings bindings;
  bindings.integers = {{"valid", 801}, {"invalid", 9}, {"received", 812}, {"seats", 3}};
  bindings.maps = {{"votes", VoteMap{{"C1", 640}, {"C2", 500}, {"C3", 120}}}};
  return bindings;
}

// Parses, type-checks and evaluates; fails the test on any error.
ConditionOutcome run(const std::string& text, const Bindings& bindings = sample_bindings()) {
  auto expression = Expression::parse(text);
  EXPECT_TRUE(expression.ok()) << text << ": " << expression.error().to_string();
  if (!expression.ok()) return {};
  auto type = type_check(*expression, kSymbols);
  EXPECT_TRUE(type.ok()) << text << ": " << type.error().to_string();
  auto outcome = evaluate_condition(*expression, bindings);
  EXPECT_TRUE(outcome.ok()) << text << ": " << outcome.error().to_string();
  return outcome.ok() ? *outcome : ConditionOutcome{};
}

bool holds(const std::string& text) { return run(text).holds; }

Error parse_error(const std::string& text) {
  auto expression = Expression::parse(text);
  EXPECT_FALSE(expression.ok()) << text << " parsed";
  return expression.ok() ? Error{} : expression.error();
}

Error type_error(const std::string& text) {
  auto expression = Expression::parse(text);
  EXPECT_TRUE(expression.ok()) << expression.error().to_string();
  if (!expression.ok()) return {};
  auto type = type_check(*expression, kSymbols);
  EXPECT_FALSE(type.ok()) << text << " type-checked";
  return type.ok() ? Error{} : type.error();
}

TEST(ExpressionTest, EveryArithmeticOperatorComputes) {
  EXPECT_TRUE(holds("2 + 3 == 5"));
  EXPECT_TRUE(holds("2 - 3 == -1"));
  EXPECT_TRUE(holds("6 * 7 == 42"));
  EXPECT_TRUE(holds("-valid == 0 - 801"));
  EXPECT_TRUE(holds("valid + invalid == 810"));
}

TEST(ExpressionTest, EveryComparisonOperatorDecides) {
  EXPECT_TRUE(holds("1 == 1"));
  EXPECT_FALSE(holds("1 == 2"));
  EXPECT_TRUE(holds("1 != 2"));
  EXPECT_FALSE(holds("1 != 1"));
  EXPECT_TRUE(holds("1 < 2"));
  EXPECT_FALSE(holds("2 < 2"));
  EXPECT_TRUE(holds("2 <= 2"));
  EXPECT_FALSE(holds("3 <= 2"));
  EXPECT_TRUE(holds("3 > 2"));
  EXPECT_FALSE(holds("2 > 2"));
  EXPECT_TRUE(holds("2 >= 2"));
  EXPECT_FALSE(holds("1 >= 2"));
}

TEST(ExpressionTest, LogicalOperatorsFollowTruthTables) {
  EXPECT_TRUE(holds("1 == 1 && 2 == 2"));
  EXPECT_FALSE(holds("1 == 1 && 1 == 2"));
  EXPECT_TRUE(holds("1 == 2 || 2 == 2"));
  EXPECT_FALSE(holds("1 == 2 || 2 == 3"));
  EXPECT_TRUE(holds("!(1 == 2)"));
  EXPECT_FALSE(holds("!(1 == 1)"));
  EXPECT_TRUE(holds("!!(1 == 1)"));
}

TEST(ExpressionTest, PrecedenceIsProductThenSumThenComparisonThenAndThenOr) {
  EXPECT_TRUE(holds("2 + 3 * 4 == 14"));
  EXPECT_TRUE(holds("(2 + 3) * 4 == 20"));
  EXPECT_TRUE(holds("10 - 3 - 2 == 5"));  // left-associative
  EXPECT_TRUE(holds("-2 * 3 == -6"));
  // && binds tighter than ||: true || (false && false).
  EXPECT_TRUE(holds("1 == 1 || 1 == 2 && 1 == 2"));
  EXPECT_FALSE(holds("(1 == 1 || 1 == 2) && 1 == 2"));
}

TEST(ExpressionTest, SumAndCountReadTheVoteMap) {
  EXPECT_TRUE(holds("sum(votes) == 1260"));
  EXPECT_TRUE(holds("count(votes) == 3"));
  EXPECT_TRUE(holds("sum(votes) <= valid * seats"));
}

TEST(ExpressionTest, EachHoldsOnlyIfEveryEntryHolds) {
  EXPECT_TRUE(holds("each(votes) <= valid"));
  EXPECT_FALSE(holds("each(votes) <= 600"));      // C1 has 640
  EXPECT_TRUE(holds("valid >= each(votes)"));     // each on the right side
  EXPECT_TRUE(holds("each(votes) * 2 <= 1280"));  // each inside arithmetic
  EXPECT_FALSE(holds("each(votes) * 2 < 1280"));
}

TEST(ExpressionTest, EachOverAnEmptyMapHoldsAndSumIsZero) {
  Bindings bindings = sample_bindings();
  bindings.maps["votes"].clear();
  EXPECT_TRUE(run("each(votes) > 1000000", bindings).holds);
  EXPECT_TRUE(run("sum(votes) == 0 && count(votes) == 0", bindings).holds);
}

TEST(ExpressionTest, FailedConditionShowsTheActualNumbers) {
  EXPECT_EQ(run("valid + invalid == received").detail, "801 + 9 != 812");
  EXPECT_EQ(run("sum(votes) <= valid * 1").detail, "1260 > 801 * 1");
  EXPECT_EQ(run("each(votes) <= 200").detail, "C1: 640 > 200; C2: 500 > 200");
  EXPECT_EQ(run("valid > 0 && invalid > 10").detail, "9 <= 10");
  EXPECT_EQ(run("(valid - invalid) * 2 == 0").detail, "(801 - 9) * 2 != 0");
  EXPECT_EQ(run("valid == 1 || invalid == 1").detail, "801 == 1 || 9 == 1 is false");
}

TEST(ExpressionTest, OverflowIsAnEvaluationErrorNotWraparound) {
  auto max = std::to_string(std::numeric_limits<std::int64_t>::max());
  Bindings bindings = sample_bindings();
  bindings.integers["valid"] = std::numeric_limits<std::int64_t>::max();
  bindings.maps["votes"] = VoteMap{{"C1", std::numeric_limits<std::int64_t>::max()}, {"C2", 1}};
  for (const std::string text : {"valid + 1 > 0", "0 - valid - 2 < 0", "valid * seats > 0",
                                 "sum(votes) > 0", "-(0 - valid - 1) > 0"}) {
    auto expression = Expression::parse(text);
    ASSERT_TRUE(expression.ok()) << text;
    auto outcome = evaluate_condition(*expression, bindings);
    ASSERT_FALSE(outcome.ok()) << text << " did not overflow";
    EXPECT_EQ(outcome.error().code, ErrorCode::kExpressionEval) << text;
    EXPECT_NE(outcome.error().message.find("overflow"), std::string::npos) << text;
  }
  EXPECT_EQ(parse_error("9223372036854775808 > 0").code, ErrorCode::kExpressionSyntax);
  EXPECT_TRUE(holds(max + " > 0"));
}

TEST(ExpressionTest, SyntaxErrorsGiveTheColumnAndWhatWasExpected) {
  Error error = parse_error("valid + == 3");
  EXPECT_EQ(error.code, ErrorCode::kExpressionSyntax);
  EXPECT_EQ(error.message, "column 9: expected a number, a name, '(', '-' or '!', found '=='");
  EXPECT_EQ(
      parse_error("(valid + 1").message,
      "column 11: expected ')' to close the '(' at column 1, found the end of the expression");
  EXPECT_EQ(parse_error("valid # 2").message, "column 7: unexpected character '#'");
  EXPECT_EQ(
      parse_error("1 < 2 < 3").message,
      "column 7: expected an operator or the end, found '<' (comparisons do not chain: use &&)");
  EXPECT_EQ(parse_error("max(votes) > 1").message,
            "column 1: unknown function 'max' (known: sum, count, each)");
  EXPECT_EQ(
      parse_error("").message,
      "column 1: expected a number, a name, '(', '-' or '!', found the end of the expression");
  EXPECT_EQ(parse_error("12ab > 1").message,
            "column 3: expected an operator after the number, found 'a'");
}

TEST(ExpressionTest, TypeErrorsAreFoundByTheStaticCheck) {
  EXPECT_EQ(type_error("votes + 1 > 0").message,
            "column 7: '+' needs integers, but 'votes' is a candidate-vote map");
  EXPECT_EQ(type_error("sum(valid) > 0").message,
            "column 5: sum, count and each take a candidate-vote map, but 'valid' is an integer");
  EXPECT_EQ(type_error("turnout > 0").message, "column 1: unknown name 'turnout'");
  EXPECT_EQ(type_error("valid && 1 == 1").code, ErrorCode::kExpressionType);
  EXPECT_EQ(type_error("!valid").code, ErrorCode::kExpressionType);
  EXPECT_EQ(type_error("(1 == 1) + 1 > 0").code, ErrorCode::kExpressionType);
  EXPECT_EQ(type_error("each(votes) <= each(votes)").message,
            "column 13: '<=' has each() on both sides; a comparison may use one");
}

TEST(ExpressionTest, TypeCheckReportsTheExpressionType) {
  auto expression = Expression::parse("valid + sum(votes)");
  ASSERT_TRUE(expression.ok());
  EXPECT_EQ(type_check(*expression, kSymbols).value(), ValueType::kInteger);
  auto each = Expression::parse("each(votes) + 1");
  ASSERT_TRUE(each.ok());
  EXPECT_EQ(type_check(*each, kSymbols).value(), ValueType::kPerEntry);
  auto condition = Expression::parse("valid > 0");
  ASSERT_TRUE(condition.ok());
  EXPECT_EQ(type_check(*condition, kSymbols).value(), ValueType::kBoolean);
}

TEST(ExpressionTest, NamesListsEveryNameReadOnce) {
  auto expression = Expression::parse("valid + invalid == received && each(votes) <= valid");
  ASSERT_TRUE(expression.ok());
  EXPECT_EQ(expression->names(),
            (std::vector<std::string>{"invalid", "received", "valid", "votes"}));
}

TEST(ExpressionTest, DeepNestingIsRefusedWithoutExhaustingTheStack) {
  std::string parens = std::string(200, '(') + "1" + std::string(200, ')') + " > 0";
  EXPECT_NE(parse_error(parens).message.find("nested deeper than"), std::string::npos);
  EXPECT_NE(parse_error(std::string(900, '!') + "(1 > 0)").message.find("nested deeper than"),
            std::string::npos);
  std::string chain = "1";
  for (int i = 0; i < 100; ++i) chain += " + 1";
  EXPECT_NE(parse_error(chain + " > 0").message.find("nested deeper than"), std::string::npos);
  std::string calls;
  for (int i = 0; i < 100; ++i) calls += "sum(";
  EXPECT_NE(parse_error(calls + "votes" + std::string(100, ')')).message.find("nested deeper than"),
            std::string::npos);
  // Just inside the bound is fine.
  std::string ok = std::string(kMaxExpressionDepth - 2, '(') + "1 > 0" +
                   std::string(kMaxExpressionDepth - 2, ')');
  EXPECT_TRUE(holds(ok));
}

TEST(ExpressionTest, OverlongTextIsRefused) {
  std::string text = "valid" + std::string(kMaxExpressionLength, ' ') + " > 0";
  Error error = parse_error(text);
  EXPECT_EQ(error.code, ErrorCode::kExpressionSyntax);
  EXPECT_NE(error.message.find("longer than 1000 bytes"), std::string::npos);
}

TEST(ExpressionTest, EvaluatingANameWithoutAValueIsAnError) {
  auto expression = Expression::parse("valid > 0");
  ASSERT_TRUE(expression.ok());
  auto outcome = evaluate_condition(*expression, Bindings{});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().message, "column 1: no value for 'valid'");
}

}  // namespace
}  // namespace tally::engine
