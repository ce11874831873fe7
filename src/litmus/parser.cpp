// The litmus parser: a cursor over the text, a lexer whose comment syntax depends on the part
// of the file (herd's `(* *)` outside the threads, C's `//` and `/* */` inside), and a
// recursive-descent parser that checks names as it goes. Errors are thrown as `Failure` inside
// this file and returned by parse().

#include "litmus/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace weft::litmus {
namespace {

constexpr std::size_t max_file_bytes = std::size_t{1} << 20;
constexpr int max_nesting = 200;

struct Failure {
  ParseError error;
};

[[noreturn]] void fail(SourcePos pos, std::string message) {
  throw Failure{ParseError{pos.line, pos.column, std::move(message)}};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool is_graphic(char c) {
  return c > ' ' && c < '\x7f';
}

// ---- Names that decide what a word is --------------------------------------------------------

// The integer types; the 128-bit ones too, since every value a test names must fit in int64
// anyway (weft's values are 64-bit; a literal that does not fit is an error).
constexpr std::array<std::string_view, 35> type_words = {
    "int",         "long",        "short",        "char",         "signed",        "unsigned",
    "volatile",    "const",       "_Atomic",      "bool",         "_Bool",         "atomic_int",
    "atomic_uint", "atomic_long", "atomic_ulong", "atomic_llong", "atomic_ullong", "atomic_short",
    "atomic_char", "atomic_bool", "int8_t",       "int16_t",      "int32_t",       "int64_t",
    "uint8_t",     "uint16_t",    "uint32_t",     "uint64_t",     "intptr_t",      "uintptr_t",
    "size_t",      "__int128",    "__int128_t",   "__uint128_t",  "atomic_t"};
// Not C types, though they look like the 128-bit ones (herd7 rejects them too).
constexpr std::array<std::string_view, 2> unknown_type_words = {"int128_t", "uint128_t"};
// Linux-kernel words weft rejects (ATOMIC_INIT is read as an initial value only; WRITE_ONCE,
// READ_ONCE and atomic_t everywhere).
constexpr std::array<std::string_view, 4> kernel_words = {"ATOMIC_INIT", "synchronize_rcu", "xchg",
                                                          "cmpxchg"};
// The one herd-internal form weft reads: `__atomic_add_unless{mb}(x, a, u)`.
constexpr std::string_view add_unless_name = "__atomic_add_unless";
constexpr std::array<std::string_view, 3> kernel_prefixes = {"smp_", "spin_", "rcu_"};
constexpr std::array<std::string_view, 6> lock_words = {"lock",     "unlock",     "trylock",
                                                        "mtx_lock", "mtx_unlock", "mtx_trylock"};
// The words that end the program part (FORMAT.md §1), `~` and `not` aside.
constexpr std::array<std::string_view, 7> condition_words = {
    "exists", "forall", "final", "locations", "filter", "observed", "cases"};
constexpr std::array<std::string_view, 7> statement_keywords = {
    "for", "do", "switch", "return", "goto", "break", "continue"};
constexpr std::array<std::string_view, 6> order_names = {
    "memory_order_relaxed", "memory_order_consume", "memory_order_acquire",
    "memory_order_release", "memory_order_acq_rel", "memory_order_seq_cst"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::ranges::find(words, word) != words.end();
}

bool is_type_word(std::string_view word) {
  return one_of(type_words, word);
}

// The reason `name` can never be read in a C11 litmus test, if it is such a name.
std::optional<std::string> unsupported_name(std::string_view name) {
  if (is_type_word(name)) {
    return std::nullopt;
  }
  if (one_of(unknown_type_words, name)) {
    return fmt::format(
        "unknown type '{}' (the 128-bit types are __int128, __int128_t and "
        "__uint128_t)",
        name);
  }
  bool kernel = one_of(kernel_words, name) ||
                std::ranges::any_of(kernel_prefixes, [&](auto p) { return name.starts_with(p); });
  if (kernel) {
    return fmt::format("Linux-kernel construct '{}' is not supported", name);
  }
  if (name.starts_with("__")) {
    return fmt::format("herd-internal form '{}' is not supported", name);
  }
  if (one_of(lock_words, name)) {
    return fmt::format("mutexes are not supported ('{}')", name);
  }
  return std::nullopt;
}

// ---- Cursor and lexer ------------------------------------------------------------------------

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool at_end() const { return offset_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0';
  }
  bool starts_with(std::string_view s) const { return text_.substr(offset_).starts_with(s); }
  SourcePos pos() const { return {line_, column_}; }
  std::string_view slice_from(std::size_t start) const {
    return text_.substr(start, offset_ - start);
  }
  std::size_t offset() const { return offset_; }
  void advance(std::size_t n = 1) {
    for (; n > 0 && !at_end(); --n, ++offset_) {
      if (text_[offset_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }
  void skip_while(bool (*pred)(char)) {
    while (!at_end() && pred(peek())) {
      advance();
    }
  }

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  int line_ = 1;
  int column_ = 1;
};

std::string describe_char(char c) {
  if (is_graphic(c)) {
    return fmt::format("unexpected character '{}'", c);
  }
  return fmt::format("unexpected byte 0x{:02x}", static_cast<unsigned char>(c));
}

// Skips a herd comment `(* ... *)`, which nests as in OCaml.
void skip_herd_comment(Cursor& cursor) {
  SourcePos start = cursor.pos();
  cursor.advance(2);
  for (std::size_t depth = 1; depth > 0;) {
    if (cursor.at_end()) {
      fail(start, "unterminated comment '(*'");
    }
    if (cursor.starts_with("(*")) {
      ++depth;
      cursor.advance(2);
    } else if (cursor.starts_with("*)")) {
      --depth;
      cursor.advance(2);
    } else {
      cursor.advance();
    }
  }
}

void skip_c_comment(Cursor& cursor) {
  if (cursor.starts_with("//")) {
    while (!cursor.at_end() && cursor.peek() != '\n') {
      cursor.advance();
    }
    return;
  }
  SourcePos start = cursor.pos();
  cursor.advance(2);
  while (!cursor.starts_with("*/")) {
    if (cursor.at_end()) {
      fail(start, "unterminated comment '/*'");
    }
    cursor.advance();
  }
  cursor.advance(2);
}

struct Token {
  enum class Kind : std::uint8_t { end, identifier, integer, symbol };
  Kind kind = Kind::end;
  std::string_view text;
  SourcePos pos;
};

// Which comments the lexer skips: herd's outside thread code, C's inside, both between threads.
enum class Comments : std::uint8_t { herd, c, both };

constexpr std::array<std::string_view, 22> long_symbols = {
    "/\\", "\\/", "=>", "==", "!=", "<>", "<=", ">=", "&&", "||", "++",
    "--",  "+=",  "-=", "*=", "/=", "&=", "|=", "^=", "->", "<<", ">>"};
constexpr std::string_view short_symbols = "{}()[];,:=+-*/&|^<>!~.?%";

class Lexer {
 public:
  explicit Lexer(Cursor& cursor) : cursor_(cursor) {}
  void set_comments(Comments comments) { comments_ = comments; }

  Token next() {
    skip_blanks_and_comments();
    Token token{Token::Kind::end, {}, cursor_.pos()};
    if (cursor_.at_end()) {
      return token;
    }
    std::size_t start = cursor_.offset();
    char c = cursor_.peek();
    if (is_ident_start(c)) {
      token.kind = Token::Kind::identifier;
      cursor_.skip_while(is_ident_char);
    } else if (is_digit(c)) {
      token.kind = Token::Kind::integer;
      cursor_.skip_while(is_digit);
      if (is_ident_char(cursor_.peek())) {
        fail(token.pos, "malformed number: only decimal integers are supported");
      }
    } else {
      token.kind = Token::Kind::symbol;
      cursor_.advance(symbol_length(token.pos));
    }
    token.text = cursor_.slice_from(start);
    return token;
  }

 private:
  std::size_t symbol_length(SourcePos pos) const {
    for (std::string_view s : long_symbols) {
      if (cursor_.starts_with(s)) {
        return s.size();
      }
    }
    if (short_symbols.find(cursor_.peek()) == std::string_view::npos) {
      fail(pos, describe_char(cursor_.peek()));
    }
    return 1;
  }

  void skip_blanks_and_comments() {
    for (;;) {
      cursor_.skip_while(is_space);
      bool herd = comments_ != Comments::c && cursor_.starts_with("(*");
      bool c =
          comments_ != Comments::herd && (cursor_.starts_with("//") || cursor_.starts_with("/*"));
      if (herd) {
        skip_herd_comment(cursor_);
      } else if (c) {
        skip_c_comment(cursor_);
      } else {
        return;
      }
    }
  }

  Cursor& cursor_;
  Comments comments_ = Comments::both;
};

// ---- The header and what precedes the init block --------------------------------------------

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
bool is_not_newline(char c) {
  return c != '\n';
}

// Reads `C <name>` (the first non-blank line) and returns the name.
std::string read_header(Cursor& cursor) {
  cursor.skip_while(is_space);
  SourcePos start = cursor.pos();
  if (cursor.at_end()) {
    fail(start, "empty file: expected the header 'C <name>'");
  }
  if (cursor.peek() != 'C' || is_graphic(cursor.peek(1))) {
    fail(start, "expected the header 'C <name>' (weft reads only C litmus tests)");
  }
  cursor.advance();
  cursor.skip_while(is_blank);
  std::size_t name_start = cursor.offset();
  cursor.skip_while(is_graphic);
  std::string name(cursor.slice_from(name_start));
  if (name.empty()) {
    fail(cursor.pos(), "expected the test name after 'C'");
  }
  cursor.skip_while(is_blank);
  // An optional `(texname)` or `"doc string"` may follow the name; weft does not keep them.
  char next = cursor.peek();
  if (!cursor.at_end() && next != '\n' && next != '(' && next != '"') {
    fail(cursor.pos(), "unexpected text after the test name");
  }
  cursor.skip_while(is_not_newline);
  return name;
}

// Skips blank lines, `(* *)` comments and `key=value` lines up to the init block's `{`.
void skip_to_init_block(Cursor& cursor) {
  for (;;) {
    cursor.skip_while(is_space);
    if (cursor.at_end()) {
      fail(cursor.pos(), "expected the init block '{ ... }' before the end of the file");
    }
    if (cursor.peek() == '{') {
      return;
    }
    if (cursor.starts_with("(*")) {
      skip_herd_comment(cursor);
      continue;
    }
    SourcePos line_start = cursor.pos();
    std::size_t key_start = cursor.offset();
    cursor.skip_while(is_ident_char);
    bool has_key = cursor.offset() > key_start;
    cursor.skip_while(is_blank);
    if (!has_key || cursor.peek() != '=') {
      fail(line_start, "expected the init block '{' or a 'key=value' line");
    }
    cursor.skip_while(is_not_newline);
  }
}

// ---- Atomic calls -----------------------------------------------------------------------------

struct AtomicCall {
  enum class What : std::uint8_t { load, store, rmw, cas, fence };
  What what = What::load;
  RmwOp rmw = RmwOp::exchange;
  bool weak = false;            // cas
  bool explicit_order = false;  // the `_explicit` form: orders are arguments
};

std::optional<AtomicCall> find_atomic_call(std::string_view name) {
  using What = AtomicCall::What;
  if (name == "atomic_thread_fence") {
    return AtomicCall{What::fence, RmwOp::exchange, false, true};
  }
  AtomicCall call;
  call.explicit_order = name.ends_with("_explicit");
  if (call.explicit_order) {
    name.remove_suffix(std::string_view("_explicit").size());
  }
  if (!name.starts_with("atomic_")) {
    return std::nullopt;
  }
  name.remove_prefix(std::string_view("atomic_").size());
  constexpr std::array<std::pair<std::string_view, RmwOp>, 6> rmws = {{
      {"exchange", RmwOp::exchange},
      {"fetch_add", RmwOp::fetch_add},
      {"fetch_sub", RmwOp::fetch_sub},
      {"fetch_or", RmwOp::fetch_or},
      {"fetch_and", RmwOp::fetch_and},
      {"fetch_xor", RmwOp::fetch_xor},
  }};
  if (name == "load" || name == "store") {
    call.what = name == "load" ? What::load : What::store;
  } else if (name == "compare_exchange_strong" || name == "compare_exchange_weak") {
    call.what = What::cas;
    call.weak = name.ends_with("weak");
  } else if (auto it = std::ranges::find(rmws, name, &std::pair<std::string_view, RmwOp>::first);
             it != rmws.end()) {
    call.what = What::rmw;
    call.rmw = it->second;
  } else {
    return std::nullopt;
  }
  return call;
}

// ---- The parser -------------------------------------------------------------------------------

// Depth: counts nesting levels (blocks, parentheses, operators of one chain) until it leaves
// scope, and fails past max_nesting, so that neither the parser nor the trees it builds (which
// are destroyed recursively) can exhaust the stack.
class Depth {
 public:
  explicit Depth(int& depth) : depth_(depth) {}
  Depth(const Depth&) = delete;
  Depth& operator=(const Depth&) = delete;
  ~Depth() { depth_ -= added_; }
  void enter(SourcePos pos) {
    ++added_;
    if (++depth_ > max_nesting) {
      fail(pos, fmt::format("nested too deeply (more than {} levels)", max_nesting));
    }
  }

 private:
  int& depth_;
  int added_ = 0;
};

// The names a thread may use: its parameters (locations) and the registers it declares.
struct ThreadNames {
  std::unordered_set<std::string> params;
  std::unordered_set<std::string> registers;
};

struct BinaryLevel {
  std::array<std::pair<std::string_view, BinaryOp>, 4> ops;
  std::size_t count;
};

// C's precedence, loosest first.
constexpr std::array<BinaryLevel, 7> binary_levels = {{
    {{{{"|", BinaryOp::bit_or}}}, 1},
    {{{{"^", BinaryOp::bit_xor}}}, 1},
    {{{{"&", BinaryOp::bit_and}}}, 1},
    {{{{"==", BinaryOp::eq}, {"!=", BinaryOp::ne}}}, 2},
    {{{{"<", BinaryOp::lt}, {">", BinaryOp::gt}, {"<=", BinaryOp::le}, {">=", BinaryOp::ge}}}, 4},
    {{{{"+", BinaryOp::add}, {"-", BinaryOp::sub}}}, 2},
    {{{{"*", BinaryOp::mul}, {"/", BinaryOp::div}}}, 2},
}};

class Parser {
 public:
  explicit Parser(std::string_view text) : cursor_(text), lexer_(cursor_) {}
  Parser(const Parser&) = delete;  // lexer_ refers to cursor_
  Parser& operator=(const Parser&) = delete;

  Test parse_test() {
    test_.name = read_header(cursor_);
    skip_to_init_block(cursor_);
    advance();
    parse_init_block();
    parse_thread();
    while (at_thread_head()) {
      parse_thread();
    }
    parse_condition_part();
    return std::move(test_);
  }

 private:
  // -- tokens

  bool at(std::string_view text) const {
    return tok_.kind != Token::Kind::end && tok_.kind != Token::Kind::integer && tok_.text == text;
  }
  bool at_identifier() const { return tok_.kind == Token::Kind::identifier; }
  bool at_integer() const { return tok_.kind == Token::Kind::integer; }
  bool at_end() const { return tok_.kind == Token::Kind::end; }
  void advance() { tok_ = lexer_.next(); }
  Token take() {
    Token taken = tok_;
    advance();
    return taken;
  }
  bool accept(std::string_view text) {
    if (!at(text)) {
      return false;
    }
    advance();
    return true;
  }
  Token expect(std::string_view text) {
    if (!at(text)) {
      unexpected(fmt::format("'{}'", text));
    }
    return take();
  }
  Token expect_identifier(std::string_view what) {
    if (!at_identifier()) {
      unexpected(what);
    }
    return take();
  }

  // Fails at the current token, which is not `expected`; names C operators herd's C lacks.
  [[noreturn]] void unexpected(std::string_view expected) const {
    constexpr std::array<std::string_view, 16> unsupported_ops = {
        "&&", "||", "!",  "++", "--", "+=", "-=", "*=",
        "/=", "&=", "|=", "^=", "%",  "<<", ">>", "?"};
    if (tok_.kind == Token::Kind::symbol && one_of(unsupported_ops, tok_.text)) {
      fail(tok_.pos, fmt::format("operator '{}' is not supported", tok_.text));
    }
    std::string found = at_end() ? "the end of the file" : fmt::format("'{}'", tok_.text);
    fail(tok_.pos, fmt::format("expected {}, found {}", expected, found));
  }

  // Fails at `token` if it is a word no C11 litmus test may use.
  static void reject_unsupported(const Token& token) {
    if (auto reason = unsupported_name(token.text)) {
      fail(token.pos, *reason);
    }
  }

  // Checks that `words` spell a supported type.
  static void check_type(std::span<const Token> words) {
    for (const Token& word : words) {
      reject_unsupported(word);
      if (!is_type_word(word.text)) {
        fail(word.pos, fmt::format("type '{}' is not supported", word.text));
      }
    }
  }

  std::vector<Token> take_words() {
    std::vector<Token> words;
    while (at_identifier()) {
      words.push_back(take());
    }
    return words;
  }

  // An integer literal with an optional leading `-`, which must fit in int64.
  std::int64_t parse_integer(std::string_view what) {
    SourcePos pos = tok_.pos;
    bool negative = accept("-");
    return parse_magnitude(pos, negative, what);
  }

  // The integer token at hand, negated when `negative` (its `-` at `pos` already taken).
  std::int64_t parse_magnitude(SourcePos pos, bool negative, std::string_view what) {
    if (!at_integer()) {
      unexpected(what);
    }
    std::string_view digits = take().text;
    std::uint64_t magnitude = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    std::uint64_t limit =
        std::uint64_t{std::numeric_limits<std::int64_t>::max()} + (negative ? 1U : 0U);
    if (error != std::errc{} || magnitude > limit) {
      fail(pos, fmt::format("integer {}{} does not fit in 64 bits", negative ? "-" : "", digits));
    }
    return static_cast<std::int64_t>(negative ? std::uint64_t{0} - magnitude : magnitude);
  }

  // -- init block and locations

  void note_location(const Token& name, std::int64_t initial) {
    auto [it, added] = location_index_.try_emplace(std::string(name.text), test_.locations.size());
    if (added) {
      test_.locations.push_back(Location{std::string(name.text), initial, name.pos});
    }
  }

  void parse_init_block() {
    lexer_.set_comments(Comments::both);
    expect("{");
    while (!at("}")) {
      parse_init_entry();
      if (!accept(";") && !at("}")) {
        unexpected("';' or '}' in the init block");
      }
    }
    advance();
  }

  // `x = v`, `[x] = v`, `T x = v` or `T x`.
  void parse_init_entry() {
    if (at_integer()) {
      fail(tok_.pos, "initial values of registers ('0:r0 = v') are not supported");
    }
    Token name;
    bool typed = false;
    if (accept("[")) {
      name = expect_identifier("a location");
      expect("]");
    } else {
      std::vector<Token> words = take_words();
      if (words.empty()) {
        unexpected("a location");
      }
      std::span<const Token> type(words.data(), words.size() - 1);
      check_type(type);
      if (at("*")) {
        fail(tok_.pos, "pointer locations are not supported");
      }
      name = words.back();
      reject_unsupported(name);
      typed = !type.empty();
    }
    if (location_index_.contains(std::string(name.text))) {
      fail(name.pos, fmt::format("location '{}' is initialised twice", name.text));
    }
    std::int64_t initial = 0;
    if (!typed || at("=")) {
      expect("=");
      initial = parse_init_value();
    }
    note_location(name, initial);
  }

  // `v` or `ATOMIC_INIT(v)`.
  std::int64_t parse_init_value() {
    if (accept("ATOMIC_INIT")) {
      expect("(");
      std::int64_t value = parse_integer("an integer initial value");
      expect(")");
      return value;
    }
    if (at("&") || at_identifier()) {
      if (at_identifier()) {
        reject_unsupported(tok_);
      }
      fail(tok_.pos, "pointer values are not supported: an initial value is an integer");
    }
    return parse_integer("an integer initial value");
  }

  // -- threads

  bool at_thread_head() const {
    return at("void") || (at_identifier() && tok_.text.size() > 1 && tok_.text[0] == 'P' &&
                          std::ranges::all_of(tok_.text.substr(1), is_digit));
  }

  // `[void] P<n>(T* loc, ...) { body }`
  void parse_thread() {
    lexer_.set_comments(Comments::c);
    Thread thread;
    thread.index = static_cast<int>(test_.threads.size());
    thread.pos = tok_.pos;
    accept("void");
    std::string head = fmt::format("P{}", thread.index);
    if (!at(head)) {
      unexpected(fmt::format("thread '{}'", head));
    }
    advance();
    names_.emplace_back();
    expect("(");
    if (!at(")")) {
      do {
        thread.params.push_back(parse_param());
      } while (accept(","));
    }
    expect(")");
    expect("{");
    thread.body = parse_statements();
    lexer_.set_comments(Comments::both);
    expect("}");
    test_.threads.push_back(std::move(thread));
  }

  // `T* loc`: a shared location this thread may access.
  std::string parse_param() {
    std::vector<Token> type = take_words();
    if (type.empty()) {
      unexpected("a parameter type");
    }
    check_type(type);
    if (!at("*")) {
      unexpected("'*' (a thread's parameters are pointers: 'T* x')");
    }
    advance();
    Token name = expect_identifier("a parameter name");
    reject_unsupported(name);
    if (!names_.back().params.emplace(name.text).second) {
      fail(name.pos, fmt::format("parameter '{}' is declared twice", name.text));
    }
    note_location(name, 0);
    return std::string(name.text);
  }

  // -- statements

  // Statements up to (not including) the `}` that closes the current block.
  std::vector<Stmt> parse_statements() {
    std::vector<Stmt> body;
    while (!at("}")) {
      if (at_end()) {
        unexpected("'}'");
      }
      if (at_identifier() && one_of(condition_words, tok_.text)) {
        fail(tok_.pos, fmt::format("missing '}}' before '{}'", tok_.text));
      }
      if (!accept(";")) {
        body.push_back(parse_statement());
      }
    }
    return body;
  }

  static Stmt make_stmt(Stmt::Kind kind, SourcePos pos) {
    Stmt stmt;
    stmt.kind = kind;
    stmt.pos = pos;
    return stmt;
  }

  Stmt parse_statement() {
    Depth depth(depth_);
    depth.enter(tok_.pos);
    if (at("{")) {
      Stmt block = make_stmt(Stmt::Kind::block, take().pos);
      block.then_body = parse_statements();
      expect("}");
      return block;
    }
    if (at("if") || at("while")) {
      return parse_if_or_while();
    }
    if (at("*")) {
      return parse_plain_store();
    }
    if (at_identifier() && one_of(statement_keywords, tok_.text)) {
      fail(tok_.pos, fmt::format("'{}' is not supported", tok_.text));
    }
    if (!at_identifier() || at("else")) {
      unexpected("a statement");
    }
    if (at(add_unless_name)) {
      return parse_call_statement(take());
    }
    reject_unsupported(tok_);
    if (is_type_word(tok_.text)) {
      return parse_declaration();
    }
    Token name = take();
    if (at("(")) {
      return parse_call_statement(name);
    }
    return parse_assignment(name);
  }

  // `if (e) branch [else branch]` or `while (e) branch`.
  Stmt parse_if_or_while() {
    bool is_if = at("if");
    Stmt stmt = make_stmt(is_if ? Stmt::Kind::if_else : Stmt::Kind::while_loop, take().pos);
    expect("(");
    stmt.value = parse_expr();
    expect(")");
    stmt.then_body = parse_branch();
    if (is_if && accept("else")) {
      stmt.else_body = parse_branch();
    }
    return stmt;
  }

  // A braced block's statements, or one statement.
  std::vector<Stmt> parse_branch() {
    if (!accept("{")) {
      std::vector<Stmt> one;
      one.push_back(parse_statement());
      return one;
    }
    std::vector<Stmt> body = parse_statements();
    expect("}");
    return body;
  }

  Stmt parse_plain_store() {
    Stmt stmt = make_stmt(Stmt::Kind::plain_store, take().pos);
    stmt.name = parse_location_name();
    expect("=");
    stmt.value = parse_expr();
    expect(";");
    return stmt;
  }

  // `T r;` or `T r = e;`
  Stmt parse_declaration() {
    Stmt stmt = make_stmt(Stmt::Kind::declare, tok_.pos);
    std::vector<Token> words = take_words();
    Token name = words.back();
    if (is_type_word(name.text)) {  // no name after the type
      check_type(words);
      unexpected(at("*") ? "a register name (pointer registers are not supported)"
                         : "a register name");
    }
    check_type(std::span<const Token>(words.data(), words.size() - 1));
    reject_unsupported(name);
    if (names_.back().params.contains(std::string(name.text))) {
      fail(name.pos, fmt::format("'{}' is a location of this thread, not a register", name.text));
    }
    if (accept("=")) {
      stmt.value = parse_expr();
    }
    expect(";");
    names_.back().registers.emplace(name.text);
    stmt.name = std::string(name.text);
    return stmt;
  }

  Stmt parse_assignment(const Token& name) {
    Stmt stmt = make_stmt(Stmt::Kind::assign, name.pos);
    stmt.name = std::string(name.text);
    check_register(name);
    expect("=");
    stmt.value = parse_expr();
    expect(";");
    return stmt;
  }

  Stmt parse_call_statement(const Token& name) {
    using What = AtomicCall::What;
    std::optional<AtomicCall> call = find_atomic_call(name.text);
    Stmt stmt = make_stmt(Stmt::Kind::expression, name.pos);
    if (call && call->what == What::fence) {
      stmt.kind = Stmt::Kind::fence;
      expect("(");
      stmt.order = parse_order();
      expect(")");
    } else if (call && call->what == What::store) {
      stmt.kind = Stmt::Kind::atomic_store;
      expect("(");
      stmt.name = parse_location_name();
      expect(",");
      stmt.value = parse_expr();
      if (call->explicit_order) {
        expect(",");
        stmt.order = parse_order();
      }
      expect(")");
    } else if (name.text == "WRITE_ONCE") {
      parse_write_once(stmt);
    } else {
      stmt.value = parse_call(name);
    }
    expect(";");
    return stmt;
  }

  // After `WRITE_ONCE`: `(*x, e)`, a plain store (herd's C11 mapping of the kernel macro).
  void parse_write_once(Stmt& stmt) {
    stmt.kind = Stmt::Kind::plain_store;
    expect("(");
    expect("*");
    stmt.name = parse_location_name();
    expect(",");
    stmt.value = parse_expr();
    expect(")");
  }

  // -- names in code

  // A parameter of the current thread, as the target of an access.
  std::string parse_location_name() {
    if (at("&")) {
      fail(tok_.pos, "'&' is not supported here: name the parameter itself");
    }
    Token name = expect_identifier("a location");
    reject_unsupported(name);
    if (!names_.back().params.contains(std::string(name.text))) {
      fail(name.pos, fmt::format("'{}' is not a parameter of P{}", name.text, names_.size() - 1));
    }
    return std::string(name.text);
  }

  // Fails unless `name` is a register the current thread declared before.
  void check_register(const Token& name) const {
    const ThreadNames& names = names_.back();
    std::string text(name.text);
    if (names.params.contains(text)) {
      fail(name.pos,
           fmt::format("'{}' is a location: access it with '*{}' or an atomic call", text, text));
    }
    if (!names.registers.contains(text)) {
      fail(name.pos,
           fmt::format("unknown register '{}' (declare it first: 'int {} = ...;')", text, text));
    }
  }

  Order parse_order() {
    if (!at_identifier()) {
      unexpected("a memory order");
    }
    auto it = std::ranges::find(order_names, tok_.text);
    if (it == order_names.end()) {
      fail(tok_.pos, fmt::format("unknown memory order '{}'", tok_.text));
    }
    advance();
    return static_cast<Order>(it - order_names.begin());
  }

  // -- expressions

  static ExprPtr make_expr(Expr::Kind kind, SourcePos pos) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->pos = pos;
    return expr;
  }

  ExprPtr parse_expr() { return parse_binary(0); }

  // The operators of binary_levels[level] and tighter, left-associative.
  ExprPtr parse_binary(std::size_t level) {
    if (level == binary_levels.size()) {
      return parse_operand();
    }
    Depth depth(depth_);
    ExprPtr lhs = parse_binary(level + 1);
    for (;;) {
      const BinaryLevel& ops = binary_levels[level];
      auto end = ops.ops.begin() + static_cast<std::ptrdiff_t>(ops.count);
      auto op = std::find_if(ops.ops.begin(), end, [&](const auto& o) { return at(o.first); });
      if (op == end) {
        return lhs;
      }
      depth.enter(tok_.pos);
      advance();
      ExprPtr binary = make_expr(Expr::Kind::binary, lhs->pos);
      binary->op = op->second;
      binary->lhs = std::move(lhs);
      binary->rhs = parse_binary(level + 1);
      lhs = std::move(binary);
    }
  }

  // A constant, a register, `*x`, a call, `(e)` or a cast `(T) e`.
  ExprPtr parse_operand() {
    Depth depth(depth_);
    depth.enter(tok_.pos);
    SourcePos pos = tok_.pos;
    if (at("-") || at_integer()) {
      bool negative = accept("-");
      if (negative && !at_integer()) {
        fail(pos, "unary minus is not supported (only in an integer literal: -1)");
      }
      ExprPtr constant = make_expr(Expr::Kind::constant, pos);
      constant->value = parse_magnitude(pos, negative, "an integer");
      return constant;
    }
    if (accept("*")) {
      ExprPtr load = make_expr(Expr::Kind::plain_load, pos);
      load->name = parse_location_name();
      return load;
    }
    if (accept("(")) {
      return parse_parenthesised();
    }
    if (!at_identifier()) {
      unexpected("an expression");
    }
    if (at(add_unless_name)) {
      return parse_call(take());
    }
    reject_unsupported(tok_);
    Token name = take();
    if (at("(")) {
      return parse_call(name);
    }
    check_register(name);
    ExprPtr local = make_expr(Expr::Kind::local, pos);
    local->name = std::string(name.text);
    return local;
  }

  // After `(`: a cast, which is ignored, or a parenthesised expression.
  ExprPtr parse_parenthesised() {
    if (at_identifier() && is_type_word(tok_.text)) {
      check_type(take_words());
      expect(")");
      return parse_operand();
    }
    ExprPtr inner = parse_expr();
    expect(")");
    return inner;
  }

  // An atomic load, RMW, CAS, add_unless or READ_ONCE call after its name (the value is the
  // call's result).
  ExprPtr parse_call(const Token& name) {
    if (name.text == add_unless_name) {
      return parse_add_unless(name);
    }
    if (name.text == "READ_ONCE") {
      return parse_read_once(name);
    }
    if (name.text == "WRITE_ONCE") {
      fail(name.pos, "'WRITE_ONCE' has no value");
    }
    std::optional<AtomicCall> call = find_atomic_call(name.text);
    if (!call) {
      reject_unsupported(name);
      fail(name.pos, fmt::format("unknown function '{}'", name.text));
    }
    using What = AtomicCall::What;
    if (call->what == What::store || call->what == What::fence) {
      fail(name.pos, fmt::format("'{}' has no value", name.text));
    }
    Expr::Kind kind = call->what == What::load  ? Expr::Kind::atomic_load
                      : call->what == What::rmw ? Expr::Kind::rmw
                                                : Expr::Kind::cas;
    ExprPtr expr = make_expr(kind, name.pos);
    expr->rmw = call->rmw;
    expr->weak = call->weak;
    expect("(");
    expr->name = parse_location_name();
    if (call->what == What::cas) {
      expect(",");
      expr->expected = parse_location_name();
    }
    if (call->what != What::load) {
      expect(",");
      expr->rhs = parse_expr();
    }
    if (call->explicit_order) {
      expect(",");
      expr->order = parse_order();
      if (call->what == What::cas) {
        expect(",");
        expr->failure_order = parse_order();
      }
    }
    expect(")");
    return expr;
  }

  // After `READ_ONCE`: `(*x)`, a plain load (herd's C11 mapping of the kernel macro).
  ExprPtr parse_read_once(const Token& name) {
    ExprPtr load = make_expr(Expr::Kind::plain_load, name.pos);
    expect("(");
    expect("*");
    load->name = parse_location_name();
    expect(")");
    return load;
  }

  // After `__atomic_add_unless`: `{mb}(x, a, u)`, Linux's fully ordered atomic_add_unless.
  ExprPtr parse_add_unless(const Token& name) {
    ExprPtr expr = make_expr(Expr::Kind::add_unless, name.pos);
    expect("{");
    if (!at("mb")) {
      unexpected("'mb' (only '__atomic_add_unless{mb}' is supported)");
    }
    advance();
    expect("}");
    expect("(");
    expr->name = parse_location_name();
    expect(",");
    expr->rhs = parse_expr();
    expect(",");
    expr->lhs = parse_expr();
    expect(")");
    return expr;
  }

  // -- the condition part

  void parse_condition_part() {
    lexer_.set_comments(Comments::herd);
    if (accept("regions")) {
      skip_regions();
    }
    if (at_end()) {  // no condition: herd reads `forall (true)`
      test_.quantifier = Quantifier::forall;
      return;
    }
    if (accept("locations")) {
      parse_printed_locations();
    }
    if (accept("filter")) {
      test_.filter = parse_prop();
    }
    test_.quantifier = parse_quantifier();
    test_.condition = parse_prop();
    if (!at_end()) {
      unexpected("the end of the condition");
    }
  }

  // After `regions`: `: x:ATTR ...`, herd's memory-region attributes, which do not change an
  // RC11 answer. Checks that each names a location; keeps nothing.
  void skip_regions() {
    expect(":");
    while (at_identifier() && !one_of(condition_words, tok_.text) && !at("not")) {
      check_location(take());
      expect(":");
      expect_identifier("a region attribute");
      if (!accept(",")) {
        accept(";");
      }
    }
  }

  void parse_printed_locations() {
    expect("[");
    while (!at("]")) {
      test_.printed.push_back(parse_state_key());
      if (!accept(";")) {
        break;
      }
    }
    expect("]");
  }

  Quantifier parse_quantifier() {
    if (at("cases") || at("observed")) {
      fail(tok_.pos, fmt::format("'{}' conditions are not supported", tok_.text));
    }
    if (accept("exists") || accept("final") || at("(")) {
      return Quantifier::exists;
    }
    if (accept("forall")) {
      return Quantifier::forall;
    }
    if (accept("~") || accept("not")) {
      expect("exists");
      return Quantifier::not_exists;
    }
    unexpected(at_identifier() ? "a thread 'P<n>' or the final condition"
                               : "the final condition ('exists', '~exists' or 'forall')");
  }

  // `x`, `[x]` or `n:r`.
  StateKey parse_state_key() {
    if (accept("[")) {
      StateKey key{-1, check_location(expect_identifier("a location"))};
      expect("]");
      return key;
    }
    if (at_identifier()) {
      return StateKey{-1, check_location(take())};
    }
    if (!at_integer()) {
      unexpected("a location or a register ('0:r0')");
    }
    Token thread = take();
    int index = -1;
    std::from_chars(thread.text.data(), thread.text.data() + thread.text.size(), index);
    if (index < 0 || static_cast<std::size_t>(index) >= names_.size()) {
      fail(thread.pos, fmt::format("thread P{} does not exist", thread.text));
    }
    expect(":");
    Token reg = expect_identifier("a register name");
    if (!names_[static_cast<std::size_t>(index)].registers.contains(std::string(reg.text))) {
      fail(reg.pos, fmt::format("P{} has no register '{}'", index, reg.text));
    }
    return StateKey{index, std::string(reg.text)};
  }

  std::string check_location(const Token& name) const {
    std::string text(name.text);
    if (!location_index_.contains(text)) {
      fail(name.pos, fmt::format("'{}' is not a location", text));
    }
    return text;
  }

  static Prop make_prop(Prop::Kind kind, std::vector<Prop> operands) {
    Prop prop;
    prop.kind = kind;
    prop.operands = std::move(operands);
    return prop;
  }

  // Loosest to tightest: `\/`, `/\`, `=>` (right-associative), `~`/`not`.
  Prop parse_prop() { return parse_prop_chain("\\/", Prop::Kind::disjunction); }

  Prop parse_prop_chain(std::string_view op, Prop::Kind kind) {
    bool is_or = kind == Prop::Kind::disjunction;
    Depth depth(depth_);
    Prop lhs = is_or ? parse_prop_chain("/\\", Prop::Kind::conjunction) : parse_implication();
    while (at(op)) {
      depth.enter(take().pos);
      Prop rhs = is_or ? parse_prop_chain("/\\", Prop::Kind::conjunction) : parse_implication();
      std::vector<Prop> operands;
      operands.push_back(std::move(lhs));
      operands.push_back(std::move(rhs));
      lhs = make_prop(kind, std::move(operands));
    }
    return lhs;
  }

  Prop parse_implication() {
    Prop lhs = parse_negation();
    if (!at("=>")) {
      return lhs;
    }
    Depth depth(depth_);
    depth.enter(take().pos);
    std::vector<Prop> operands;
    operands.push_back(std::move(lhs));
    operands.push_back(parse_implication());
    return make_prop(Prop::Kind::implication, std::move(operands));
  }

  Prop parse_negation() {
    Depth depth(depth_);
    if (at("~") || at("not")) {
      depth.enter(take().pos);
      std::vector<Prop> operand;
      operand.push_back(parse_negation());
      return make_prop(Prop::Kind::negation, std::move(operand));
    }
    return parse_prop_atom();
  }

  // `true`, `false`, `(p)`, `key = v`, `key == v`, `key != v` or `key <> v`.
  Prop parse_prop_atom() {
    if (accept("true")) {
      return make_prop(Prop::Kind::truth, {});
    }
    if (accept("false")) {
      return make_prop(Prop::Kind::falsity, {});
    }
    if (at("(")) {
      Depth depth(depth_);
      depth.enter(take().pos);
      Prop inner = parse_prop();
      expect(")");
      return inner;
    }
    Prop atom;
    atom.key = parse_state_key();
    if (accept("=") || accept("==")) {
      atom.kind = Prop::Kind::equals;
    } else if (accept("!=") || accept("<>")) {
      atom.kind = Prop::Kind::not_equals;
    } else {
      unexpected("'=' or '!='");
    }
    atom.value = parse_integer("an integer value");
    return atom;
  }

  Cursor cursor_;
  Lexer lexer_;
  Token tok_;
  Test test_;
  std::unordered_map<std::string, std::size_t> location_index_;
  std::vector<ThreadNames> names_;  // one per thread parsed so far; back() is the current one
  int depth_ = 0;
};

}  // namespace

std::variant<Test, ParseError> parse(std::string_view text) {
  if (text.size() > max_file_bytes) {
    return ParseError{1, 1, fmt::format("file is larger than 1 MiB ({} bytes)", text.size())};
  }
  try {
    return Parser(text).parse_test();
  } catch (Failure& failure) {
    return std::move(failure.error);
  }
}

std::string format_error(std::string_view file, const ParseError& e) {
  return fmt::format("{}:{}:{}: {}", file, e.line, e.column, e.message);
}

}  // namespace weft::litmus
