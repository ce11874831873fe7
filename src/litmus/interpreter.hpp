// weft::litmus::run(): answers a parsed litmus test with weft::model's engine.
//
// The test becomes one model thread per P<n> over model locations (one per litmus location,
// 8 bytes, its initial value); atomic calls become the model's atomic operations with their
// orders, `*x` a non-atomic access of the same location (herd decides atomicity by syntax), a
// CAS's expected value a non-atomic read of its location and, on failure, a non-atomic write
// back. The engine explores every consistent execution once (stop_at_first_failure off, so
// racy executions are counted too, as herd counts them); at the end of each, after joining the
// threads, the final values of the locations and registers named by the condition and by
// `locations [...]` are read and the condition is evaluated. Executions the filter rejects
// are not counted.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "litmus/ast.hpp"

namespace weft::litmus {

// --model: rc11 is herd's rc11.cat (C++11's release sequences: a later store of the releasing
// thread continues one; consume is not acquire; a weak CAS may fail spuriously); cpp20 the
// engine's defaults (C++20's release sequences, consume as acquire); sc sequential consistency.
enum class ModelChoice : std::uint8_t { rc11, cpp20, sc };

struct RunOptions {
  ModelChoice model = ModelChoice::rc11;
  double timeout_seconds = 60;  // the whole exploration; reaching it: Answer::timed_out
  bool graph = false;           // fill Answer::graph
};

// One distinct final state: the values of Answer::keys, in that order.
struct FinalState {
  std::vector<std::int64_t> values;
  std::uint64_t executions = 0;  // executions that end in it
  bool satisfies = false;        // the condition's proposition holds in it
};

struct Answer {
  // The condition's locations and registers, then those of `locations [...]`, each once, in
  // the order herd prints them: registers by thread then name, then locations by name.
  std::vector<StateKey> keys;
  std::vector<FinalState> states;  // sorted by values
  std::uint64_t satisfying = 0;    // executions (the filter passed) in which the prop holds
  std::uint64_t falsifying = 0;    // executions (the filter passed) in which it does not
  bool race = false;               // some execution has a data race (herd's Undef flag)
  bool ok = false;         // herd's Ok: exists: satisfying > 0; ~exists: satisfying == 0; forall:
                           // falsifying == 0
  bool timed_out = false;  // timeout_seconds reached: the counts are partial, `ok` means nothing
  std::string error;       // non-empty: the engine could not answer (e.g. a loop that never
                           // ends, a thread's event limit); the counts mean nothing
  double seconds = 0;
  // With RunOptions::graph: one execution as a Graphviz digraph (po, rf with sw, mo): for
  // exists and ~exists one in which the proposition holds (a witness; for ~exists, a
  // counter-example), for forall one in which it does not (a counter-example); when there is
  // none, one of the other kind. Empty when no execution passed the filter.
  std::string graph;
};

Answer run(const Test& test, const RunOptions& options);

}  // namespace weft::litmus
