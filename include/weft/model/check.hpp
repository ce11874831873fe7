// weft/model/check.hpp
//
// weft::model::check(): runs a test body under every execution the memory model allows, each
// exactly once, and reports the first failure (or all executions' counts). The memory model is
// RC11 (the C++ memory model) unless Options::model says Model::sc.
//
//   auto report = weft::model::check([] {
//     weft::model::atomic<int> x{0};
//     weft::model::thread t([&] { x.fetch_add(1); });
//     x.fetch_add(1);
//     t.join();
//     WEFT_ASSERT(x.load() == 2);
//   });
//   std::cout << report;          // verdict, counts, and a trace if something failed
//   assert(report.ok());
//
// The body must be deterministic given what its model operations return: it is re-run from
// the start for every execution, and each re-run replays the choices made so far. Every model
// object (atomic, cell, thread, Mutex) must be created inside the body.
//
// Environment: WEFT_REPLAY=<replay string> re-runs that one execution and prints its trace (a
// replay string names the body it came from: other checks in the same program are skipped,
// with a message, while it is set); WEFT_LOG=1 prints every execution as it is explored.

#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace weft::model {

// The memory model executions are explored under.
enum class Model : std::uint8_t {
  sc,    // sequential consistency: every atomic access behaves as seq_cst
  rc11,  // the C++ memory model as RC11 repairs it (docs/model-checker.md); the default
};

// Random schedules instead of exhaustive exploration (see Options::sample).
struct Sample {
  std::uint64_t count = 0;  // runs; 0: explore exhaustively
  std::uint64_t seed = 0;   // the same seed gives the same runs
  // PCT's bug depth: the run's highest-priority thread changes depth - 1 times at random steps.
  std::uint32_t depth = 3;
};

// Where the tools disagree on RC11 (../shared/guides/rc11.md §8), Model::rc11 follows the C++20
// standard and the paper by default; each switch gives another tool's reading.
struct Rc11Variant {
  // C++11's (and herd's rc11.cat) release sequences: a later store of the releasing thread to
  // the same location continues the sequence (C++20 and GenMC: only RMWs continue it).
  bool release_sequence_2017 = false;
  // GenMC v0.11's psc: an hb path between SC events counts even when its first or last sb step
  // stays on one location (scb = sb ∪ sb;hb;sb ∪ hb|loc ∪ co ∪ rb): forbids the paper's Z6.U.
  bool location_free_scb = false;
  // GenMC: spawning a thread is a release fence and joining one an acquire fence for the
  // calling thread (so an earlier relaxed store is published by a later spawn).
  bool spawn_join_fences = false;
};

namespace detail {
class CountedExecutionAccess;
}

// One counted execution, as Options::on_execution sees it (valid during the call only).
class CountedExecution {
 public:
  // Its place among the executions counted (1, 2, ...; Report::executions after it).
  std::uint64_t number() const { return number_; }
  // Whether it failed (an assertion, a data race, ...).
  bool failed() const { return failed_; }
  // The execution as a Graphviz digraph: each thread's events in program order, reads-from
  // edges (marked "rf, sw" where the read synchronizes with the write) and each location's
  // coherence order ("mo").
  std::string graphviz(const std::string& title) const;
  // The execution's trace, as a failure prints it.
  std::string trace() const;

 private:
  friend class detail::CountedExecutionAccess;
  CountedExecution(std::uint64_t number, bool failed, const void* graph, const void* model)
      : number_(number), failed_(failed), graph_(graph), model_(model) {}
  std::uint64_t number_;
  bool failed_;
  const void* graph_;  // the engine's graph and memory model, opaque here
  const void* model_;
};

struct Options {
  Model model = Model::rc11;
  Rc11Variant rc11 = {};  // used under Model::rc11
  // Under Model::rc11, compare_exchange_weak may fail spuriously (the standard allows it): each
  // weak compare-exchange that reads its expected value is explored both succeeding and
  // failing. false: never (GenMC's choice, needed to compare counts with it). Under Model::sc a
  // weak compare-exchange never fails spuriously. A spurious failure inside a spin_until or
  // spin_loop() iteration only repeats the iteration, so such runs are not counted (moot).
  bool spurious_cas_failures = true;
  // Debug mode (also WEFT_RECHECK=1): every counted execution's graph is checked again with the
  // memory model's full, from-scratch check (exploration checks only what its construction does
  // not guarantee); one that fails stops the check with FailureKind::internal_error.
  bool recheck = false;
  // Stop after this many complete executions (0: no limit). Reaching it is reported as
  // Verdict::bound_reached, never as a pass.
  std::uint64_t max_executions = 0;
  // Stop after this many seconds of exploration (0: no limit), reported as
  // Verdict::bound_reached with `bound` "time_limit_seconds = ...", never as a pass.
  double time_limit_seconds = 0;
  // Called once per counted (complete) execution, failing or not, after the body returned;
  // never for a blocked or moot run. A body that leaves what it saw in a variable of the caller
  // collects each execution's outcome here, and may keep its graph or trace. When the
  // exploration begins again internally, numbering starts again at 1: keep outcomes by number.
  std::function<void(const CountedExecution&)> on_execution{};
  // Preemption bound (as loom's LOOM_MAX_PREEMPTIONS): explore only executions whose events can
  // be ordered with at most this many preemptions, i.e. switches away from a thread that could
  // go on (a thread that waits for a lock, a join, a notify or in spin_until is not preempted).
  // When that leaves executions out, the verdict is Verdict::bound_reached, never ok. Executions
  // over the bound may still be reached on the way, and some within it may be missed: the
  // count is of the order the explorer meets them in (see docs/model-checker.md). Preemptions
  // are counted on an order of the graph's events that the memory model allows; under RC11 a
  // read of an older write (a stale read) needs no preemption.
  std::optional<std::uint32_t> max_preemptions{};
  // Random schedules: `sample.count` runs, each a schedule drawn by PCT (Burckhardt et al.,
  // ASPLOS 2010) from `sample.seed`, instead of exhaustive exploration. Every run is a real
  // execution under SC, run as on a machine (a spinning thread waits for a newer write, a
  // sleeping one for a notify). Verdict::sampled unless a run fails.
  Sample sample{};
  // Explore spurious wake-ups of condition_variable::wait (the standard allows them): a waiter
  // may return without a notify, at most once per notify it has seen (so that a waiting loop
  // stays finite). Off: a waiter returns only when notified.
  bool spurious_wakeups = true;
  // Events one execution may contain before it is reported as a failure (a loop without a
  // spin marker).
  std::uint32_t max_events = 10'000;
  // Stop at the first failure. When false, failing executions are recorded and run to their
  // end, so every execution is counted; the report keeps the first failure.
  bool stop_at_first_failure = true;
  // Re-run only the execution this replay string (from a Failure) describes.
  std::string replay{};
  // Print every execution as it is explored.
  bool log = false;
};

enum class FailureKind : std::uint8_t {
  assertion,          // WEFT_ASSERT failed
  data_race,          // two cell accesses, one a write, unordered by happens-before
  deadlock,           // every remaining thread waits (join, atomic wait, a parked Mutex)
  liveness,           // a thread spins in a loop it can never leave
  exception,          // an exception escaped a model thread or the body
  event_limit,        // an execution exceeded Options::max_events
  thread_not_joined,  // a joinable model::thread was destroyed
  misuse,             // the body is not deterministic, or model objects are used wrongly
  internal_error,     // weft counted an execution its own full check rejects (Options::recheck)
};

const char* to_string(FailureKind kind);

struct Failure {
  FailureKind kind = FailureKind::assertion;
  std::string message;
  std::string file;  // where it was detected (may be empty)
  std::uint32_t line = 0;
  std::string trace;   // one line per event, in execution order
  std::string replay;  // give back through Options::replay or WEFT_REPLAY
};

enum class Verdict : std::uint8_t {
  ok,             // every execution explored, no failure
  failed,         // see Report::failure
  bound_reached,  // no failure, but max_executions or max_preemptions left executions out
  sampled,        // no failure in Options::sample's runs
};

struct Report {
  Verdict verdict = Verdict::ok;
  std::uint64_t executions = 0;         // complete executions explored
  std::uint64_t blocked = 0;            // executions cut short by spin-assume
  std::uint64_t failed_executions = 0;  // executions with a failure (complete or not)
  // Runs abandoned without being counted: graphs that can never be counted (two RMWs reading
  // one write, a spin loop blocked in every extension, a sleep that is not an execution or
  // duplicates another one). Work the checker did that no other counter shows.
  std::uint64_t moot = 0;
  std::uint64_t runs = 0;  // every run of the body (all of the above)
  // What bounded the exploration ("max_preemptions = 2", "sample = {10000, seed 7}"), also
  // when a failure was found; empty when nothing limited it.
  std::string bound;
  std::optional<Failure> failure;
  double seconds = 0;

  bool ok() const { return verdict == Verdict::ok; }
};

std::ostream& operator<<(std::ostream& out, const Report& report);

namespace detail {
// Names a check body in its replay strings (a hash of the body's type), so that WEFT_REPLAY
// replays only the check that printed it.
std::uint32_t body_identity(const char* type_name) noexcept;
Report check_impl(std::function<void()> body, const Options& options, std::uint32_t body_id);
}  // namespace detail

// check()
//
// Runs `body` once per execution until every execution has been explored, a limit is reached,
// or (by default) the first failure. Not reentrant: a body must not call check().
template <class F>
Report check(F&& body, Options options = {}) {
  return detail::check_impl(std::function<void()>(std::forward<F>(body)), options,
                            detail::body_identity(typeid(std::decay_t<F>).name()));
}

}  // namespace weft::model
