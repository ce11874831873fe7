// weft/model/check.hpp
//
// weft::model::check(): runs a test body under every execution the memory model allows, each
// exactly once, and reports the first failure (or all executions' counts).
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
  sc,  // sequential consistency: every atomic access behaves as seq_cst
};

struct Options {
  Model model = Model::sc;
  // Stop after this many complete executions (0: no limit). Reaching it is reported as
  // Verdict::bound_reached, never as a pass.
  std::uint64_t max_executions = 0;
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
  bound_reached,  // stopped at Options::max_executions before exploring everything
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
