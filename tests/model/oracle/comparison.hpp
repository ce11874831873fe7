// One oracle program checked: the brute-force outcomes against weft's, plus the graphs weft
// counted twice and its errors, under SC or RC11.

#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "program.hpp"
#include "weft_runner.hpp"

namespace weft::model::oracle {

struct Comparison {
  SpinForm spin = SpinForm::until;  // how the program's spin loops were written
  OutcomeSet expected;              // the brute-force outcomes
  OutcomeSet missing;               // found by the enumerator, not by weft
  OutcomeSet extra;                 // found by weft, not by the enumerator
  std::size_t duplicates = 0;
  // Programs without wait/notify: the complete execution graphs the brute force builds, and
  // the complete executions weft counted (equal unless weft misses a graph or counts one twice).
  std::optional<std::size_t> expected_graphs;
  std::size_t weft_graphs = 0;
  std::size_t truncated_at = 0;  // weft stopped after this many runs (0: it explored all)
  std::vector<std::string> errors;
  std::size_t weft_runs = 0;
  bool in_place = false;   // weft's (last) exploration revisited reads in place
  bool restarted = false;  // ... and began again without them on racy locations
  std::size_t states = 0;
  // Under RC11: the axiomatic enumerator gave up (a thread with too many event sequences), so
  // no outcome was compared (weft's own errors still are); the caller leaves the program out
  // and counts it.
  bool enumerator_gave_up = false;

  bool ok() const {
    return missing.empty() && extra.empty() && duplicates == 0 && errors.empty() &&
           truncated_at == 0 && graph_counts_agree();
  }
  bool graph_counts_agree() const {
    return !expected_graphs || truncated_at != 0 || *expected_graphs == weft_graphs;
  }
  // What went wrong, one entry per kind: "weft misses deadlock", "weft adds complete",
  // "graph counted twice", "weft misses complete graphs", "weft counts too many complete
  // graphs", "weft error", "weft needs more than N runs" (then `missing` is not
  // computed: weft did not finish).
  std::set<std::string> categories() const;
};

// Under Model::sc the brute force is the interleaving enumerator (enumerator.hpp); under
// Model::rc11 it is the axiomatic enumerator (axiomatic_enumerator.hpp: loop-free programs only)
// and weft explores under RC11.
Comparison compare(const Program& program, SpinForm spin, std::size_t max_runs = 200'000,
                   Model model = Model::sc);

// The program, then the expected outcomes with the missing ones marked, weft's extra ones, the
// duplicates and the errors.
std::string describe(const Program& program, const Comparison& comparison);

}  // namespace weft::model::oracle
