// The brute-force side of the oracle: an explicit-state search over the interleavings of single
// operations under sequential consistency, with a visited set. In programs without wait/notify
// it also counts the distinct execution graphs (po, rf, co) of the complete executions, failed
// spin iterations left out (they write nothing), which is what weft counts as executions.
//
//   - x.wait(c) is a futex: atomically, if x == c the thread falls asleep on x, else it returns.
//     notify_one wakes exactly one thread asleep on x (each choice is explored; with nobody
//     asleep the notify is lost), notify_all wakes all; a woken thread loads x again and may
//     sleep again. There are no spurious wake-ups.
//   - spin_until(pred): one iteration runs its operations one step at a time, interleaved with
//     the other threads; when pred is false the thread goes back to the loop's start with the
//     loop's registers reset, so iterations that change nothing close cycles in the state
//     graph, which the visited set cuts.
//
// Outcomes (outcome.hpp): complete when every thread finished; deadlock when no thread can move
// and some thread is asleep or joining; liveness when every unfinished thread is asleep, joins
// an unfinished thread, or stands at the start of a spin loop whose iteration, run now with
// memory frozen, fails, and at least one thread spins.

#pragma once

#include <cstddef>
#include <optional>

#include "outcome.hpp"
#include "program.hpp"

namespace weft::model::oracle {

struct Enumeration {
  OutcomeSet outcomes;
  std::size_t states = 0;
  bool complete = true;  // false: stopped at max_states, the outcomes are a subset
  // Programs without wait/notify: the distinct execution graphs (po, rf, co; failed spin
  // iterations left out) of the complete executions. Else nullopt.
  std::optional<std::size_t> complete_graphs;
};

Enumeration enumerate(const Program& program, std::size_t max_states = 2'000'000);

}  // namespace weft::model::oracle
