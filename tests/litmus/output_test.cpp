// Tests of litmus/herd_output.hpp: herd's `Condition` line for every corpus file that parses
// (expected.tsv's condition column), herd's parenthesis rules on hand-built propositions, and
// the exact text of format_herd and format_json on hand-built answers.

#include "litmus/herd_output.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "litmus/parser.hpp"
#include "litmus_test_support.hpp"

namespace weft::litmus {
namespace {

namespace fs = std::filesystem;

const fs::path corpus_dir = WEFT_LITMUS_CORPUS;

Prop atom(int thread, std::string name, std::int64_t value, bool equal = true) {
  Prop prop;
  prop.kind = equal ? Prop::Kind::equals : Prop::Kind::not_equals;
  prop.key = {thread, std::move(name)};
  prop.value = value;
  return prop;
}

Prop loc(std::string name, std::int64_t value) {
  return atom(-1, std::move(name), value);
}

Prop combine(Prop::Kind kind, Prop lhs, Prop rhs) {
  Prop prop;
  prop.kind = kind;
  prop.operands.push_back(std::move(lhs));
  prop.operands.push_back(std::move(rhs));
  return prop;
}

Prop both(Prop lhs, Prop rhs) {
  return combine(Prop::Kind::conjunction, std::move(lhs), std::move(rhs));
}
Prop either(Prop lhs, Prop rhs) {
  return combine(Prop::Kind::disjunction, std::move(lhs), std::move(rhs));
}
Prop implies(Prop lhs, Prop rhs) {
  return combine(Prop::Kind::implication, std::move(lhs), std::move(rhs));
}
Prop negate(Prop operand) {
  Prop prop;
  prop.kind = Prop::Kind::negation;
  prop.operands.push_back(std::move(operand));
  return prop;
}

TEST(LitmusOutputCondition, EveryParsedCorpusFilePrintsHerdsCondition) {
  std::istringstream rows(read_file(corpus_dir / "expected.tsv"));
  std::string row;
  std::getline(rows, row);  // header
  int compared = 0;
  int rejected = 0;
  while (std::getline(rows, row)) {
    std::vector<std::string> fields(1);  // a trailing empty field is a field too
    for (char c : row) {
      if (c == '\t') {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    ASSERT_GE(fields.size(), 2u) << row;
    if (fields[1] != "rc11") {
      continue;
    }
    ASSERT_EQ(fields.size(), 8u) << row;
    auto parsed = parse(read_file(corpus_dir / fields[0]));
    if (std::holds_alternative<ParseError>(parsed)) {
      ++rejected;  // outside the C11 subset; parser_test pins which and why
      continue;
    }
    EXPECT_EQ(format_condition(std::get<LitmusTest>(parsed)), fields[7]) << fields[0];
    ++compared;
  }
  EXPECT_EQ(compared, 65);
  EXPECT_EQ(rejected, 1);  // C07: herd7 gives no answer either
}

TEST(LitmusOutputCondition, QuantifiersAndKinds) {
  LitmusTest test;
  test.condition = both(atom(0, "r0", 1), loc("y", -1));
  EXPECT_EQ(format_condition(test), "exists (0:r0=1 /\\ [y]=-1)");
  EXPECT_EQ(format_kind(test), "Allowed");
  test.quantifier = Quantifier::not_exists;
  EXPECT_EQ(format_condition(test), "~exists (0:r0=1 /\\ [y]=-1)");
  EXPECT_EQ(format_kind(test), "Forbidden");
  test.quantifier = Quantifier::forall;
  test.condition = Prop{};
  EXPECT_EQ(format_condition(test), "forall (true)");
  EXPECT_EQ(format_kind(test), "Required");
}

TEST(LitmusOutputCondition, HerdsParentheses) {
  const Prop a = loc("a", 1);
  const Prop b = loc("b", 2);
  const Prop c = atom(1, "r0", 3);
  // A disjunction or implication under a conjunction gets parentheses.
  EXPECT_EQ(format_prop(both(either(a, b), c)), "([a]=1 \\/ [b]=2) /\\ 1:r0=3");
  EXPECT_EQ(format_prop(both(c, implies(a, b))), "1:r0=3 /\\ ([a]=1 => [b]=2)");
  // A conjunction under a disjunction does not; an implication does.
  EXPECT_EQ(format_prop(either(both(a, b), c)), "[a]=1 /\\ [b]=2 \\/ 1:r0=3");
  EXPECT_EQ(format_prop(either(c, implies(a, b))), "1:r0=3 \\/ ([a]=1 => [b]=2)");
  // Under an implication, conjunctions and disjunctions do; nested implications do not.
  EXPECT_EQ(format_prop(implies(both(a, b), either(b, c))),
            "([a]=1 /\\ [b]=2) => ([b]=2 \\/ 1:r0=3)");
  EXPECT_EQ(format_prop(implies(implies(a, b), c)), "[a]=1 => [b]=2 => 1:r0=3");
  // Chains of one connective are flat, either way they nest.
  EXPECT_EQ(format_prop(both(a, both(b, c))), "[a]=1 /\\ [b]=2 /\\ 1:r0=3");
  EXPECT_EQ(format_prop(either(either(a, b), c)), "[a]=1 \\/ [b]=2 \\/ 1:r0=3");
  // Negations always carry their own parentheses, and start a fresh context.
  EXPECT_EQ(format_prop(negate(either(a, b))), "not ([a]=1 \\/ [b]=2)");
  EXPECT_EQ(format_prop(both(negate(a), c)), "not ([a]=1) /\\ 1:r0=3");
  EXPECT_EQ(format_prop(atom(2, "r1", 0, false)), "not (2:r1=0)");
  Prop falsity;
  falsity.kind = Prop::Kind::falsity;
  EXPECT_EQ(format_prop(either(falsity, Prop{})), "false \\/ true");
}

// SB with an exists condition and two keys; the answer below is hand-made.
LitmusTest sb_test() {
  LitmusTest test;
  test.name = "SB";
  test.condition = both(atom(0, "r0", 0), atom(1, "r0", 0));
  return test;
}

Answer sb_answer() {
  Answer answer;
  answer.keys = {{0, "r0"}, {1, "r0"}};
  answer.states = {{{0, 0}, 1, true}, {{0, 1}, 1, false}, {{1, 0}, 2, false}};
  answer.satisfying = 1;
  answer.falsifying = 3;
  answer.ok = true;
  answer.seconds = 0.014;
  return answer;
}

TEST(LitmusOutputHerd, ExistsAnswered) {
  EXPECT_EQ(format_herd(sb_test(), sb_answer()),
            "Test SB Allowed\n"
            "States 3\n"
            "0:r0=0; 1:r0=0;\n"
            "0:r0=0; 1:r0=1;\n"
            "0:r0=1; 1:r0=0;\n"
            "Ok\n"
            "Witnesses\n"
            "Positive: 1 Negative: 3\n"
            "Condition exists (0:r0=0 /\\ 1:r0=0)\n"
            "Observation SB Sometimes 1 3\n"
            "Time SB 0.01\n"
            "\n");
}

TEST(LitmusOutputHerd, ARacePrintsUndefAndTheFlag) {
  Answer answer = sb_answer();
  answer.race = true;
  answer.ok = false;
  answer.satisfying = 0;
  answer.falsifying = 4;
  EXPECT_EQ(format_herd(sb_test(), answer),
            "Test SB Allowed\n"
            "States 3\n"
            "0:r0=0; 1:r0=0;\n"
            "0:r0=0; 1:r0=1;\n"
            "0:r0=1; 1:r0=0;\n"
            "Undef\n"
            "Witnesses\n"
            "Positive: 0 Negative: 4\n"
            "Flag *undef*\n"
            "Condition exists (0:r0=0 /\\ 1:r0=0)\n"
            "Observation SB Never 0 4\n"
            "Time SB 0.01\n"
            "\n");
}

// C15's shape: ~exists swaps the Witnesses counts but not the Observation counts.
TEST(LitmusOutputHerd, NotExistsSwapsTheWitnesses) {
  LitmusTest test;
  test.name = "C15";
  test.quantifier = Quantifier::not_exists;
  test.condition = both(atom(1, "r1", 0), loc("y", 2));
  Answer answer;
  answer.keys = {{1, "r1"}, {-1, "y"}};
  answer.states = {{{0, 1}, 1, false}, {{1, 2}, 1, false}};
  answer.falsifying = 2;
  answer.ok = true;
  answer.seconds = 1.005;
  EXPECT_EQ(format_herd(test, answer),
            "Test C15 Forbidden\n"
            "States 2\n"
            "1:r1=0; [y]=1;\n"
            "1:r1=1; [y]=2;\n"
            "Ok\n"
            "Witnesses\n"
            "Positive: 2 Negative: 0\n"
            "Condition ~exists (1:r1=0 /\\ [y]=2)\n"
            "Observation C15 Never 0 2\n"
            "Time C15 1.00\n"
            "\n");
}

TEST(LitmusOutputHerd, ForallAlwaysAndNoStates) {
  LitmusTest test;
  test.name = "T";
  test.quantifier = Quantifier::forall;
  Answer answer;
  answer.satisfying = 2;
  answer.ok = true;
  answer.states = {{{}, 2, true}};
  EXPECT_EQ(format_herd(test, answer),
            "Test T Required\n"
            "States 1\n"
            "\n"
            "Ok\n"
            "Witnesses\n"
            "Positive: 2 Negative: 0\n"
            "Condition forall (true)\n"
            "Observation T Always 2 0\n"
            "Time T 0.00\n"
            "\n");
}

TEST(LitmusOutputHerd, TimeoutAndErrorReplaceTheVerdict) {
  Answer answer = sb_answer();
  answer.timed_out = true;
  answer.seconds = 60.004;
  EXPECT_EQ(format_herd(sb_test(), answer),
            "Test SB Allowed\n"
            "Timeout SB 60.00\n"
            "Condition exists (0:r0=0 /\\ 1:r0=0)\n"
            "Time SB 60.00\n"
            "\n");
  answer.timed_out = false;
  answer.error = "a loop never ends";
  EXPECT_EQ(format_herd(sb_test(), answer),
            "Test SB Allowed\n"
            "Error SB: a loop never ends\n"
            "Condition exists (0:r0=0 /\\ 1:r0=0)\n"
            "Time SB 60.00\n"
            "\n");
}

TEST(LitmusOutputJson, Answered) {
  Answer answer = sb_answer();
  answer.race = true;
  EXPECT_EQ(format_json("dir/SB.litmus", sb_test(), answer),
            R"j({"name":"SB","file":"dir/SB.litmus","kind":"Allowed","states":[)j"
            R"j({"values":{"0:r0":0,"1:r0":0},"executions":1},)j"
            R"j({"values":{"0:r0":0,"1:r0":1},"executions":1},)j"
            R"j({"values":{"0:r0":1,"1:r0":0},"executions":2}],)j"
            R"j("verdict":"Ok","positive":1,"negative":3,"race":true,)j"
            R"j("condition":"exists (0:r0=0 /\\ 1:r0=0)","observation":"Sometimes",)j"
            R"j("satisfying":1,"falsifying":3,"seconds":0.014,"timed_out":false,"error":""})j");
}

TEST(LitmusOutputJson, NotExistsCountsAndLocations) {
  LitmusTest test;
  test.name = "N";
  test.quantifier = Quantifier::not_exists;
  test.condition = loc("x", 1);
  Answer answer;
  answer.keys = {{-1, "x"}};
  answer.states = {{{1}, 3, true}};
  answer.satisfying = 3;
  answer.seconds = 2;
  EXPECT_EQ(format_json("N.litmus", test, answer),
            R"j({"name":"N","file":"N.litmus","kind":"Forbidden","states":[)j"
            R"j({"values":{"[x]":1},"executions":3}],)j"
            R"j("verdict":"No","positive":0,"negative":3,"race":false,)j"
            R"j("condition":"~exists ([x]=1)","observation":"Always",)j"
            R"j("satisfying":3,"falsifying":0,"seconds":2.000,"timed_out":false,"error":""})j");
}

TEST(LitmusOutputJson, UnansweredRunsAndFailures) {
  Answer answer = sb_answer();
  answer.timed_out = true;
  answer.seconds = 60;
  const std::string unanswered =
      R"j("states":[],"verdict":null,"positive":null,"negative":null,"race":false,)j";
  EXPECT_EQ(format_json("SB.litmus", sb_test(), answer),
            R"j({"name":"SB","file":"SB.litmus","kind":"Allowed",)j" + unanswered +
                R"j("condition":"exists (0:r0=0 /\\ 1:r0=0)","observation":null,)j"
                R"j("satisfying":null,"falsifying":null,"seconds":60.000,"timed_out":true,)j"
                R"j("error":""})j");
  EXPECT_EQ(format_json_failure("bad.litmus", "bad.litmus:3:7: expected ';'"),
            R"j({"name":null,"file":"bad.litmus","kind":null,)j" + unanswered +
                R"j("condition":null,"observation":null,"satisfying":null,"falsifying":null,)j"
                R"j("seconds":0.000,"timed_out":false,"error":"bad.litmus:3:7: expected ';'"})j");
}

TEST(LitmusOutputJson, StringsAreEscapedAndInvalidUtf8Replaced) {
  const std::string file =
      "a\"b\\c\n\t\x01\x7f \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xff\xc3 "
      "\xed\xa0\x80 \xc0\xaf";
  EXPECT_EQ(format_json_failure(file, ""),
            R"j({"name":null,"file":"a\"b\\c\n\t\u0001\u007f )j"
            "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 "
            R"j(\ufffd\ufffd \ufffd\ufffd\ufffd \ufffd\ufffd",)j"
            R"j("kind":null,"states":[],"verdict":null,"positive":null,"negative":null,)j"
            R"j("race":false,"condition":null,"observation":null,"satisfying":null,)j"
            R"j("falsifying":null,"seconds":0.000,"timed_out":false,"error":""})j");
}

}  // namespace
}  // namespace weft::litmus
