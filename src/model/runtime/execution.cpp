#include "runtime/execution.hpp"

#include <cxxabi.h>
#include <unwind.h>
#include <boost/context/detail/exception.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "report/describe.hpp"

#if defined(WEFT_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace weft::model::runtime {

namespace {

thread_local Execution* tls_current = nullptr;

// The foreign exception of a forced unwind (Execution::unwind_current). The unwinder's pointer
// is to `header`, the first member.
struct ForcedUnwind {
  _Unwind_Exception header{};
  Execution* execution = nullptr;
  ThreadId thread = 0;
};
constexpr _Unwind_Exception_Class kForcedUnwindClass = 0x5745'4654'4142'5254ULL;  // "WEFTABRT"

// The stop function of the forced unwind: every frame is unwound, up to thread_main's catch.
_Unwind_Reason_Code unwind_every_frame(int /*version*/, _Unwind_Action /*actions*/,
                                       _Unwind_Exception_Class /*cls*/,
                                       _Unwind_Exception* /*exception*/,
                                       _Unwind_Context* /*context*/, void* /*arg*/) {
  return _URC_NO_REASON;
}

// Called when a catch (...) that caught the forced unwind ends (__cxa_end_catch deletes a
// foreign exception through its cleanup): thread_main's, or one in the body that swallowed it
// (the thread's next operation unwinds it again).
void end_forced_unwind(_Unwind_Reason_Code /*reason*/, _Unwind_Exception* exception) {
  auto* unwind = reinterpret_cast<ForcedUnwind*>(exception);
  unwind->execution->forced_unwind_ended(unwind->thread);
  delete unwind;
}
// Checks running on any OS thread: a model operation on an OS thread without one comes from a
// thread the body started by other means than weft::model::thread.
std::atomic<int> checks_running{0};

// Counts a running check for as long as it lives.
class RunningCheck {
 public:
  RunningCheck() { checks_running.fetch_add(1, std::memory_order_relaxed); }
  ~RunningCheck() { checks_running.fetch_sub(1, std::memory_order_relaxed); }
  RunningCheck(const RunningCheck&) = delete;
  RunningCheck& operator=(const RunningCheck&) = delete;
};

}  // namespace

Execution::Execution(Driver& driver, const memory::MemoryModel& model, const Options& options,
                     StackPool& stacks, const std::function<void()>& body)
    : driver_(driver),
      scheduled_(driver.schedules()),
      operational_(driver.operational()),
      model_(model),
      options_(options),
      stacks_(stacks),
      body_(body) {
  const graph::ExecutionGraph& g = driver_.graph();
  next_new_thread_ = std::max<ThreadId>(1, g.thread_count());
  for (ThreadId t = 0; t < g.thread_count(); ++t) {
    replay_left_ += g.thread_size(t);
    for (const Event& e : g.thread_events(t)) {
      if (e.kind == EventKind::spawn) {
        next_new_thread_ = std::max(next_new_thread_, e.other + 1);
      }
    }
  }
}

Execution::~Execution() = default;

Execution& Execution::current() {
  if (tls_current == nullptr) {
    if (checks_running.load(std::memory_order_relaxed) > 0) {
      throw std::logic_error(
          "weft::model: a model object was used from a thread that is not a "
          "weft::model::thread (a std::thread or another OS thread started inside the check "
          "body?): model threads must be weft::model::thread");
    }
    throw std::logic_error(
        "weft::model: a model object was used outside weft::model::check() (create atomics, "
        "cells, threads and mutexes inside the body)");
  }
  return *tls_current;
}

RunResult Execution::run() {
  Execution* const outer = tls_current;
  if (outer != nullptr) {
    throw std::logic_error("weft::model::check() must not be called from inside a check body");
  }
  tls_current = this;
  const RunningCheck running;
  threads_.reserve(next_new_thread_);  // every thread the recorded graph spawns
  spawn_events_.reserve(next_new_thread_);
  threads_.resize(1);
  threads_[0].task = std::make_unique<detail::TaskOf<std::function<void()>>>(body_);
  while (!aborting_) {
    const std::optional<ThreadId> next = pick_next();
    if (!next) {
      if (report_replay_done(false)) {
        continue;  // writes the driver held back may have released a thread
      }
      if (undefer_lowest()) {
        continue;
      }
      break;
    }
    current_ = *next;
    if (!threads_[current_].started) {
      start_thread(current_);
    }
    threads_[current_].fiber->resume();
  }
  commit_run_values();
  tear_down();
  RunResult result = classify();
  report_replay_done(true);
  destroy_tasks();
  tls_current = outer;
  return result;
}

// Recorded events are replayed first, in an order that respects program order, reads-from,
// spawn and join (each thread runs while its next recorded event's sources have run), so that
// plain memory holds what it held when the graph was recorded. New events follow, added by the
// lowest-numbered runnable thread (GenMC's `ltr`).
std::optional<ThreadId> Execution::pick_next() {
  if (replay_left_ > 0) {
    for (ThreadId t = 0; t < threads_.size(); ++t) {
      if (runnable(t) && can_replay(t)) {
        return t;
      }
    }
    record_fatal(FailureKind::misuse,
                 "the test body is not deterministic: its threads stopped before performing the "
                 "operations an earlier run recorded for them (a body must not depend on anything "
                 "but what its model operations return)");
    return std::nullopt;
  }
  if (const auto forced = scheduled_ ? driver_.next_thread(runnable_threads()) : std::nullopt) {
    if (*forced < threads_.size() && runnable(*forced)) {
      return forced;
    }
    // Called by the scheduler, not a model thread: record, do not throw.
    record_fatal(FailureKind::misuse,
                 fmt::format("the replay string does not match this test: it schedules thread "
                             "{}, which cannot run here",
                             *forced));
    return std::nullopt;
  }
  for (ThreadId t = 0; t < threads_.size(); ++t) {
    if (runnable(t)) {
      return t;
    }
  }
  return std::nullopt;
}

std::vector<ThreadId> Execution::runnable_threads() const {
  std::vector<ThreadId> out;
  for (ThreadId t = 0; t < threads_.size(); ++t) {
    if (runnable(t)) {
      out.push_back(t);
    }
  }
  return out;
}

void Execution::start_thread(ThreadId t) {
  ThreadState& th = threads_[t];
  th.started = true;
  th.fiber = std::make_unique<Fiber>(stacks_, [this, t] { thread_main(t); });
}

void Execution::thread_main(ThreadId t) {
  try {
    Event start;
    start.kind = EventKind::start;
    start.rf = spawned_by(t);
    other_event(std::move(start));
    threads_[t].task->run();
    run_at_exit(t);
    Event end;
    end.kind = EventKind::end;
    other_event(std::move(end));
    threads_[t].finished = true;
  } catch (const ExecutionAborted&) {
    // Unwound on purpose.
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const std::exception& e) {
    record_fatal(FailureKind::exception,
                 fmt::format("thread {} threw an exception: {}", t, e.what()));
  } catch (...) {
    if (!threads_[t].forced_unwinding) {  // else unwound on purpose (unwind_current)
      record_fatal(FailureKind::exception,
                   fmt::format("thread {} threw an exception not derived from std::exception", t));
    }
  }
}

void Execution::at_thread_exit(const void* key, std::function<void()> f) {
  self().at_exit.emplace_back(key, std::move(f));
}

void Execution::forget_at_exit(const void* key) noexcept {
  for (ThreadState& th : threads_) {
    std::erase_if(th.at_exit, [key](const auto& entry) { return entry.first == key; });
  }
}

void Execution::run_at_exit(ThreadId t) {
  while (!threads_[t].at_exit.empty()) {
    const std::function<void()> f = std::move(threads_[t].at_exit.back().second);
    threads_[t].at_exit.pop_back();
    f();
  }
}

EventId Execution::spawned_by(ThreadId t) const {
  return t < spawn_events_.size() ? spawn_events_[t] : EventId::init();
}

void Execution::record_fatal(FailureKind kind, std::string message) {
  if (!failure_) {
    failure_ = RunFailure{kind, std::move(message), {}};
  }
  aborting_ = true;
}

void Execution::fail(FailureKind kind, std::string message, detail::SourceLine where) {
  if (!failure_) {
    failure_ = RunFailure{kind, std::move(message), where};
  }
  const bool fatal = options_.stop_at_first_failure ||
                     (kind != FailureKind::assertion && kind != FailureKind::data_race);
  if (fatal) {
    aborting_ = true;
    if (!unwinding()) {
      abandon_current();
    }
  }
}

void Execution::thread_not_joined(ThreadId thread, detail::SourceLine where) noexcept {
  if (aborting_ || tearing_down_) {
    return;  // a thread object unwound with its abandoned execution
  }
  if (!failure_) {
    failure_ = RunFailure{FailureKind::thread_not_joined,
                          fmt::format("thread {} was destroyed while joinable (std::thread would "
                                      "call std::terminate)",
                                      thread),
                          where};
  }
  aborting_ = true;
}

bool Execution::unwinding() {
  const ThreadState& th = threads_[current_];
  if (th.forced_unwinding) {
    return true;  // a destructor on the way (std::uncaught_exceptions() does not count it)
  }
  if (th.abandoned && std::uncaught_exceptions() == 0) {
    if (th.no_abort > 0) {
      return true;  // the rest of the scope's operations are no-ops
    }
    unwind_current();  // the scope is over: unwind now
  }
  return run_over_ || ((aborting_ || tearing_down_) && std::uncaught_exceptions() > 0);
}

void Execution::abandon_current() {
  if (self().no_abort > 0) {
    self().abandoned = true;
    return;
  }
  unwind_current();
}

// Threads unwind in tear_down()'s order, the latest started first: a thread's frames may refer
// to objects in the frames of the thread that started it (a std::unique_lock on the body's
// mutex), whose destructors must not run before theirs. So a thread that abandons the
// execution while later ones are still on their stacks waits for its turn before it throws.
void Execution::unwind_current() {
  if (!tearing_down_) {
    aborting_ = true;
    if (later_thread_on_its_stack()) {
      threads_[current_].fiber->suspend();  // resumed by tear_down()
    }
  }
  // A foreign exception must not start while this OS thread handles or throws another (the
  // handled exceptions of all fibers share one chain): a C++ exception then.
  if (std::uncaught_exceptions() > 0 || abi::__cxa_current_exception_type() != nullptr) {
    throw ExecutionAborted{};
  }
  self().forced_unwinding = true;
  auto* unwind = new ForcedUnwind{};
  unwind->header.exception_class = kForcedUnwindClass;
  unwind->header.exception_cleanup = end_forced_unwind;
  unwind->execution = this;
  unwind->thread = current_;
#if defined(WEFT_ASAN)
  __asan_handle_no_return();  // the frames left are never returned to
#endif
  _Unwind_ForcedUnwind(&unwind->header, unwind_every_frame, nullptr);
  std::fputs("weft: internal error: a model thread's stack could not be unwound\n", stderr);
  std::abort();  // (thread_main catches every unwind)
}

bool Execution::later_thread_on_its_stack() const {
  for (ThreadId t = current_ + 1; t < threads_.size(); ++t) {
    if (threads_[t].started && !threads_[t].fiber->finished()) {
      return true;
    }
  }
  return false;
}

// The closures of threads that never ran to their end (an abandoned execution, a thread never
// started) may hold model objects (a thread, a Mutex guard): they are destroyed while this
// execution is still the current one, with operations neither recorded nor blocking.
void Execution::destroy_tasks() {
  run_over_ = true;
  for (ThreadId t = static_cast<ThreadId>(threads_.size()); t-- > 0;) {
    threads_[t].task.reset();
  }
}

Execution* Execution::current_or_null() noexcept {
  return tls_current;
}

std::string Execution::describe_location(graph::LocationId loc) const {
  return report::describe_location(driver_.graph(), loc);
}

// The value of the co-latest write to `loc` that this run has performed (its own value: on a
// location that holds pointers, a write not yet replayed still has an earlier run's pointer,
// which may be freed memory by now). Under RC11 a run follows po ∪ rf, not co, so the co-latest
// write of the graph may not have run yet.
Value Execution::unwinding_value(graph::LocationId loc) const {
  const graph::ExecutionGraph& g = driver_.graph();
  if (!g.has_location(loc)) {
    return 0;
  }
  const auto& co = g.co(loc);
  for (auto w = co.rbegin(); w != co.rend(); ++w) {
    if (w->index < threads_[w->thread].next_index) {
      return replayed_value(g, *w, loc);
    }
  }
  return replayed_value(g, EventId::init(), loc);
}

Value Execution::replayed_value(const graph::ExecutionGraph& g, EventId write,
                                graph::LocationId loc) const {
  return g.location(loc).holds_pointers ? run_values_.value_of(g, write, loc)
                                        : g.value_of(write, loc);
}

// Abandoned threads are suspended inside a blocking operation; resuming them makes that
// operation throw ExecutionAborted, which unwinds their stacks so destructors run. Children go
// first: they may use objects on their parents' stacks (and have larger numbers).
void Execution::tear_down() {
  tearing_down_ = true;
  for (ThreadId t = static_cast<ThreadId>(threads_.size()); t-- > 0;) {
    ThreadState& th = threads_[t];
    while (th.started && !th.fiber->finished()) {
      current_ = t;
      th.fiber->resume();
    }
  }
}

bool Execution::can_replay(ThreadId t) const {
  const graph::ExecutionGraph& g = driver_.graph();
  const std::uint32_t next = threads_[t].next_index;
  return next < g.thread_size(t) && sources_replayed(g[EventId{t, next}]);
}

// The current thread performed its next recorded event.
void Execution::consume_recorded() {
  ++self().next_index;
  ++events_in_run_;
  if (--replay_left_ == 0) {
    to_scheduler_ = true;
  }
}

// Once the whole graph has been replayed, its values on pointer locations become this run's.
void Execution::commit_run_values() {
  if (replay_left_ == 0 && !run_values_.empty()) {
    run_values_.commit(driver_.graph());
    run_values_ = RunValues{};
  }
}

Value Execution::replayed_read_value(const Event& read) const {
  const graph::ExecutionGraph& g = driver_.graph();
  return g.location(read.location).holds_pointers ? run_values_.value_of(g, read.rf, read.location)
                                                  : read.value;
}

// A new event waits until every recorded event has been replayed; the first one then goes
// back to the scheduler, so that the lowest-numbered runnable thread adds first.
void Execution::await_new_events() {
  while (replay_left_ > 0) {
    suspend_current();
    if (abandoned()) {
      return;
    }
  }
  commit_run_values();
  report_replay_done(false);
  if (to_scheduler_) {
    to_scheduler_ = false;
    suspend_current();
  }
}

void Execution::tell_replay_done(bool run_over) {
  replay_reported_ = true;
  driver_.replay_done(run_over);
  if (!run_over && awaiting_ > 0) {
    release_revisited_in_place();
  }
}

}  // namespace weft::model::runtime
