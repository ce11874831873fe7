// The axiomatic side of the RC11 oracle: for a program without wait or notify, every candidate
// execution graph, kept when it is consistent under RC11 or SC (axioms.hpp). A spin loop (family
// C's: one load compared with a constant) is spin-assume's: only the iteration that leaves it is
// in the graph, so its load takes only the values that leave it, and only complete executions
// exist here (a loop that can never be left has none).
//
//   1. The values a read may return: the initial values, then every value some write can
//      produce given the values so far, iterated to a fixpoint (at most one round per write in
//      the program: a value of a porf-acyclic execution needs no more).
//   2. Per thread, every event sequence (a read takes each value of its location).
//   3. Per choice of one sequence per thread: every rf (each read from a write of its location
//      and value, the initial write included) and every mo (a total order per location, the
//      initial write first), pruned location by location with the axioms that are monotone in
//      mo, then judged by all of them.
//
// Each consistent (po, rf, mo) is one graph; its outcome (outcome.hpp) is the mo-last value per
// location and every thread's registers. Thread events: every thread has a start and an end
// event, the main thread a spawn event per thread before its operations and a join event per
// thread after them; hb has spawn -> start and end -> join (the guide's §1), and none of these
// events has a location (like a fence, they count as "another location" in sb|≠loc).

#pragma once

#include <cstddef>

#include "outcome.hpp"
#include "program.hpp"

namespace weft::model::oracle {

enum class Axioms : unsigned char { sc, rc11 };

struct AxiomaticEnumeration {
  OutcomeSet outcomes;
  std::size_t graphs = 0;      // distinct consistent complete graphs
  std::size_t candidates = 0;  // (sequences, rf) pairs examined
  // false: stopped at max_candidates or after 200 * max_candidates choices of event sequences
  // (the rest is a subset), or gave up on a thread with too many event sequences (20,000:
  // nothing is kept)
  bool complete = true;
};

// Requires !has_loops_or_waits(program), at most 64 events per graph.
AxiomaticEnumeration enumerate_axiomatic(const Program& program, Axioms axioms,
                                         std::size_t max_candidates = 2'000'000);

}  // namespace weft::model::oracle
