// The reference programs of bench/programs (ports of /work/shared/bench-programs/c/) under SC:
// weft must find exactly GenMC v0.11.0's number of complete executions and the expected verdict.
// One test per program and size; the rows GenMC itself needs seconds for are left to
// weft_model_bench, and the largest ones here run only in optimized, uninstrumented builds.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "large_checks.hpp"
#include "programs.hpp"
#include "weft/model.hpp"

namespace weft::bench_programs {
namespace {

using weft::model::Model;
using weft::model::Options;
using weft::model::Report;
using weft::model::Verdict;

// Rows GenMC needs a second or more for (readers N=16, ttas N=6, ticketlock N>=8, seqlock
// N>=6), and rows above this much weft work (complete + blocked executions, see Row::work:
// seqlock N=5) are left to weft_model_bench. The rest takes a few seconds in Release.
constexpr std::uint64_t kMaxWork = 110'000;

// Instrumented builds run only the rows up to this much work and skip the others: under the
// sanitizers or without optimization the checker is ~5-15x slower (up to ticketlock N=6, seqlock
// N=3 and readers N=12).
constexpr std::uint64_t kMaxWorkHere = weft::model::testing::kRunsLargeChecks ? kMaxWork : 10'000;

struct Case {
  const Program* program;
  const Row* row;
  Model model;
};

const char* model_suffix(Model model) {
  return model == Model::rc11 ? " rc11" : "";
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << row_name(*c.program, *c.row) << model_suffix(c.model);
}

std::vector<Case> cases(Model model) {
  std::vector<Case> out;
  for (const Program& p : programs()) {
    for (const Row& r : p.rows) {
      if (r.genmc_seconds < 1.0 && r.work <= kMaxWork) {
        out.push_back({&p, &r, model});
      }
    }
  }
  return out;
}

// "mutex_ttas_relaxed_2x2", "seqlock_N3", "2p2w_rlx_rc11" (gtest names: letters, digits, _).
std::string test_name(const testing::TestParamInfo<Case>& info) {
  std::string raw = row_name(*info.param.program, *info.param.row) + model_suffix(info.param.model);
  std::string name;
  for (const char c : raw) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      name += c;
    } else if (c != '=' && !name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  return name;
}

class GenmcCounts : public testing::TestWithParam<Case> {};

TEST_P(GenmcCounts, ExecutionsAndVerdictMatchGenmc) {
  const Program& program = *GetParam().program;
  const Row& row = *GetParam().row;
  const Answer genmc = genmc_answer(program, row, GetParam().model);
  if (row.known_mismatch != 0) {
    GTEST_SKIP() << row_name(program, row) << ": known mismatch, weft finds " << row.known_mismatch
                 << " executions, GenMC " << row.genmc_executions;
  }
  if (row.work > kMaxWorkHere) {
    GTEST_SKIP() << row_name(program, row) << " (~" << row.work
                 << " explored executions) runs only in faster builds (Release, no sanitizer)";
  }

  const int n = row.n;
  Options options = options_for(program, GetParam().model);
  options.recheck = true;  // every counted graph through the model's full check too
  const Report report = weft::model::check([body = row.body, n] { body(n); }, options);

  EXPECT_EQ(report.executions, genmc.executions) << row_name(program, row) << "\n" << report;
  if (genmc.safe) {
    EXPECT_TRUE(report.ok()) << report;
    EXPECT_EQ(report.failed_executions, 0U);
  } else {
    EXPECT_EQ(report.verdict, Verdict::failed) << report;
    ASSERT_TRUE(report.failure.has_value()) << report;
    EXPECT_EQ(report.failure->kind, genmc.failure) << report;
    EXPECT_GT(report.failed_executions, 0U);
  }
}

INSTANTIATE_TEST_SUITE_P(Sc, GenmcCounts, testing::ValuesIn(cases(Model::sc)), test_name);
INSTANTIATE_TEST_SUITE_P(Rc11, GenmcCounts, testing::ValuesIn(cases(Model::rc11)), test_name);

// Blocked executions depend on how spin loops are explored; on seqlock weft blocks exactly as
// many as GenMC, under SC and RC11 (10^N - 2^N: a reader's retry iteration is abandoned as soon as
// it can never be revisited).
TEST(GenmcBlocked, SeqlockBlocksAsManyAsGenmc) {
  const auto& all = programs();
  const auto seqlock =
      std::find_if(all.begin(), all.end(), [](const Program& p) { return p.name == "seqlock"; });
  ASSERT_NE(seqlock, all.end());
  for (const Model model : {Model::sc, Model::rc11}) {
    std::uint64_t ten_to_n = 1;
    for (const Row& row : seqlock->rows) {
      ten_to_n *= 10;
      if (row.n > 4 || row.work > kMaxWorkHere) {
        break;  // N=5 is in GenmcCounts (its complete count) and weft_model_bench
      }
      const int n = row.n;
      const Report report =
          weft::model::check([body = row.body, n] { body(n); }, options_for(*seqlock, model));
      EXPECT_EQ(report.blocked, ten_to_n - (std::uint64_t{1} << n))
          << row.size << model_suffix(model) << "\n"
          << report;
    }
  }
}

// ticketlock: every waiting read takes the next now_serving store in place, so no execution is
// blocked (GenMC's count, with its in-place revisiting); it used to be 7,986 at N=6. Its wait
// is atomic::spin_until, whose loop depends on the loaded value alone: the older sources that
// fail it are not tried, so no run is moot either (3,557 at N=6 with a hand-written loop).
TEST(GenmcBlocked, TicketlockBlocksNone) {
  const auto& all = programs();
  const auto ticketlock =
      std::find_if(all.begin(), all.end(), [](const Program& p) { return p.name == "ticketlock"; });
  ASSERT_NE(ticketlock, all.end());
  for (const Row& row : ticketlock->rows) {
    if (row.n > 6 || row.work > kMaxWorkHere) {
      break;
    }
    const int n = row.n;
    const Report report = weft::model::check([body = row.body, n] { body(n); });
    EXPECT_EQ(report.executions, row.genmc_executions) << row.size << "\n" << report;
    EXPECT_EQ(report.blocked, 0U) << row.size << "\n" << report;
    EXPECT_EQ(report.moot, 0U) << row.size << "\n" << report;
  }
}

// The lock loops of mutex-cas, mutex-ttas(-relaxed) and ttas are spin_until loops, as GenMC's
// spin-assume pass makes the C loops: a compare-exchange that would fail on the newest write is
// not added (its thread waits for the next write), and one that a revisit made fail leaves the
// graph, so no run ends blocked (GenMC's count: 0).
TEST(GenmcBlocked, LockLoopsBlockNone) {
  for (const char* name : {"mutex-cas", "mutex-ttas", "mutex-ttas-relaxed", "ttas"}) {
    const auto& all = programs();
    const auto program =
        std::find_if(all.begin(), all.end(), [&](const Program& p) { return p.name == name; });
    ASSERT_NE(program, all.end()) << name;
    for (const Row& row : program->rows) {
      if (row.genmc_seconds >= 1.0 || row.genmc_executions > kMaxWorkHere) {
        continue;
      }
      const int n = row.n;
      const Report report =
          weft::model::check([body = row.body, n] { body(n); }, options_for(*program));
      EXPECT_EQ(report.executions, row.genmc_executions) << name << " " << row.size << "\n"
                                                         << report;
      EXPECT_EQ(report.blocked, 0U) << name << " " << row.size << "\n" << report;
    }
  }
}

// ttas-by-hand (the ttas loops written with spin_loop()): the test loop's waiting loads are
// revisited in place, now that the compare-exchanges' write parts do not make `locked` racy
// (GenMC's rule), which took blocked runs from 2, 30, 636 (N=2..4) to 1, 19, 464. What is left
// are iterations whose compare-exchange fails on the newest write: where the runtime cannot
// tell where an iteration starts, it neither defers nor withdraws it.
TEST(GenmcBlocked, TtasByHandWaitingLoadsAreRevisitedInPlace) {
  const auto& all = programs();
  const auto ttas = std::find_if(all.begin(), all.end(),
                                 [](const Program& p) { return p.name == "ttas-by-hand"; });
  ASSERT_NE(ttas, all.end());
  const std::uint64_t blocked[] = {1, 19, 464};
  for (const Row& row : ttas->rows) {
    if (row.n > 4) {
      break;
    }
    const int n = row.n;
    const Report report = weft::model::check([body = row.body, n] { body(n); });
    EXPECT_EQ(report.executions, row.genmc_executions) << row.size << "\n" << report;
    EXPECT_EQ(report.blocked, blocked[n - 2]) << row.size << "\n" << report;
  }
}

}  // namespace
}  // namespace weft::bench_programs
