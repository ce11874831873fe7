// Tests of weft::litmus::parse: the herdtools7 C corpus (tests/litmus/herdtools-c), the ASTs of
// a few of its tests in detail, constructs the corpus lacks, and malformed inputs, each with the
// exact position of its first error.

#include "litmus/parser.hpp"
#include "litmus_test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace weft::litmus {
namespace {

namespace fs = std::filesystem;

const fs::path corpus_dir = WEFT_LITMUS_CORPUS;

LitmusTest must_parse(std::string_view text) {
  auto result = parse(text);
  if (auto* error = std::get_if<ParseError>(&result)) {
    ADD_FAILURE() << format_error("<input>", *error);
    return {};
  }
  return std::move(std::get<LitmusTest>(result));
}

ParseError must_fail(std::string_view text) {
  auto result = parse(text);
  if (std::holds_alternative<LitmusTest>(result)) {
    ADD_FAILURE() << "parsed, but should have failed";
    return {};
  }
  return std::get<ParseError>(result);
}

LitmusTest corpus_test(const std::string& name) {
  return must_parse(read_file(corpus_dir / (name + ".litmus")));
}

// The atoms of a conjunction tree, left to right, as "key=value" strings.
void flatten_conjunction(const Prop& prop, std::vector<std::string>& atoms) {
  if (prop.kind == Prop::Kind::conjunction) {
    flatten_conjunction(prop.operands.at(0), atoms);
    flatten_conjunction(prop.operands.at(1), atoms);
    return;
  }
  ASSERT_EQ(prop.kind, Prop::Kind::equals);
  std::string key =
      prop.key.thread < 0 ? prop.key.name : std::to_string(prop.key.thread) + ":" + prop.key.name;
  atoms.push_back(key + "=" + std::to_string(prop.value));
}

std::vector<std::string> conjuncts(const Prop& prop) {
  std::vector<std::string> atoms;
  flatten_conjunction(prop, atoms);
  return atoms;
}

std::vector<Stmt::Kind> kinds(const std::vector<Stmt>& body) {
  std::vector<Stmt::Kind> result;
  for (const Stmt& stmt : body) {
    result.push_back(stmt.kind);
  }
  return result;
}

// ---- The corpus -------------------------------------------------------------------------------

struct Rejected {
  int line;
  int column;
  std::string word;
};

// The corpus files herd7 itself rejects, and where their first error is.
const std::map<std::string, Rejected> rejected_files = {
    {"C07.litmus",
     {6, 5,
      "unknown type 'int128_t' (the 128-bit types are __int128, __int128_t and __uint128_t)"}},
};

// herd's own condition keyword for each file (expected.tsv, rc11 rows).
std::map<std::string, std::string> herd_quantifiers() {
  std::map<std::string, std::string> result;
  std::istringstream rows(read_file(corpus_dir / "expected.tsv"));
  for (std::string row; std::getline(rows, row);) {
    std::vector<std::string> fields;
    std::istringstream cells(row);
    for (std::string cell; std::getline(cells, cell, '\t');) {
      fields.push_back(cell);
    }
    if (fields.size() == 8 && fields[1] == "rc11" && !fields[7].empty()) {
      result[fields[0]] = fields[7].substr(0, fields[7].find(' '));
    }
  }
  return result;
}

std::string quantifier_word(Quantifier q) {
  switch (q) {
    case Quantifier::exists:
      return "exists";
    case Quantifier::not_exists:
      return "~exists";
    case Quantifier::forall:
      return "forall";
  }
  return "?";
}

TEST(litmus_parser_corpus, every_c11_file_parses_and_the_others_name_their_construct) {
  std::map<std::string, std::string> herd = herd_quantifiers();
  int parsed = 0;
  int rejected = 0;
  for (const auto& entry : fs::directory_iterator(corpus_dir)) {
    if (entry.path().extension() != ".litmus") {
      continue;
    }
    std::string file = entry.path().filename().string();
    SCOPED_TRACE(file);
    auto result = parse(read_file(entry.path()));
    if (auto it = rejected_files.find(file); it != rejected_files.end()) {
      ++rejected;
      auto* error = std::get_if<ParseError>(&result);
      ASSERT_NE(error, nullptr);
      EXPECT_EQ(error->line, it->second.line);
      EXPECT_EQ(error->column, it->second.column);
      EXPECT_EQ(error->message, it->second.word);
      continue;
    }
    ++parsed;
    auto* test = std::get_if<LitmusTest>(&result);
    ASSERT_NE(test, nullptr) << format_error(file, std::get<ParseError>(result));
    EXPECT_EQ(quantifier_word(test->quantifier), herd.at(file));
    EXPECT_FALSE(test->threads.empty());
  }
  EXPECT_EQ(parsed, 65);
  EXPECT_EQ(rejected, 1);
}

TEST(litmus_parser_corpus, c01_plain_read_of_an_initialised_location) {
  LitmusTest test = corpus_test("C01");
  EXPECT_EQ(test.name, "C01");
  ASSERT_EQ(test.locations.size(), 1U);
  EXPECT_EQ(test.locations[0].name, "x");
  EXPECT_EQ(test.locations[0].initial, 1);
  EXPECT_EQ(test.locations[0].pos.line, 3);
  EXPECT_EQ(test.locations[0].pos.column, 3);
  ASSERT_EQ(test.threads.size(), 1U);
  EXPECT_EQ(test.threads[0].params, std::vector<std::string>{"x"});
  ASSERT_EQ(test.threads[0].body.size(), 1U);
  const Stmt& read = test.threads[0].body[0];
  EXPECT_EQ(read.kind, Stmt::Kind::declare);
  EXPECT_EQ(read.name, "r0");
  EXPECT_EQ(read.pos.line, 6);
  EXPECT_EQ(read.pos.column, 3);
  ASSERT_NE(read.value, nullptr);
  EXPECT_EQ(read.value->kind, Expr::Kind::plain_load);
  EXPECT_EQ(read.value->name, "x");
  EXPECT_EQ(test.quantifier, Quantifier::forall);
  EXPECT_EQ(test.condition.kind, Prop::Kind::equals);
  EXPECT_EQ(test.condition.key, (StateKey{0, "r0"}));
  EXPECT_EQ(test.condition.value, 1);
}

TEST(litmus_parser_corpus, fig6_bracketed_init_seq_cst_macros_and_a_long_conjunction) {
  LitmusTest test = corpus_test("fig6");
  ASSERT_EQ(test.locations.size(), 2U);
  EXPECT_EQ(test.locations[1].name, "y");
  EXPECT_EQ(test.locations[1].initial, 0);
  ASSERT_EQ(test.threads.size(), 4U);
  for (const Thread& thread : test.threads) {
    EXPECT_EQ(thread.params, (std::vector<std::string>{"x", "y"}));
  }
  const std::vector<Stmt>& p0 = test.threads[0].body;
  ASSERT_EQ(p0.size(), 3U);
  EXPECT_EQ(p0[0].kind, Stmt::Kind::atomic_store);
  EXPECT_EQ(p0[0].order, Order::relaxed);
  EXPECT_EQ(p0[1].order, Order::seq_cst);
  EXPECT_EQ(p0[1].value->value, 2);
  EXPECT_EQ(p0[2].name, "y");
  const Stmt& macro_store = test.threads[1].body.at(1);
  EXPECT_EQ(macro_store.kind, Stmt::Kind::atomic_store);
  EXPECT_EQ(macro_store.order, Order::seq_cst);
  EXPECT_EQ(macro_store.value->value, 2);
  const Stmt& macro_load = test.threads[2].body.at(1);
  EXPECT_EQ(macro_load.value->kind, Expr::Kind::atomic_load);
  EXPECT_EQ(macro_load.value->order, Order::seq_cst);
  EXPECT_EQ(test.threads[3].body.size(), 6U);
  EXPECT_EQ(test.threads[3].body[5].value->order, Order::relaxed);
  EXPECT_EQ(test.quantifier, Quantifier::exists);
  EXPECT_EQ(conjuncts(test.condition),
            (std::vector<std::string>{"2:r=1", "3:s1=1", "3:t1=1", "3:s2=2", "3:t2=2", "3:s3=3",
                                      "3:t3=3"}));
}

TEST(litmus_parser_corpus, rseq_weak_plain_store_and_if) {
  LitmusTest test = corpus_test("rseq_weak");
  ASSERT_EQ(test.threads.size(), 3U);
  EXPECT_EQ(test.threads[1].params, (std::vector<std::string>{"x", "y"}));
  const std::vector<Stmt>& p1 = test.threads[1].body;
  EXPECT_EQ(kinds(p1), (std::vector{Stmt::Kind::plain_store, Stmt::Kind::atomic_store,
                                    Stmt::Kind::atomic_store}));
  EXPECT_EQ(p1[0].name, "y");
  EXPECT_EQ(p1[0].value->kind, Expr::Kind::constant);
  EXPECT_EQ(p1[1].order, Order::release);
  const Stmt& branch = test.threads[2].body.at(1);
  EXPECT_EQ(branch.kind, Stmt::Kind::if_else);
  EXPECT_EQ(branch.value->kind, Expr::Kind::binary);
  EXPECT_EQ(branch.value->op, BinaryOp::eq);
  EXPECT_EQ(branch.value->lhs->name, "r0");
  EXPECT_EQ(branch.value->rhs->value, 3);
  ASSERT_EQ(branch.then_body.size(), 1U);
  EXPECT_EQ(branch.then_body[0].name, "r1");
  EXPECT_EQ(branch.then_body[0].value->kind, Expr::Kind::plain_load);
  EXPECT_TRUE(branch.else_body.empty());
  EXPECT_EQ(conjuncts(test.condition), (std::vector<std::string>{"x=3", "y=1"}));
}

// a3v2's "while" is only in a comment: the CAS's expected value is the location `one`.
TEST(litmus_parser_corpus, a3v2_cas_with_a_location_as_expected_value) {
  LitmusTest test = corpus_test("a3v2");
  ASSERT_EQ(test.locations.size(), 3U);
  EXPECT_EQ(test.locations[2].name, "one");
  EXPECT_EQ(test.locations[2].initial, 1);
  EXPECT_EQ(test.threads[1].params, (std::vector<std::string>{"x", "y", "one"}));
  const std::vector<Stmt>& p1 = test.threads[1].body;
  EXPECT_EQ(kinds(p1),
            (std::vector{Stmt::Kind::declare, Stmt::Kind::declare, Stmt::Kind::if_else}));
  const Expr& cas = *p1[0].value;
  EXPECT_EQ(cas.kind, Expr::Kind::cas);
  EXPECT_EQ(cas.name, "x");
  EXPECT_EQ(cas.expected, "one");
  EXPECT_EQ(cas.rhs->value, 2);
  EXPECT_EQ(cas.order, Order::acquire);
  EXPECT_EQ(cas.failure_order, Order::relaxed);
  EXPECT_FALSE(cas.weak);
  EXPECT_EQ(p1[1].value->value, -1);
  EXPECT_EQ(p1[2].value->kind, Expr::Kind::local);
  ASSERT_EQ(p1[2].then_body.size(), 1U);
  EXPECT_EQ(p1[2].then_body[0].kind, Stmt::Kind::assign);
  EXPECT_EQ(p1[2].then_body[0].name, "r1");
}

TEST(litmus_parser_corpus, c13_printed_locations_and_not_equals) {
  LitmusTest test = corpus_test("C13");
  EXPECT_EQ(test.printed, (std::vector<StateKey>{{0, "r2"}, {1, "r4"}}));
  EXPECT_EQ(test.condition.kind, Prop::Kind::not_equals);
  EXPECT_EQ(test.condition.key, (StateKey{0, "r1"}));
  EXPECT_EQ(test.condition.value, 0);
  const Expr& sum = *test.threads[0].body.at(2).value;  // (r1^r1)+r1
  EXPECT_EQ(sum.op, BinaryOp::add);
  EXPECT_EQ(sum.lhs->op, BinaryOp::bit_xor);
  EXPECT_EQ(sum.rhs->name, "r1");
}

TEST(litmus_parser_corpus, c15_not_exists_over_an_exchange) {
  LitmusTest test = corpus_test("C15");
  EXPECT_EQ(test.quantifier, Quantifier::not_exists);
  EXPECT_EQ(conjuncts(test.condition), (std::vector<std::string>{"1:r1=0", "y=2"}));
  const Expr& exchange = *test.threads[1].body.at(0).value;
  EXPECT_EQ(exchange.kind, Expr::Kind::rmw);
  EXPECT_EQ(exchange.rmw, RmwOp::exchange);
  EXPECT_EQ(exchange.order, Order::relaxed);
}

TEST(litmus_parser_corpus, c16_seq_cst_cas_statement_and_parameter_only_location) {
  LitmusTest test = corpus_test("C16");
  ASSERT_EQ(test.locations.size(), 2U);
  EXPECT_EQ(test.locations[1].name, "z");
  EXPECT_EQ(test.locations[1].initial, 0);
  const Stmt& stmt = test.threads[1].body.at(0);
  EXPECT_EQ(stmt.kind, Stmt::Kind::expression);
  EXPECT_EQ(stmt.value->kind, Expr::Kind::cas);
  EXPECT_EQ(stmt.value->expected, "z");
  EXPECT_EQ(stmt.value->order, Order::seq_cst);
  EXPECT_EQ(stmt.value->failure_order, Order::seq_cst);
}

TEST(litmus_parser_corpus, a2_without_condition_reads_as_forall_true) {
  LitmusTest test = corpus_test("a2");
  EXPECT_EQ(test.quantifier, Quantifier::forall);
  EXPECT_EQ(test.condition.kind, Prop::Kind::truth);
  const Expr& cas = *test.threads[0].body.at(1).value;
  EXPECT_EQ(cas.expected, "z");
  EXPECT_EQ(cas.order, Order::release);
}

TEST(litmus_parser_corpus, c03_fetch_add_statement_on_a_plain_int_parameter) {
  LitmusTest test = corpus_test("C03");
  const Stmt& stmt = test.threads[0].body.at(0);
  EXPECT_EQ(stmt.kind, Stmt::Kind::expression);
  EXPECT_EQ(stmt.value->rmw, RmwOp::fetch_add);
  EXPECT_EQ(stmt.value->order, Order::seq_cst);
  EXPECT_EQ(test.condition.key, (StateKey{-1, "y"}));
}

TEST(litmus_parser_corpus, c11_typeless_and_atomic_128_bit_init_and_volatile_parameters) {
  LitmusTest test = corpus_test("C11");
  ASSERT_EQ(test.locations.size(), 3U);
  EXPECT_EQ(test.locations[0].name, "y");
  EXPECT_EQ(test.locations[1].name, "x");
  EXPECT_EQ(test.locations[2].name, "z");
  EXPECT_EQ(test.locations[2].initial, 0);
  EXPECT_EQ(test.threads[0].params, (std::vector<std::string>{"y", "x"}));
  EXPECT_EQ(kinds(test.threads[0].body),
            (std::vector{Stmt::Kind::declare, Stmt::Kind::fence, Stmt::Kind::plain_store}));
  EXPECT_EQ(test.threads[0].body[0].value->kind, Expr::Kind::plain_load);
}

TEST(litmus_parser_corpus, c05_128_bit_init_value_after_a_variant_line) {
  LitmusTest test = corpus_test("C05");
  ASSERT_EQ(test.locations.size(), 1U);
  EXPECT_EQ(test.locations[0].initial, 1);
  EXPECT_EQ(test.threads[0].body.at(0).kind, Stmt::Kind::plain_store);
}

TEST(litmus_parser_corpus, c12_regions_section_is_skipped) {
  LitmusTest test = corpus_test("C12");
  EXPECT_EQ(test.quantifier, Quantifier::forall);
  EXPECT_EQ(conjuncts(test.condition), (std::vector<std::string>{"x=1"}));
}

TEST(litmus_parser_corpus, c17_atomic_init_and_add_unless) {
  LitmusTest test = corpus_test("C17");
  ASSERT_EQ(test.locations.size(), 1U);
  EXPECT_EQ(test.locations[0].name, "x");
  EXPECT_EQ(test.locations[0].initial, 0);
  const std::vector<Stmt>& p0 = test.threads.at(0).body;
  EXPECT_EQ(kinds(p0), (std::vector{Stmt::Kind::declare, Stmt::Kind::assign, Stmt::Kind::declare,
                                    Stmt::Kind::assign}));
  const Expr& first = *p0[1].value;
  EXPECT_EQ(first.kind, Expr::Kind::add_unless);
  EXPECT_EQ(first.name, "x");
  EXPECT_EQ(first.rhs->value, 10);  // the addend
  EXPECT_EQ(first.lhs->value, 0);   // unless the location holds this
  EXPECT_EQ(first.pos.line, 9);
  EXPECT_EQ(first.pos.column, 8);
  EXPECT_EQ(p0[3].value->kind, Expr::Kind::add_unless);
  EXPECT_EQ(p0[3].value->lhs->value, 10);
  EXPECT_EQ(conjuncts(test.condition), (std::vector<std::string>{"0:r0=0", "0:r1=1", "x=10"}));
}

TEST(litmus_parser_corpus, sb_onces_write_once_and_read_once_are_plain_accesses) {
  LitmusTest test = corpus_test("SB+onces");
  ASSERT_EQ(test.threads.size(), 2U);
  const std::vector<Stmt>& p0 = test.threads[0].body;
  EXPECT_EQ(kinds(p0),
            (std::vector{Stmt::Kind::declare, Stmt::Kind::plain_store, Stmt::Kind::assign}));
  EXPECT_EQ(p0[1].name, "x");
  EXPECT_EQ(p0[1].value->value, 1);
  EXPECT_EQ(p0[1].pos.line, 8);
  EXPECT_EQ(p0[1].pos.column, 3);
  EXPECT_EQ(p0[2].value->kind, Expr::Kind::plain_load);
  EXPECT_EQ(p0[2].value->name, "y");
  EXPECT_EQ(test.threads[1].body.at(1).name, "y");
  EXPECT_EQ(test.threads[1].body.at(2).value->name, "x");
}

// ---- Constructs the corpus lacks -------------------------------------------------------------

constexpr std::string_view everything = R"(C every+construct.1-x_2 (texname) "doc"
(* a (* nested *) comment *)
Variant=none
Hash=abc
{ int x = -5; long z; [w] = 9223372036854775807; v = -9223372036854775808 }

void P0 (volatile int* x, _Atomic int *z, int64_t* w) {
  int r0 = (int) 1 + 2 * 3 == 7 | 8 ^ 4 & 6;  // C precedence
  int r1;
  /* a block comment */
  while (r0 != 0) { r0 = r0 - 1; }
  if (r0 < 1) r1 = *x; else { r1 = atomic_load_explicit(z, memory_order_consume); }
  { atomic_thread_fence(memory_order_acq_rel); }
  r1 = atomic_exchange(z, 1) + atomic_fetch_sub(z, 1) + atomic_fetch_or(z, 1);
  r1 = atomic_fetch_and_explicit(z, 1, memory_order_acquire) >= atomic_fetch_xor(z, 2);
  int ok = atomic_compare_exchange_weak_explicit(z, x, 3, memory_order_release, memory_order_acquire);
  atomic_compare_exchange_weak(z, x, r1 / 2);
}

locations [x; [w]; 0:ok;]
filter 0:r1 <> 7 \/ true
not exists (* why *) ( 0: r0 = 0 /\ x == -5 => ~ z=1 \/ not false )
)";

TEST(litmus_parser_constructs, every_construct_of_the_c11_subset) {
  LitmusTest test = must_parse(everything);
  EXPECT_EQ(test.name, "every+construct.1-x_2");
  ASSERT_EQ(test.locations.size(), 4U);
  EXPECT_EQ(test.locations[0].initial, -5);
  EXPECT_EQ(test.locations[1].name, "z");
  EXPECT_EQ(test.locations[2].initial, INT64_MAX);
  EXPECT_EQ(test.locations[3].initial, INT64_MIN);
  const std::vector<Stmt>& body = test.threads.at(0).body;
  EXPECT_EQ(kinds(body),
            (std::vector{Stmt::Kind::declare, Stmt::Kind::declare, Stmt::Kind::while_loop,
                         Stmt::Kind::if_else, Stmt::Kind::block, Stmt::Kind::assign,
                         Stmt::Kind::assign, Stmt::Kind::declare, Stmt::Kind::expression}));
  const Expr& precedence = *body[0].value;  // ((1 + 2*3) == 7) | (8 ^ (4 & 6))
  EXPECT_EQ(precedence.op, BinaryOp::bit_or);
  EXPECT_EQ(precedence.lhs->op, BinaryOp::eq);
  EXPECT_EQ(precedence.lhs->lhs->op, BinaryOp::add);
  EXPECT_EQ(precedence.lhs->lhs->rhs->op, BinaryOp::mul);
  EXPECT_EQ(precedence.rhs->op, BinaryOp::bit_xor);
  EXPECT_EQ(precedence.rhs->rhs->op, BinaryOp::bit_and);
  EXPECT_EQ(body[1].value, nullptr);
  EXPECT_EQ(body[2].then_body.at(0).value->op, BinaryOp::sub);
  EXPECT_EQ(body[3].then_body.at(0).value->kind, Expr::Kind::plain_load);
  EXPECT_EQ(body[3].else_body.at(0).value->order, Order::consume);
  EXPECT_EQ(body[4].then_body.at(0).order, Order::acq_rel);
  EXPECT_EQ(body[5].value->lhs->lhs->rmw, RmwOp::exchange);
  EXPECT_EQ(body[5].value->lhs->rhs->rmw, RmwOp::fetch_sub);
  EXPECT_EQ(body[5].value->rhs->rmw, RmwOp::fetch_or);
  EXPECT_EQ(body[6].value->op, BinaryOp::ge);
  EXPECT_EQ(body[6].value->lhs->rmw, RmwOp::fetch_and);
  EXPECT_EQ(body[6].value->rhs->order, Order::seq_cst);
  const Expr& weak = *body[7].value;
  EXPECT_TRUE(weak.weak);
  EXPECT_EQ(weak.expected, "x");
  EXPECT_EQ(weak.failure_order, Order::acquire);
  EXPECT_EQ(body[8].value->rhs->op, BinaryOp::div);
  EXPECT_EQ(test.printed, (std::vector<StateKey>{{-1, "x"}, {-1, "w"}, {0, "ok"}}));
  ASSERT_TRUE(test.filter.has_value());
  EXPECT_EQ(test.filter->kind, Prop::Kind::disjunction);
  EXPECT_EQ(test.filter->operands.at(0).kind, Prop::Kind::not_equals);
  EXPECT_EQ(test.filter->operands.at(1).kind, Prop::Kind::truth);
  EXPECT_EQ(test.quantifier, Quantifier::not_exists);
  // `=>` binds tighter than `/\`, and `~` tighter than both.
  const Prop& cond = test.condition;
  ASSERT_EQ(cond.kind, Prop::Kind::disjunction);
  ASSERT_EQ(cond.operands.at(0).kind, Prop::Kind::conjunction);
  const Prop& implication = cond.operands[0].operands.at(1);
  EXPECT_EQ(implication.kind, Prop::Kind::implication);
  EXPECT_EQ(implication.operands.at(0).value, -5);
  EXPECT_EQ(implication.operands.at(1).kind, Prop::Kind::negation);
  EXPECT_EQ(cond.operands.at(1).operands.at(0).kind, Prop::Kind::falsity);
}

TEST(litmus_parser_constructs, all_six_orders_and_right_associative_implication) {
  LitmusTest test = must_parse(R"(C orders
{}
P0(atomic_int* x) {
  atomic_thread_fence(memory_order_relaxed);
  atomic_thread_fence(memory_order_consume);
  atomic_thread_fence(memory_order_acquire);
  atomic_thread_fence(memory_order_release);
  atomic_thread_fence(memory_order_acq_rel);
  atomic_thread_fence(memory_order_seq_cst);
}
forall x=0 => x=1 => x=2)");
  std::vector<Order> orders;
  for (const Stmt& fence : test.threads.at(0).body) {
    orders.push_back(fence.order);
  }
  EXPECT_EQ(orders, (std::vector{Order::relaxed, Order::consume, Order::acquire, Order::release,
                                 Order::acq_rel, Order::seq_cst}));
  EXPECT_EQ(test.condition.kind, Prop::Kind::implication);
  EXPECT_EQ(test.condition.operands.at(0).value, 0);
  EXPECT_EQ(test.condition.operands.at(1).kind, Prop::Kind::implication);
}

constexpr std::string_view kernel_forms = R"(C kernel
{ atomic_t x = ATOMIC_INIT(-3); __uint128_t y; }
P0(atomic_t* x, volatile __int128* y) {
  __atomic_add_unless{mb}(x, 1, 0);
  __int128 r0 = READ_ONCE(*y);
  WRITE_ONCE(*y, r0 + 2);
}
regions: x:PROP, y:PROP
exists (x=-2 /\ 0:r0=0)
)";

TEST(litmus_parser_constructs, kernel_forms_as_statements_and_in_expressions) {
  LitmusTest test = must_parse(kernel_forms);
  ASSERT_EQ(test.locations.size(), 2U);
  EXPECT_EQ(test.locations[0].initial, -3);
  EXPECT_EQ(test.locations[1].initial, 0);
  const std::vector<Stmt>& p0 = test.threads.at(0).body;
  EXPECT_EQ(kinds(p0),
            (std::vector{Stmt::Kind::expression, Stmt::Kind::declare, Stmt::Kind::plain_store}));
  EXPECT_EQ(p0[0].value->kind, Expr::Kind::add_unless);
  EXPECT_EQ(p0[1].value->kind, Expr::Kind::plain_load);
  EXPECT_EQ(p0[2].value->kind, Expr::Kind::binary);
  EXPECT_EQ(conjuncts(test.condition), (std::vector<std::string>{"x=-2", "0:r0=0"}));
}

TEST(litmus_parser_constructs, format_error_prints_file_line_and_column) {
  ParseError error{3, 14, "unknown function 'foo'"};
  EXPECT_EQ(format_error("t.litmus", error), "t.litmus:3:14: unknown function 'foo'");
}

// ---- Malformed inputs -------------------------------------------------------------------------

struct Malformed {
  std::string label;
  std::string text;
  int line;
  int column;
  std::string word;  // a part of the message
};

// A one-thread test over x and y whose P0 body is `body` (its first line is line 4).
std::string with_body(const std::string& body, const std::string& condition = "exists (x=1)") {
  return "C t\n{ x = 0; y = 0; }\nP0(atomic_int* x) {\n" + body + "\n}\n" + condition + "\n";
}

std::string nested(int depth, const std::string& open, const std::string& inner,
                   const std::string& close) {
  std::string text;
  for (int i = 0; i < depth; ++i) {
    text += open;
  }
  text += inner;
  for (int i = 0; i < depth; ++i) {
    text += close;
  }
  return text;
}

std::vector<Malformed> malformed_inputs() {
  const std::string two = "C t\n{}\nP0(int* x) { int r0 = 1; }\nP1(int* x) { int r1 = 1; }\n";
  return {
      {"empty_file", "", 1, 1, "empty file"},
      {"blank_file", "\n  \n", 3, 1, "empty file"},
      {"binary_garbage", std::string("\x7f\x45\x4c\x46\x02\x01\x00\xff", 8), 1, 1, "header"},
      {"garbage_in_init", "C t\n{ x = \x01 }", 2, 7, "byte 0x01"},
      {"not_c", "AArch64 t\n{}\n", 1, 1, "C litmus"},
      {"no_name", "C\n{}\n", 1, 2, "test name"},
      {"no_init_block", "C t\n(* only a comment *)\n", 3, 1, "init block"},
      {"text_before_init", "C t\nhello world\n{}\n", 2, 1, "init block"},
      {"unterminated_herd_comment", "C t\n(* (* *)\n{}\n", 2, 1, "unterminated comment"},
      {"truncated_init", "C t\n{ x = 0;", 2, 9, "end of the file"},
      {"truncated_thread", "C t\n{}\nP0(int* x) {\n  *x = 1;\n", 5, 1, "expected '}'"},
      {"missing_brace_before_exists",
       "C t\n{ x = 0; }\nP0(atomic_int* x) {\n  *x = 1;\nexists (x=1)\n", 5, 1, "missing '}'"},
      {"no_thread", "C t\n{ x = 1; }\nexists (x=1)\n", 3, 1, "thread 'P0'"},
      {"wrong_thread_number", two + "P3(int* x) { }\n", 5, 1, "thread 'P2'"},
      {"bad_order", with_body("  atomic_store_explicit(x, 1, memory_order_weird);"), 4, 31,
       "unknown memory order 'memory_order_weird'"},
      {"unknown_function", with_body("  int r0 = foo(x);"), 4, 12, "unknown function 'foo'"},
      {"logical_and", with_body("  int r0 = 1;\n  if (r0 == 1 && r0 == 2) *x = 1;"), 5, 15,
       "operator '&&'"},
      {"logical_or", with_body("  int r0 = 1 || 0;"), 4, 14, "operator '||'"},
      {"logical_not", with_body("  int r0 = !1;"), 4, 12, "operator '!'"},
      {"unary_minus", with_body("  int r0 = 1;\n  r0 = -r0;"), 5, 8, "unary minus"},
      {"increment", with_body("  int r0 = 1;\n  r0++;"), 5, 5, "operator '++'"},
      {"compound_assignment", with_body("  *x += 1;"), 4, 6, "operator '+='"},
      {"for_loop", with_body("  for (;;) {}"), 4, 3, "'for' is not supported"},
      {"return", with_body("  return;"), 4, 3, "'return' is not supported"},
      {"kernel_macro", with_body("  smp_mb();"), 4, 3, "Linux-kernel construct 'smp_mb'"},
      {"kernel_lock", with_body("  spin_lock(x);"), 4, 3, "Linux-kernel construct 'spin_lock'"},
      {"atomic_init_in_code", with_body("  int r0 = ATOMIC_INIT(0);"), 4, 12,
       "Linux-kernel construct 'ATOMIC_INIT'"},
      {"write_once_without_star", with_body("  WRITE_ONCE(x, 1);"), 4, 14, "expected '*'"},
      {"write_once_has_no_value", with_body("  int r0 = WRITE_ONCE(*x, 1);"), 4, 12,
       "'WRITE_ONCE' has no value"},
      {"herd_internal", with_body("  int r0 = __load{once}(x);"), 4, 12,
       "herd-internal form '__load'"},
      {"herd_internal_statement", with_body("  __store{once}(x, 1);"), 4, 3,
       "herd-internal form '__store'"},
      {"add_unless_not_mb", with_body("  int r0 = __atomic_add_unless{once}(x, 1, 0);"), 4, 32,
       "only '__atomic_add_unless{mb}'"},
      {"int128_value_too_big", "C t\n{ __int128 x = 9223372036854775808; }\n", 2, 16,
       "does not fit in 64 bits"},
      {"unknown_128_bit_type", with_body("  uint128_t r0 = 0;"), 4, 3, "unknown type 'uint128_t'"},
      {"regions_unknown_location", with_body("", "regions: z:PROP\nexists (x=1)"), 6, 10,
       "'z' is not a location"},
      {"mutex", with_body("  lock(x);"), 4, 3, "mutexes"},
      {"store_has_no_value", with_body("  int r0 = atomic_store(x, 1);"), 4, 12, "no value"},
      {"location_not_a_parameter",
       with_body("  atomic_store_explicit(y, 1, memory_order_relaxed);"), 4, 25,
       "'y' is not a parameter of P0"},
      {"location_as_value", with_body("  int r0 = x;"), 4, 12, "'x' is a location"},
      {"undeclared_register", with_body("  r0 = 1;"), 4, 3, "unknown register 'r0'"},
      {"pointer_init", "C t\n{ x = y; }\n", 2, 7, "pointer values"},
      {"address_init", "C t\n{ x = &y; }\n", 2, 7, "pointer values"},
      {"initialised_twice", "C t\n{ x = 1; [x] = 2; }\n", 2, 11, "initialised twice"},
      {"huge_init", "C t\n{ x = 9223372036854775808; }\n", 2, 7, "does not fit in 64 bits"},
      {"huge_negative_in_code", with_body("  int r0 = -99999999999999999999;"), 4, 12,
       "does not fit in 64 bits"},
      {"huge_in_condition", with_body("", "exists (x=-9223372036854775809)"), 6, 11,
       "does not fit"},
      {"unbalanced_condition", with_body("", "exists ((x=1 /\\ y=1)"), 7, 1, "expected ')'"},
      {"extra_parenthesis", with_body("", "exists x=1)"), 6, 11, "end of the condition"},
      {"missing_thread_register", two + "exists (2:r0=1)", 5, 9, "thread P2 does not exist"},
      {"undeclared_condition_register", two + "exists (1:r0=1)", 5, 11, "P1 has no register 'r0'"},
      {"unknown_condition_location", with_body("", "exists (z=1)"), 6, 9, "'z' is not a location"},
      {"cases_condition", with_body("", "cases x=1"), 6, 1, "'cases' conditions"},
      {"missing_comparison", with_body("", "exists (x)"), 6, 10, "expected '=' or '!='"},
      {"nested_parentheses_in_code", with_body("  int r0 = " + nested(10000, "(", "1", ")") + ";"),
       4, 211, "nested too deeply"},
      {"nested_parentheses_in_condition", with_body("", "exists " + nested(10000, "(", "x=1", ")")),
       6, 208, "nested too deeply"},
      {"long_negation_chain", with_body("", "exists " + nested(10000, "~", "x=1", "")), 6, 208,
       "nested too deeply"},
      {"nested_blocks", with_body(nested(10000, "{", "", "}")), 4, 201, "nested too deeply"},
      {"long_sum", with_body("  int r0 = 1" + nested(10000, "+1", "", "") + ";"), 4, 410,
       "nested too deeply"},
      {"over_one_mebibyte", with_body(std::string(std::size_t{1} << 20, ' ')), 1, 1, "1 MiB"},
  };
}

class litmus_parser_malformed : public testing::TestWithParam<Malformed> {};

TEST_P(litmus_parser_malformed, first_error_at_its_position) {
  const Malformed& input = GetParam();
  ParseError error = must_fail(input.text);
  EXPECT_EQ(error.line, input.line) << error.message;
  EXPECT_EQ(error.column, input.column) << error.message;
  EXPECT_NE(error.message.find(input.word), std::string::npos) << error.message;
}

INSTANTIATE_TEST_SUITE_P(inputs, litmus_parser_malformed, testing::ValuesIn(malformed_inputs()),
                         [](const testing::TestParamInfo<Malformed>& param) {
                           return param.param.label;
                         });

}  // namespace
}  // namespace weft::litmus
