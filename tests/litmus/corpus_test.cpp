// weft-litmus against herd7 (issue 11, point 1): every test of tests/litmus/herdtools-c runs
// through weft's engine under --model rc11, and its verdict (Ok/No), positive and negative
// execution counts and race flag must equal the `rc11` row of expected.tsv (herd7 7.58 with
// rc11.cat). Files the parser rejects must be the ones herd7 cannot answer with RC11's C11
// constructs (128-bit types, kernel macros, herd-internal forms, regions), with an error.

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

namespace weft::litmus {
namespace {

struct Expected {
  std::string verdict;  // Ok, No, or empty (herd gave no answer)
  std::uint64_t positive = 0;
  std::uint64_t negative = 0;
  bool race = false;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

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

const std::set<std::string> rejected = {"C04.litmus", "C05.litmus", "C06.litmus",
                                        "C07.litmus", "C08.litmus", "C11.litmus",
                                        "C12.litmus", "C17.litmus", "SB+onces.litmus"};

TEST(LitmusCorpus, EveryTestAnswersAsHerdUnderRc11) {
  const std::map<std::string, Expected> rows = expected_rc11();
  ASSERT_EQ(rows.size(), 66U);
  std::size_t answered = 0;
  for (const auto& [file, expected] : rows) {
    SCOPED_TRACE(file);
    const std::string text = read_file(std::filesystem::path(WEFT_LITMUS_CORPUS) / file);
    const auto parsed = parse(text);
    if (rejected.contains(file)) {
      EXPECT_TRUE(std::holds_alternative<ParseError>(parsed));
      continue;
    }
    ASSERT_TRUE(std::holds_alternative<litmus::Test>(parsed))
        << format_error(file, std::get<ParseError>(parsed));
    const litmus::Test& test = std::get<litmus::Test>(parsed);
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
  EXPECT_EQ(answered, 57U);
}

}  // namespace
}  // namespace weft::litmus
