// The reference notes' programs as litmus tests (issue 11, point 2): every file of
// examples/litmus is parsed and run under --model rc11, c++20 and sc, and its verdict (Ok/No),
// satisfying and falsifying execution counts, race flag and number of final states must be
// exactly these. The sc rows show what weak memory changes: xyz_acq_rel's z == 0 and
// cas_mutex_relaxed's race and lost update exist only under RC11 (and C++20).

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
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

namespace fs = std::filesystem;

const fs::path examples_dir = WEFT_LITMUS_EXAMPLES;

struct Verdict {
  bool ok = false;
  std::uint64_t satisfying = 0;
  std::uint64_t falsifying = 0;
  bool race = false;
  std::size_t states = 0;
};

struct Example {
  std::string file;
  Verdict rc11;  // also --model c++20's answer: no example tells the two apart
  Verdict sc;
};

const std::vector<Example> examples = {
    // Load buffering: r1 == r2 == 42 needs a cycle of po and rf, which RC11 forbids.
    {"too_relaxed.litmus", {false, 0, 3, false, 2}, {false, 0, 3, false, 2}},
    {"lb_42.litmus", {false, 0, 3, false, 3}, {false, 0, 3, false, 3}},
    {"oota_42.litmus", {false, 0, 3, false, 1}, {false, 0, 3, false, 1}},
    // z == 0 with both readers past their wait: only when they disagree on the stores' order.
    {"xyz_seq_cst.litmus", {false, 0, 9, false, 7}, {false, 0, 9, false, 7}},
    {"xyz_acq_rel.litmus", {true, 1, 9, false, 8}, {false, 0, 9, false, 7}},
    // A lost update (both in, value 1).
    {"naive_mutex.litmus", {true, 16, 16, true, 4}, {true, 8, 14, true, 4}},
    {"cas_mutex.litmus", {false, 0, 4, false, 3}, {false, 0, 4, false, 3}},
    {"cas_mutex_relaxed.litmus", {true, 4, 4, true, 4}, {false, 0, 4, false, 3}},
};

LitmusTest parse_example(const std::string& file) {
  const std::string text = read_file(examples_dir / file);
  EXPECT_FALSE(text.empty()) << "cannot read " << (examples_dir / file);
  auto parsed = parse(text);
  if (const auto* error = std::get_if<ParseError>(&parsed)) {
    ADD_FAILURE() << format_error(file, *error);
    return {};
  }
  return std::get<LitmusTest>(std::move(parsed));
}

Answer run_example(const LitmusTest& test, ModelChoice model) {
  RunOptions options;
  options.model = model;
  options.timeout_seconds = 60;
  Answer answer = run(test, options);
  EXPECT_TRUE(answer.error.empty()) << answer.error;
  EXPECT_FALSE(answer.timed_out);
  return answer;
}

void expect_verdict(const Answer& answer, const Verdict& expected) {
  EXPECT_EQ(answer.ok, expected.ok);
  EXPECT_EQ(answer.satisfying, expected.satisfying);
  EXPECT_EQ(answer.falsifying, expected.falsifying);
  EXPECT_EQ(answer.race, expected.race);
  EXPECT_EQ(answer.states.size(), expected.states);
}

// The final states' values as written in the test, e.g. {{0, 42}, {42, 0}}.
std::set<std::vector<std::int64_t>> state_values(const Answer& answer) {
  std::set<std::vector<std::int64_t>> values;
  for (const FinalState& state : answer.states) {
    values.insert(state.values);
  }
  return values;
}

TEST(LitmusExamples, DirectoryHoldsExactlyTheListedFiles) {
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(examples_dir)) {
    if (entry.path().extension() == ".litmus") {
      on_disk.insert(entry.path().filename().string());
    }
  }
  std::set<std::string> listed;
  for (const Example& example : examples) {
    listed.insert(example.file);
  }
  EXPECT_EQ(on_disk, listed);
}

TEST(LitmusExamples, Rc11Answers) {
  for (const Example& example : examples) {
    SCOPED_TRACE(example.file);
    const LitmusTest test = parse_example(example.file);
    expect_verdict(run_example(test, ModelChoice::rc11), example.rc11);
  }
}

TEST(LitmusExamples, Cpp20AnswersAsRc11) {
  for (const Example& example : examples) {
    SCOPED_TRACE(example.file);
    const LitmusTest test = parse_example(example.file);
    expect_verdict(run_example(test, ModelChoice::cpp20), example.rc11);
  }
}

TEST(LitmusExamples, ScAnswers) {
  for (const Example& example : examples) {
    SCOPED_TRACE(example.file);
    const LitmusTest test = parse_example(example.file);
    expect_verdict(run_example(test, ModelChoice::sc), example.sc);
  }
}

// Each half of load buffering is reachable under RC11; only both together are not.
TEST(LitmusExamples, LoadBufferingReadsEach42AloneButNotBoth) {
  const LitmusTest lb = parse_example("lb_42.litmus");
  const std::set<std::vector<std::int64_t>> lb_expected = {{0, 0}, {0, 42}, {42, 0}};
  EXPECT_EQ(state_values(run_example(lb, ModelChoice::rc11)), lb_expected);

  // The notes' version: thread 1 can copy thread 2's 42 only after reading it.
  const LitmusTest too_relaxed = parse_example("too_relaxed.litmus");
  const std::set<std::vector<std::int64_t>> too_relaxed_expected = {{0, 0}, {42, 0}};
  EXPECT_EQ(state_values(run_example(too_relaxed, ModelChoice::rc11)), too_relaxed_expected);

  // Out of thin air: no execution reads anything but 0.
  const LitmusTest oota = parse_example("oota_42.litmus");
  const std::set<std::vector<std::int64_t>> oota_expected = {{0, 0}};
  EXPECT_EQ(state_values(run_example(oota, ModelChoice::rc11)), oota_expected);
}

}  // namespace
}  // namespace weft::litmus
