// weft-litmus against herd7 (issue 11, point 1): every test of tests/litmus/herdtools-c runs
// through weft's engine under --model rc11, and its verdict (Ok/No), positive and negative
// execution counts and race flag must equal the `rc11` row of expected.tsv (herd7 7.58 with
// rc11.cat). The one file herd7 rejects (C07, an unknown type) weft rejects too, with an error.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "litmus/interpreter.hpp"
#include "litmus/parser.hpp"
#include "litmus_test_support.hpp"

namespace weft::litmus {
namespace {

struct Expected {
  std::string verdict;  // Ok, No, or empty (herd gave no answer)
  std::uint64_t positive = 0;
  std::uint64_t negative = 0;
  bool race = false;
};

// expected.tsv's rc11 rows by file name.
std::map<std::string, Expected> expected_rc11() {
  std::map<std::string, Expected> rows;
  std::istringstream tsv(read_file(std::filesystem::path(WEFT_LITMUS_CORPUS) / "expected.tsv"));
  std::string line;
  std::getline(tsv, line);  // header
  while (std::getline(tsv, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) {
      cells.push_back(cell);
    }
    if (cells.size() < 6 || cells[1] != "rc11") {
      continue;
    }
    Expected e;
    e.verdict = cells[2];
    e.positive = cells[3].empty() ? 0 : std::stoull(cells[3]);
    e.negative = cells[4].empty() ? 0 : std::stoull(cells[4]);
    e.race = cells[5] == "*undef*";
    rows[cells[0]] = e;
  }
  return rows;
}

// Positive and negative as herd prints them: for ~exists, the executions in which the
// proposition does not hold are the positive ones.
std::pair<std::uint64_t, std::uint64_t> witnesses(const Test& test, const Answer& answer) {
  if (test.quantifier == Quantifier::not_exists) {
    return {answer.falsifying, answer.satisfying};
  }
  return {answer.satisfying, answer.falsifying};
}

const std::set<std::string> rejected = {"C07.litmus"};

TEST(LitmusCorpus, EveryTestAnswersAsHerdUnderRc11) {
  const std::map<std::string, Expected> rows = expected_rc11();
  ASSERT_EQ(rows.size(), 66U);
  std::size_t answered = 0;
  for (const auto& [file, expected] : rows) {
    SCOPED_TRACE(file);
    const std::string text = read_file(std::filesystem::path(WEFT_LITMUS_CORPUS) / file);
    const auto parsed = parse(text);
    if (rejected.contains(file)) {
      EXPECT_EQ(expected.verdict, "");
      ASSERT_TRUE(std::holds_alternative<ParseError>(parsed));
      EXPECT_EQ(std::get<ParseError>(parsed).message.rfind("unknown type 'int128_t'", 0), 0U);
      continue;
    }
    ASSERT_TRUE(std::holds_alternative<LitmusTest>(parsed))
        << format_error(file, std::get<ParseError>(parsed));
    const LitmusTest& test = std::get<LitmusTest>(parsed);
    const Answer answer = run(test, RunOptions{});
    ASSERT_TRUE(answer.error.empty()) << answer.error;
    ASSERT_FALSE(answer.timed_out);
    const auto [positive, negative] = witnesses(test, answer);
    EXPECT_EQ(answer.ok ? "Ok" : "No", expected.verdict);
    EXPECT_EQ(positive, expected.positive);
    EXPECT_EQ(negative, expected.negative);
    EXPECT_EQ(answer.race, expected.race);
    ++answered;
  }
  EXPECT_EQ(answered, 65U);
}

std::vector<std::vector<std::int64_t>> final_states(const Answer& answer) {
  std::vector<std::vector<std::int64_t>> states;
  for (const FinalState& state : answer.states) {
    states.push_back(state.values);
  }
  return states;
}

// Two racing atomic_add_unless(x, 1, 1) from 0: exactly one of them adds. Four executions: the
// one that adds first, and whether the other's load reads 0 (its CAS then fails, reading 1) or 1.
TEST(LitmusInterpreter, AddUnlessAddsOnceWhenTwoThreadsRace) {
  const auto parsed = parse(R"(C add_unless_race
{ x = 0; }
P0(atomic_t* x) { int r0 = __atomic_add_unless{mb}(x, 1, 1); }
P1(atomic_t* x) { int r0 = __atomic_add_unless{mb}(x, 1, 1); }
locations [x]
exists (0:r0=1 /\ 1:r0=1)
)");
  ASSERT_TRUE(std::holds_alternative<LitmusTest>(parsed));
  const Answer answer = run(std::get<LitmusTest>(parsed), RunOptions{});
  ASSERT_TRUE(answer.error.empty()) << answer.error;
  EXPECT_FALSE(answer.ok);
  EXPECT_FALSE(answer.race);
  EXPECT_EQ(answer.satisfying, 0U);
  EXPECT_EQ(answer.falsifying, 4U);
  EXPECT_EQ(final_states(answer), (std::vector<std::vector<std::int64_t>>{{0, 1, 1}, {1, 0, 1}}));
}

// add_unless with a register addend and a limit it never meets: it adds every time.
TEST(LitmusInterpreter, AddUnlessAddsUntilTheLimit) {
  const auto parsed = parse(R"(C add_unless_limit
{ x = 5; }
P0(atomic_t* x) {
  int a = 2;
  int r0 = __atomic_add_unless{mb}(x, a, 7);
  int r1 = __atomic_add_unless{mb}(x, a, 7);
}
forall (0:r0=1 /\ 0:r1=0 /\ x=7)
)");
  ASSERT_TRUE(std::holds_alternative<LitmusTest>(parsed));
  const Answer answer = run(std::get<LitmusTest>(parsed), RunOptions{});
  EXPECT_TRUE(answer.ok);
  EXPECT_EQ(answer.satisfying, 1U);
  EXPECT_EQ(answer.falsifying, 0U);
}

Answer run_text(const std::string& text) {
  const auto parsed = parse(text);
  EXPECT_TRUE(std::holds_alternative<LitmusTest>(parsed));
  return std::holds_alternative<LitmusTest>(parsed)
             ? run(std::get<LitmusTest>(parsed), RunOptions{})
             : Answer{};
}

// A while loop is a spin loop: an iteration that reads nothing new and would run again is not
// an execution, so waiting for another thread's store counts the one execution that leaves the
// loop; waiting for a store nobody makes is reported (a liveness failure), and so is a loop that
// writes for ever (the event limit): errors, never a hang.
TEST(LitmusInterpreter, WhileLoopsWaitAndNeverHang) {
  const std::string head = "C spin\n{ x = 0; }\nP0(atomic_int* x) {\n  int r = 0;\n";
  const std::string wait =
      "  while (r == 0) { r = atomic_load_explicit(x, memory_order_relaxed); }\n}\n";
  const Answer waits = run_text(head + wait +
                                "P1(atomic_int* x) { atomic_store_explicit(x, 1, "
                                "memory_order_relaxed); }\nexists (0:r=1)\n");
  EXPECT_TRUE(waits.error.empty()) << waits.error;
  EXPECT_TRUE(waits.ok);
  EXPECT_EQ(waits.satisfying, 1U);
  EXPECT_EQ(waits.falsifying, 0U);
  const Answer alone = run_text(head + wait + "exists (0:r=1)\n");
  EXPECT_NE(alone.error.find("no remaining thread can ever make progress"), std::string::npos)
      << alone.error;
  EXPECT_NE(alone.error.find("spins at spin.litmus:5"), std::string::npos) << alone.error;
  const Answer writes = run_text(head +
                                 "  while (1) { atomic_store_explicit(x, 1, memory_order_relaxed); "
                                 "}\n}\nexists (x=1)\n");
  EXPECT_NE(writes.error.find("max_events"), std::string::npos) << writes.error;
}

// RunOptions::graph: message passing with release/acquire has no execution in which the reader
// sees the flag and misses the data; the graph is then a counter-example of the exists, with
// the rf edge of the reader's load and the coherence order of the flag.
TEST(LitmusGraph, AWitnessOrCounterExampleIsDrawn) {
  const std::string text =
      read_file(std::filesystem::path(WEFT_LITMUS_CORPUS) / "mp-c11-rel-acq.litmus");
  const auto parsed = parse(text);
  ASSERT_TRUE(std::holds_alternative<LitmusTest>(parsed));
  RunOptions options;
  options.graph = true;
  const Answer answer = run(std::get<LitmusTest>(parsed), options);
  EXPECT_FALSE(answer.ok);
  EXPECT_EQ(answer.graph.rfind("digraph \"weft\" {", 0), 0U) << answer.graph;
  EXPECT_NE(answer.graph.find("label=\"mp-c11-rel-acq\""), std::string::npos) << answer.graph;
  EXPECT_NE(answer.graph.find("store(release) y := 1"), std::string::npos) << answer.graph;
  EXPECT_NE(answer.graph.find("-> e2_1 [color=red, fontcolor=red, label=\"rf"),
            std::string::npos)
      << answer.graph;  // P1's acquire load (model thread 2: thread 0 spawns the P<n>)
  EXPECT_NE(answer.graph.find("init -> e1_2 [color=blue, fontcolor=blue, label=\"mo y\"]"),
            std::string::npos)
      << answer.graph;
  const Answer without = run(std::get<LitmusTest>(parsed), RunOptions{});
  EXPECT_TRUE(without.graph.empty());
}

}  // namespace
}  // namespace weft::litmus
