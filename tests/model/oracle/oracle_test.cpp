// The SC completeness oracle: for random programs (program.hpp, generator.hpp), the outcomes
// weft::model's explorer finds (weft_runner.hpp) must be exactly those a brute-force search of
// interleavings finds (enumerator.hpp), and no execution graph may be counted twice. In programs
// without wait/notify, the number of complete executions weft counts must also equal the number
// of distinct complete execution graphs the brute force builds (a graph missed while another
// has the same outcome shows only there).
//
// Environment:
// Rc11RandomFamilyC does the same under RC11 for family C, against the axiomatic enumerator
// (axiomatic_enumerator.hpp), and AxiomaticScAgreesWithInterleavings checks that enumerator's SC
// mode against the interleaving enumerator.
//
//   WEFT_ORACLE_PROGRAMS=N   programs per family (default 2,000; 200 under a sanitizer)
//   WEFT_ORACLE_START=S      first seed (default 0): seeds S .. S+N-1
//   WEFT_ORACLE_SEED=S       only the program with seed S (print it with WEFT_ORACLE_PRINT=1)
//   WEFT_ORACLE_SHRINK=0     do not shrink failing programs before printing them
//   WEFT_ORACLE_MAX_RUNS=N   weft runs per program (200,000); a program that needs more fails as
//                            `weft needs more than N runs` (its outcomes are not compared)
//   WEFT_ORACLE_SPIN=loop    write spin loops as `for (;;) { if (pred()) break; spin_loop(); }`

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axiomatic_enumerator.hpp"
#include "comparison.hpp"
#include "enumerator.hpp"
#include "generator.hpp"
#include "shrink.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define WEFT_ORACLE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define WEFT_ORACLE_SANITIZED 1
#endif
#endif
#ifndef WEFT_ORACLE_SANITIZED
#define WEFT_ORACLE_SANITIZED 0
#endif

namespace weft::model::oracle {
namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* value = env(name);
  return value != nullptr ? std::strtoull(value, nullptr, 0) : fallback;
}

SpinForm spin_form() {
  const char* value = env("WEFT_ORACLE_SPIN");
  if (value != nullptr && std::string(value) == "loop") {
    return SpinForm::loop;
  }
  return value != nullptr && std::string(value) == "value" ? SpinForm::value : SpinForm::until;
}

// WEFT_ORACLE_SEED alone, or WEFT_ORACLE_PROGRAMS (default `count`) seeds from
// WEFT_ORACLE_START.
std::vector<std::uint64_t> seeds_from_env(std::uint64_t count) {
  std::vector<std::uint64_t> seeds;
  if (env("WEFT_ORACLE_SEED") != nullptr) {
    seeds.push_back(env_number("WEFT_ORACLE_SEED", 0));
    return seeds;
  }
  const std::uint64_t start = env_number("WEFT_ORACLE_START", 0);
  count = env_number("WEFT_ORACLE_PROGRAMS", count);
  for (std::uint64_t i = 0; i < count; ++i) {
    seeds.push_back(start + i);
  }
  return seeds;
}

// Checks `count` programs of `family` (or only WEFT_ORACLE_SEED) under `model`, and reports, per
// kind of difference, how many programs show it and the smallest of them, shrunk.
void check_family(Family family, const char* test, Model model = Model::sc) {
  const SpinForm spin = spin_form();
  const std::size_t max_runs = env_number("WEFT_ORACLE_MAX_RUNS", 200'000);
  const std::vector<std::uint64_t> seeds = seeds_from_env(WEFT_ORACLE_SANITIZED ? 200 : 2000);
  struct Worst {
    Program program;
    Comparison comparison;
    std::size_t programs = 0;
  };
  std::map<std::string, Worst> by_category;
  std::size_t failing = 0;
  std::size_t left_out = 0;  // RC11: the enumerator gave up (Comparison::enumerator_gave_up)
  std::size_t runs = 0;
  std::size_t states = 0;
  std::size_t deadlocks = 0;  // programs with a deadlock outcome
  std::size_t livenesses = 0;
  std::size_t in_place = 0;    // programs explored with in-place revisits
  std::size_t restarted = 0;   // programs whose exploration began again without some
  std::uint64_t heaviest = 0;  // the seed with the most weft runs
  std::size_t heaviest_runs = 0;
  const auto began = std::chrono::steady_clock::now();
  for (std::uint64_t seed : seeds) {
    const Program program = generate(family, seed);
    ASSERT_TRUE(registers_in_range(program)) << to_cpp(program);
    if (env("WEFT_ORACLE_PRINT") != nullptr) {
      std::cout << to_cpp(program, spin);
    }
    const Comparison c = compare(program, spin, max_runs, model);
    if (c.enumerator_gave_up && c.errors.empty()) {
      ++left_out;
      continue;
    }
    runs += c.weft_runs;
    if (c.weft_runs > heaviest_runs) {
      heaviest = seed;
      heaviest_runs = c.weft_runs;
    }
    states += c.states;
    deadlocks += count_kind(c.expected, "deadlock") > 0 ? 1U : 0U;
    livenesses += count_kind(c.expected, "liveness") > 0 ? 1U : 0U;
    in_place += c.in_place ? 1U : 0U;
    restarted += c.restarted ? 1U : 0U;
    if (c.ok()) {
      continue;
    }
    ++failing;
    for (const std::string& category : c.categories()) {
      Worst& w = by_category[category];
      if (++w.programs == 1 || size_of(program) < size_of(w.program)) {
        w.program = program;
        w.comparison = c;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::cout << fmt::format(
      "[oracle] family {}{}: {} programs in {:.1f} s ({} weft runs, {} enumerator states; {} "
      "can deadlock, {} can live-lock; {} explored with in-place revisits, {} restarted without "
      "some; most runs: {}, seed {}; {} left out: the enumerator gave up), {} with a difference\n",
      family_name(family), model == Model::rc11 ? " under RC11" : "", seeds.size(), seconds, runs,
      states, deadlocks, livenesses, in_place, restarted, heaviest_runs, heaviest, left_out,
      failing);
  // Leaving programs out must stay rare, or the oracle would compare nothing.
  EXPECT_LE(left_out * 200, seeds.size()) << left_out << " programs left out";
  if (failing == 0) {
    return;
  }
  std::string report = fmt::format("{} of {} family {} programs differ\n", failing, seeds.size(),
                                   family_name(family));
  for (const auto& [category, worst] : by_category) {
    report += fmt::format(
        "\n=== {}: {} programs; the smallest is seed {} (WEFT_ORACLE_SEED={} "
        "model_oracle_test --gtest_filter=Oracle.{})\n",
        category, worst.programs, worst.program.seed, worst.program.seed, test);
    report += describe(worst.program, worst.comparison);
    if (env_number("WEFT_ORACLE_SHRINK", 1) != 0) {
      const Program small = shrink(worst.program, [&, category = category](const Program& p) {
        return compare(p, spin, max_runs, model).categories().count(category) != 0;
      });
      report += "--- shrunk:\n" + describe(small, compare(small, spin, max_runs, model));
    }
  }
  ADD_FAILURE() << report;
}

// Bounded exploration and sampling may leave outcomes out, never add one: every outcome they
// reach is one the brute-force enumerator finds. A bound too large to cut anything gives the
// exact set. WEFT_ORACLE_BOUNDED_PROGRAMS=N programs per family (default 300; 50 under a
// sanitizer).
TEST(Oracle, BoundedAndSampledRunsReachOnlyExecutions) {
  const std::uint64_t count =
      env_number("WEFT_ORACLE_BOUNDED_PROGRAMS", WEFT_ORACLE_SANITIZED ? 50 : 300);
  std::size_t cut = 0;
  std::size_t sampled_outcomes = 0;
  std::size_t expected_outcomes = 0;
  for (const Family family : {Family::waits, Family::rmws}) {
    for (std::uint64_t seed = 0; seed < count; ++seed) {
      const Program program = generate(family, seed);
      const Comparison exact = compare(program, SpinForm::until);
      if (!exact.ok()) {
        continue;  // reported by RandomFamilyA/B
      }
      auto check_subset = [&](const WeftExploration& w, const char* how) {
        for (const std::string& o : w.outcomes) {
          EXPECT_TRUE(exact.expected.count(o) != 0)
              << how << " reaches an outcome that is not an execution, family "
              << family_name(family) << " seed " << seed << "\n"
              << to_cpp(program);
        }
        EXPECT_TRUE(w.errors.empty()) << how << ": " << w.errors.front() << "\n" << to_cpp(program);
      };
      const WeftExploration one = explore_with_weft(program, SpinForm::until, 200'000, 1);
      check_subset(one, "max_preemptions = 1");
      cut += one.left_out != 0 ? 1U : 0U;
      const WeftExploration all = explore_with_weft(program, SpinForm::until, 200'000, 1'000);
      EXPECT_EQ(all.left_out, 0U);
      EXPECT_EQ(all.outcomes, exact.expected) << "max_preemptions = 1000 (cuts nothing), family "
                                              << family_name(family) << " seed " << seed << "\n"
                                              << to_cpp(program);
      const WeftExploration sampled = sample_with_weft(program, SpinForm::until, 100, seed);
      check_subset(sampled, "sampling");
      sampled_outcomes += sampled.outcomes.size();
      expected_outcomes += exact.expected.size();
    }
  }
  std::cout << fmt::format(
      "[oracle] bounded: {} programs per family; max_preemptions = 1 cut {}; 100 samples found "
      "{} of {} outcomes\n",
      count, cut, sampled_outcomes, expected_outcomes);
}

TEST(Oracle, RandomFamilyA) {
  check_family(Family::waits, "RandomFamilyA");
}

TEST(Oracle, RandomFamilyB) {
  check_family(Family::rmws, "RandomFamilyB");
}

// RC11: weft under Model::rc11 against the axiomatic enumerator (axiomatic_enumerator.hpp) on
// family C: the same outcomes, as many complete executions as consistent graphs, no graph
// counted twice, no error.
TEST(Oracle, Rc11RandomFamilyC) {
  check_family(Family::weak, "Rc11RandomFamilyC", Model::rc11);
}

// The program with every memory order seq_cst.
void make_seq_cst(std::vector<Op>& ops) {
  for (Op& op : ops) {
    op.order = std::memory_order_seq_cst;
    op.failure = std::memory_order_seq_cst;
    make_seq_cst(op.then_ops);
    make_seq_cst(op.else_ops);
  }
}

Program seq_cst(Program p) {
  for (ThreadProgram& t : p.threads) {
    make_seq_cst(t.ops);
  }
  return p;
}

// Candidates (traces and rf) the SC comparison gives the axiomatic enumerator: the few family B
// programs that need more (one location written by many RMWs) are left out.
constexpr std::size_t sc_candidates = 5'000;

// How the axiomatic enumerator's SC mode and the interleaving enumerator differ on `p` (empty:
// they agree; "too big": the axiomatic enumerator gave up).
std::string sc_difference(const Program& p) {
  const AxiomaticEnumeration axiomatic = enumerate_axiomatic(p, Axioms::sc, sc_candidates);
  if (!axiomatic.complete) {
    return "too big";
  }
  const Enumeration interleaved = enumerate(p);
  if (!interleaved.complete) {
    return "the interleaving enumerator stopped early";
  }
  if (interleaved.outcomes != axiomatic.outcomes) {
    return "outcomes differ";
  }
  return interleaved.complete_graphs == axiomatic.graphs ? "" : "graph counts differ";
}

std::string describe_sc_difference(const Program& p) {
  const Enumeration interleaved = enumerate(p);
  const AxiomaticEnumeration axiomatic = enumerate_axiomatic(p, Axioms::sc, sc_candidates);
  std::string out =
      to_cpp(p) + fmt::format("graphs: {} interleaved, {} axiomatic\n",
                              interleaved.complete_graphs.value_or(0), axiomatic.graphs);
  for (const std::string& o : interleaved.outcomes) {
    out += fmt::format("  {} {}\n", axiomatic.outcomes.count(o) != 0 ? "      " : "AX-MISS", o);
  }
  for (const std::string& o : axiomatic.outcomes) {
    if (interleaved.outcomes.count(o) == 0) {
      out += fmt::format("  AX-ADD  {}\n", o);
    }
  }
  return out;
}

// The oracle checked against the oracle: the axiomatic enumerator's SC mode must find exactly
// the outcomes and complete graphs of the interleaving enumerator, on family B programs without
// spin loops and on family C programs made seq_cst. WEFT_ORACLE_PROGRAMS seeds per family
// (default 1,000 of family B and 400 of family C, whose litmus shapes made seq_cst enumerate
// slowly; a tenth under a sanitizer).
TEST(Oracle, AxiomaticScAgreesWithInterleavings) {
  std::size_t compared = 0;
  std::size_t too_big = 0;
  for (const Family family : {Family::rmws, Family::weak}) {
    const std::uint64_t count = family == Family::rmws ? 1000 : 400;
    for (std::uint64_t seed : seeds_from_env(WEFT_ORACLE_SANITIZED ? count / 10 : count)) {
      const Program program = seq_cst(generate(family, seed));
      if (has_loops_or_waits(program)) {
        continue;
      }
      const std::string difference = sc_difference(program);
      too_big += difference == "too big" ? 1U : 0U;
      compared += difference == "too big" ? 0U : 1U;
      if (difference.empty() || difference == "too big") {
        continue;
      }
      const Program small = shrink(program, [&](const Program& p) {
        return !has_loops_or_waits(p) && sc_difference(p) == difference;
      });
      ADD_FAILURE() << difference << ", family " << family_name(family) << " seed " << seed << "\n"
                    << describe_sc_difference(program) << "--- shrunk:\n"
                    << describe_sc_difference(small);
    }
  }
  std::cout << fmt::format(
      "[oracle] axiomatic SC vs interleavings: {} programs compared, {} left out (more than {} "
      "candidates)\n",
      compared, too_big, sc_candidates);
}

// In-place revisiting and the rules around it (held-back revisits, repaired reads) must reach
// exactly the graphs that TruSt reaches without it: the same number of complete, deadlocked and
// live-locked graphs. The outcome comparison of RandomFamilyA/B cannot see a graph that is
// missed while another graph has the same outcome (a compare-exchange's in-place revisit tried
// on branch wip/cas-ipr missed 7 of 82 graphs of family B seed 104333 with every outcome
// found). Under a preemption bound in-place revisiting is off; a bound of 1,000 cuts nothing.
// Both spin-loop forms (spin_until, and loops with spin_loop()). WEFT_ORACLE_COUNTED_PROGRAMS=N
// programs per family (default 1,000, where that branch failed twice; 50 under a sanitizer),
// from WEFT_ORACLE_START.
TEST(Oracle, InPlaceRevisitsCountTheGraphsTrustCounts) {
  const std::uint64_t count =
      env_number("WEFT_ORACLE_COUNTED_PROGRAMS", WEFT_ORACLE_SANITIZED ? 50 : 1000);
  const std::uint64_t start = env_number("WEFT_ORACLE_START", 0);
  std::size_t compared = 0;
  std::size_t with_in_place = 0;
  for (const SpinForm spin : {SpinForm::until, SpinForm::loop}) {
    for (const Family family : {Family::waits, Family::rmws}) {
      for (std::uint64_t seed = start; seed < start + count; ++seed) {
        const Program program = generate(family, seed);
        const WeftExploration in_place = explore_with_weft(program, spin);
        const WeftExploration trust = explore_with_weft(program, spin, 200'000, 1'000);
        if (in_place.truncated || trust.truncated) {
          continue;  // (RandomFamilyA/B report programs too big for the run limit)
        }
        ++compared;
        with_in_place += in_place.in_place_revisits > 0 ? 1U : 0U;
        EXPECT_EQ(trust.left_out, 0U);
        EXPECT_EQ(in_place.counted, trust.counted)
            << "family " << family_name(family) << " seed " << seed
            << ": graphs counted with in-place revisits / without\n"
            << to_cpp(program, spin);
      }
    }
  }
  std::cout << fmt::format(
      "[oracle] counted graphs: {} programs compared in both spin-loop forms, {} with in-place "
      "revisits\n",
      compared, with_in_place);
}

}  // namespace
}  // namespace weft::model::oracle
