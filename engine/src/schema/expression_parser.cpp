// Tokenizer and recursive-descent parser of check expressions (grammar in
// docs/form-schema.md). Bounded: text length, recursion depth and tree depth are checked
// before any of them can grow the stack.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tally/engine/expression.hpp"

namespace tally::engine {
namespace {

enum class TokenKind : std::uint8_t { kInteger, kName, kSymbol, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;
  std::size_t position = 0;
  std::int64_t integer = 0;
};

Error syntax_error(std::size_t position, const std::string& what) {
  return make_error(ErrorCode::kExpressionSyntax,
                    "column " + std::to_string(position + 1) + ": " + what);
}

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Symbols, longest first so that "<=" wins over "<".
constexpr std::string_view kSymbols[] = {"==", "!=", "<=", ">=", "&&", "||", "<",
                                         ">",  "+",  "-",  "*",  "!",  "(",  ")"};

Result<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Token token;
    token.position = i;
    if (is_digit(c)) {
      std::size_t end = i;
      std::int64_t value = 0;
      while (end < text.size() && is_digit(text[end])) {
        auto digit = static_cast<std::int64_t>(text[end] - '0');
        if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) {
          return syntax_error(i, "integer literal is larger than 9223372036854775807");
        }
        value = value * 10 + digit;
        ++end;
      }
      if (end < text.size() && is_name_start(text[end])) {
        return syntax_error(end, "expected an operator after the number, found '" +
                                     std::string(1, text[end]) + "'");
      }
      token.kind = TokenKind::kInteger;
      token.integer = value;
      token.text = text.substr(i, end - i);
      i = end;
    } else if (is_name_start(c)) {
      std::size_t end = i;
      while (end < text.size() && (is_name_start(text[end]) || is_digit(text[end]))) ++end;
      token.kind = TokenKind::kName;
      token.text = text.substr(i, end - i);
      i = end;
    } else {
      auto symbol = std::find_if(std::begin(kSymbols), std::end(kSymbols),
                                 [&](std::string_view s) { return text.substr(i).starts_with(s); });
      if (symbol == std::end(kSymbols)) {
        bool printable =
            static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
        return syntax_error(
            i, printable ? "unexpected character '" + std::string(1, c) + "'"
                         : "unexpected byte " + std::to_string(static_cast<unsigned char>(c)));
      }
      token.kind = TokenKind::kSymbol;
      token.text = *symbol;
      i += symbol->size();
    }
    tokens.push_back(token);
  }
  tokens.push_back(Token{TokenKind::kEnd, {}, text.size(), 0});
  return tokens;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "the end of the expression";
    case TokenKind::kInteger:
      return "number " + std::string(token.text);
    case TokenKind::kName:
      return "name '" + std::string(token.text) + "'";
    case TokenKind::kSymbol:
      return "'" + std::string(token.text) + "'";
  }
  return {};
}

// A subtree with its height, so the tree depth is bounded without walking it again.
struct Parsed {
  ExprNode node;
  int height = 1;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Parsed> parse_all() {
    auto result = parse_or();
    if (!result.ok()) return result;
    if (peek().kind != TokenKind::kEnd) {
      const char* hint = is_comparison(peek()) ? " (comparisons do not chain: use &&)" : "";
      return syntax_error(peek().position,
                          "expected an operator or the end, found " + describe(peek()) + hint);
    }
    return result;
  }

 private:
  const Token& peek() const { return tokens_[next_]; }
  bool at_symbol(std::string_view symbol) const {
    return peek().kind == TokenKind::kSymbol && peek().text == symbol;
  }
  static bool is_comparison(const Token& token) {
    return token.kind == TokenKind::kSymbol &&
           (token.text == "==" || token.text == "!=" || token.text == "<" || token.text == "<=" ||
            token.text == ">" || token.text == ">=");
  }

  Result<Parsed> make_binary(ExprOp op, std::size_t position, Parsed lhs, Parsed rhs) {
    int height = std::max(lhs.height, rhs.height) + 1;
    if (height > kMaxExpressionDepth) return too_deep(position);
    ExprNode node{ExprNode::Kind::kBinary, position, 0, {}, op, {}, {}};
    node.operands.push_back(std::move(lhs.node));
    node.operands.push_back(std::move(rhs.node));
    return Parsed{std::move(node), height};
  }

  static Error too_deep(std::size_t position) {
    return syntax_error(position, "expression is nested deeper than " +
                                      std::to_string(kMaxExpressionDepth) + " levels");
  }

  // Left-associative chain of one precedence level: operand { symbol operand }.
  template <typename Next>
  Result<Parsed> parse_chain(const std::vector<std::pair<std::string_view, ExprOp>>& symbols,
                             Next next) {
    auto lhs = (this->*next)();
    if (!lhs.ok()) return lhs;
    Parsed result = std::move(lhs).value();
    for (;;) {
      auto match = std::find_if(symbols.begin(), symbols.end(),
                                [&](const auto& entry) { return at_symbol(entry.first); });
      if (match == symbols.end()) return result;
      std::size_t position = peek().position;
      ++next_;
      auto rhs = (this->*next)();
      if (!rhs.ok()) return rhs;
      auto combined =
          make_binary(match->second, position, std::move(result), std::move(rhs).value());
      if (!combined.ok()) return combined;
      result = std::move(combined).value();
    }
  }

  Result<Parsed> parse_or() { return parse_chain({{"||", ExprOp::kOr}}, &Parser::parse_and); }
  Result<Parsed> parse_and() {
    return parse_chain({{"&&", ExprOp::kAnd}}, &Parser::parse_comparison);
  }
  Result<Parsed> parse_sum() {
    return parse_chain({{"+", ExprOp::kAdd}, {"-", ExprOp::kSubtract}}, &Parser::parse_product);
  }
  Result<Parsed> parse_product() {
    return parse_chain({{"*", ExprOp::kMultiply}}, &Parser::parse_unary);
  }

  // comparison = sum [ compare-op sum ]: at most one comparison, they do not chain.
  Result<Parsed> parse_comparison() {
    static const std::vector<std::pair<std::string_view, ExprOp>> kComparisons = {
        {"==", ExprOp::kEqual},     {"!=", ExprOp::kNotEqual}, {"<", ExprOp::kLess},
        {"<=", ExprOp::kLessEqual}, {">", ExprOp::kGreater},   {">=", ExprOp::kGreaterEqual}};
    auto lhs = parse_sum();
    if (!lhs.ok()) return lhs;
    auto match = std::find_if(kComparisons.begin(), kComparisons.end(),
                              [&](const auto& entry) { return at_symbol(entry.first); });
    if (match == kComparisons.end()) return lhs;
    std::size_t position = peek().position;
    ++next_;
    auto rhs = parse_sum();
    if (!rhs.ok()) return rhs;
    return make_binary(match->second, position, std::move(lhs).value(), std::move(rhs).value());
  }

  // unary = ( "!" | "-" ) unary | primary
  Result<Parsed> parse_unary() {
    if (!at_symbol("!") && !at_symbol("-")) return parse_primary();
    const Token& token = peek();
    ExprOp op = token.text == "!" ? ExprOp::kNot : ExprOp::kNegate;
    std::size_t position = token.position;
    if (++depth_ > kMaxExpressionDepth) return too_deep(position);
    ++next_;
    auto operand = parse_unary();
    --depth_;
    if (!operand.ok()) return operand;
    int height = operand->height + 1;
    if (height > kMaxExpressionDepth) return too_deep(position);
    ExprNode node{ExprNode::Kind::kUnary, position, 0, {}, op, {}, {}};
    node.operands.push_back(std::move(operand->node));
    return Parsed{std::move(node), height};
  }

  // primary = integer | name | function "(" expression ")" | "(" expression ")"
  Result<Parsed> parse_primary() {
    const Token token = peek();
    if (token.kind == TokenKind::kInteger) {
      ++next_;
      return Parsed{
          ExprNode{ExprNode::Kind::kInteger, token.position, token.integer, {}, {}, {}, {}}, 1};
    }
    if (token.kind == TokenKind::kName) {
      ++next_;
      if (!at_symbol("(")) {
        return Parsed{
            ExprNode{ExprNode::Kind::kName, token.position, 0, std::string(token.text), {}, {}, {}},
            1};
      }
      ExprFunction function{};
      if (token.text == "sum") {
        function = ExprFunction::kSum;
      } else if (token.text == "count") {
        function = ExprFunction::kCount;
      } else if (token.text == "each") {
        function = ExprFunction::kEach;
      } else {
        return syntax_error(token.position, "unknown function '" + std::string(token.text) +
                                                "' (known: sum, count, each)");
      }
      auto argument = parse_parenthesised();
      if (!argument.ok()) return argument;
      int height = argument->height + 1;
      if (height > kMaxExpressionDepth) return too_deep(token.position);
      ExprNode node{ExprNode::Kind::kCall, token.position, 0, {}, {}, function, {}};
      node.operands.push_back(std::move(argument->node));
      return Parsed{std::move(node), height};
    }
    if (at_symbol("(")) return parse_parenthesised();
    return syntax_error(token.position,
                        "expected a number, a name, '(', '-' or '!', found " + describe(token));
  }

  // "(" expression ")", the next token being "(".
  Result<Parsed> parse_parenthesised() {
    std::size_t open = peek().position;
    if (++depth_ > kMaxExpressionDepth) return too_deep(open);
    ++next_;
    auto inner = parse_or();
    --depth_;
    if (!inner.ok()) return inner;
    if (!at_symbol(")")) {
      return syntax_error(peek().position, "expected ')' to close the '(' at column " +
                                               std::to_string(open + 1) + ", found " +
                                               describe(peek()));
    }
    ++next_;
    return inner;
  }

  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  int depth_ = 0;
};

void collect_names(const ExprNode& node, std::set<std::string>& names) {
  if (node.kind == ExprNode::Kind::kName) names.insert(node.name);
  for (const auto& operand : node.operands) collect_names(operand, names);
}

}  // namespace

Result<Expression> Expression::parse(std::string_view text) {
  if (text.size() > kMaxExpressionLength) {
    return syntax_error(kMaxExpressionLength, "expression is longer than " +
                                                  std::to_string(kMaxExpressionLength) + " bytes");
  }
  auto tokens = tokenize(text);
  if (!tokens.ok()) return std::move(tokens).error();
  Parser parser(std::move(tokens).value());
  auto parsed = parser.parse_all();
  if (!parsed.ok()) return std::move(parsed).error();
  return Expression(std::string(text), std::move(parsed->node));
}

std::vector<std::string> Expression::names() const {
  std::set<std::string> names;
  collect_names(root_, names);
  return {names.begin(), names.end()};
}

}  // namespace tally::engine
