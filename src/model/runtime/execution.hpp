// Execution: one run of the test body. Runs every model thread as a fiber on the calling OS
// thread, one at a time; replays the events the driver's graph already holds and hands every
// new event to the driver. Detects data races, deadlocks, spin loops that can never end, and
// the end of the execution (complete, blocked, or failed).

#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/execution_graph.hpp"
#include "memory/memory_model.hpp"
#include "runtime/driver.hpp"
#include "runtime/fiber.hpp"
#include "runtime/run_values.hpp"
#include "weft/model/check.hpp"
#include "weft/model/detail/runtime.hpp"

namespace weft::model::runtime {

using graph::Event;
using graph::EventId;
using graph::EventKind;
using graph::ThreadId;
using graph::Value;

enum class Outcome : std::uint8_t {
  complete,  // every thread finished
  blocked,   // cut short: a thread is blocked by spin-assume or atomic wait
  moot,      // abandoned: can never be counted
  aborted,   // stopped at a fatal failure
};

struct RunFailure {
  FailureKind kind = FailureKind::assertion;
  std::string message;
  detail::SourceLine where;
};

struct RunResult {
  Outcome outcome = Outcome::complete;
  std::optional<RunFailure> failure;
};

// Thrown into a model thread to unwind it when its execution is abandoned.
struct ExecutionAborted {};

class Execution {
 public:
  Execution(Driver& driver, const memory::MemoryModel& model, const Options& options,
            StackPool& stacks, const std::function<void()>& body);
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;
  ~Execution();

  RunResult run();

  // The execution running on this OS thread; throws std::logic_error outside check().
  static Execution& current();
  // The execution running on this OS thread, or nullptr.
  static Execution* current_or_null() noexcept;

  // Operations of the current model thread (see weft/model/detail/runtime.hpp).
  detail::LocationId new_location(graph::LocationKind kind, std::uint8_t size, Value init,
                                  const char* name, bool holds_pointers);
  // `ends_loop`: atomic::spin_until's load (Driver::value_filter).
  Value read(Event event, const detail::ValueFilter* ends_loop = nullptr);
  void write(Event event);
  Value rmw(Event read_part, bool* succeeded);
  void wait(Event load, Value old);
  void notify(Event event);
  void other_event(Event&& event);
  std::uint32_t choose(std::uint32_t n, const char* label, detail::SourceLine where);
  bool spurious_wakeups_explored() const { return options_.spurious_wakeups; }
  ThreadId spawn(std::unique_ptr<detail::Task> task, detail::SourceLine where);
  void join(ThreadId thread, detail::SourceLine where);
  ThreadId current_thread() const { return current_; }
  void spin_marker(detail::SourceLine where);
  std::uint32_t spin_iteration_begin();
  std::uint32_t lock_attempt_begin() {
    const std::uint32_t from = spin_iteration_begin();
    self().in_lock_attempt = true;
    return from;
  }
  void spin_iteration_failed(std::uint32_t from, detail::SourceLine where);
  void spin_iteration_succeeded() {
    self().in_spin_iteration = false;
    self().in_lock_attempt = false;
  }
  void lock_wait_failed(std::uint32_t from, graph::LocationId word, detail::SourceLine where);
  void notify_wait_failed(std::uint32_t from, graph::LocationId cv, detail::SourceLine where);
  // thread_local_value: `f` runs when the current thread returns; forget_at_exit(key) drops
  // every function registered under `key` (its object is destroyed first).
  void at_thread_exit(const void* key, std::function<void()> f);
  void forget_at_exit(const void* key) noexcept;
  // A location as reports name it (its name, else its id).
  std::string describe_location(graph::LocationId loc) const;
  void fail(FailureKind kind, std::string message, detail::SourceLine where);
  // A joinable thread object was destroyed (std::terminate for std::thread). Never throws:
  // the execution is abandoned at the next operation.
  void thread_not_joined(ThreadId thread, detail::SourceLine where) noexcept;
  std::uint64_t logical_clock_ns();
  // True while abandoned threads unwind: operations then neither record nor block.
  bool unwinding();
  // Operations a destructor may make (a lock's unlock) must not throw: see ThreadState.
  void enter_no_abort() { ++self().no_abort; }
  void leave_no_abort() { --self().no_abort; }
  Value unwinding_value(graph::LocationId loc) const;
  Value replayed_value(const graph::ExecutionGraph& g, EventId write, graph::LocationId loc) const;
  // The forced unwind of thread t (unwind_current) ended: thread_main caught it, or the body
  // swallowed it in a catch (...) (its next operation unwinds again).
  void forced_unwind_ended(ThreadId t) { threads_[t].forced_unwinding = false; }
  Value unwinding_rmw(const Event& read_part, bool* succeeded) const;

 private:
  enum class Block : std::uint8_t { none, join, wait, spin };
  // What a blocked spin iteration waits for, when it is not a loop of the program's own.
  enum class WaitsFor : std::uint8_t { nothing, lock, notify };

  struct ThreadState {
    std::unique_ptr<detail::Task> task;
    std::unique_ptr<Fiber> fiber;
    std::uint32_t next_index = 0;  // program-order position of the next event
    bool started = false;
    bool finished = false;
    Block block = Block::none;
    ThreadId join_target = 0;
    std::uint32_t blocked_from = 0;  // wait/spin: first event of the blocking iteration
    bool in_spin_until = false;      // spin: the iteration is a call of spin_until's predicate
    // spin: the iteration is an attempt to take the lock `waited_object` (lock_wait_failed), or
    // a condition variable's waiter looking for its wake-up (notify_wait_failed).
    WaitsFor waits_for = WaitsFor::nothing;
    bool awaits_write = false;        // spin: the iteration is one read, given to await_write
    std::uint32_t awaiting_read = 0;  // awaits_write: that read's index
    graph::LocationId waited_object;
    detail::SourceLine blocked_at;
    // Spin loops: where the last marker was, and the program-order bounds of the iteration.
    struct Marker {
      bool seen = false;
      detail::SourceLine site;
      std::uint32_t index = 0;
      std::uint32_t empty_iterations = 0;  // spin_loop markers in a row with no event between
    };
    Marker marker;
    // awaits_write: the marker before the blocked iteration's end, restored when an in-place
    // revisit lets the thread run the iteration again (as a replay of the new graph would).
    Marker marker_before_block;
    std::uint32_t last_write_end = 0;  // index of the last write + 1
    std::uint32_t locations_created = 0;
    // Operations made not to throw (detail::NoAbortScope: a lock's unlock, which destructors
    // call). A thread abandoned inside one finishes the scope's operations as no-ops and throws
    // ExecutionAborted at its first operation after it.
    std::uint32_t no_abort = 0;
    bool abandoned = false;
    bool forced_unwinding = false;  // unwind_current's forced unwind is under way
    std::uint64_t clock_ns = 0;
    // Operational runs only: a notify woke this thread, asleep in atomic::wait; the thread is
    // between the load of a wait and its sleep, which no other thread may come between.
    bool woken = false;
    bool in_atomic_step = false;
    bool in_spin_iteration = false;  // events get Event::in_spin
    bool in_lock_attempt = false;    // lock_attempt_begin: RMWs get Event::lock_attempt
    // A compare-exchange of a spin_until or lock iteration deferred (Driver::defers_failing_cas)
    // or withdrawn (Driver::withdraw_failed_cas): the thread waits until a write is added to
    // `deferred_on` (its coherence order grows past `deferred_co_size`; it then looks again) or
    // no other thread can run (undefer_lowest; `undeferred`: the compare-exchange is then added
    // as it is).
    bool deferred = false;
    bool undeferred = false;
    graph::LocationId deferred_on;
    std::size_t deferred_co_size = 0;
    // Run when the thread returns (thread_local_value's destructors), last registered first.
    std::vector<std::pair<const void*, std::function<void()>>> at_exit;
  };

  ThreadState& self() { return threads_[current_]; }
  // Whether the current thread made a read at a program-order index in [from, to).
  bool reads_between(std::uint32_t from, std::uint32_t to) const;
  // spin_loop markers in a row with nothing between them before the loop is taken to spin for
  // ever (a loop of yields over no shared memory would otherwise never end).
  static constexpr std::uint32_t kMaxEmptyIterations = 1000;
  void thread_main(ThreadId t);
  void run_at_exit(ThreadId t);
  EventId spawned_by(ThreadId t) const;
  void record_fatal(FailureKind kind, std::string message);
  // Inline: every frame between a blocked thread's model operation and its thread_main costs
  // two unwinder steps when the thread is torn down with ExecutionAborted.
  [[gnu::always_inline]] void suspend_current() {
    threads_[current_].fiber->suspend();
    if (aborting_ || tearing_down_) {
      abandon_current();
    }
  }
  // The execution is abandoned: unwinds the current thread (throws ExecutionAborted, in its
  // turn: unwind_current), or, in a no-abort scope, marks it abandoned and returns (the caller
  // then stops waiting).
  void abandon_current();
  // Unwinds the current thread when tear_down() comes to it (at once if it is tearing down),
  // running the destructors on its stack up to thread_main. A one-phase forced unwind (no
  // search phase: about half of the unwinder's work, which is most of an abandoned run's cost
  // on spin loops); ExecutionAborted, a C++ exception, while another exception is in flight or
  // being handled on this OS thread.
  [[noreturn]] void unwind_current();
  bool later_thread_on_its_stack() const;
  bool abandoned() const { return threads_[current_].abandoned; }
  bool blocked_for_good(ThreadId t) const;
  bool runnable(ThreadId t) const {
    const ThreadState& th = threads_[t];
    if (th.task == nullptr || th.finished) {
      return false;
    }
    if (th.deferred) {
      return driver_.graph().co(th.deferred_on).size() > th.deferred_co_size;
    }
    switch (th.block) {
      case Block::none:
        return true;
      case Block::join:
        return threads_[th.join_target].finished;
      case Block::wait:
        return operational_ && th.woken;
      case Block::spin:
        return operational_ && has_newer_write(t);
    }
    return false;
  }
  // Whether some read of the blocked iteration of thread t has a newer write to read.
  bool has_newer_write(ThreadId t) const;
  std::vector<ThreadId> runnable_threads() const;
  std::optional<ThreadId> pick_next();
  // Operational runs: a notify on `queue` wakes the earliest sleeper (notify_one) or all.
  void wake_sleepers(graph::LocationId queue, bool all);
  // Replay: whether recorded event `e` has been performed in this run, whether everything
  // recorded event `e` depends on has, and whether thread t's next recorded event can run.
  bool replayed(EventId e) const {
    return e.is_init() || (e.thread < threads_.size() && threads_[e.thread].next_index > e.index);
  }
  bool sources_replayed(const Event& e) const {
    // A read needs its source write, a start its spawn, a join the joined thread's end.
    const bool has_source =
        e.kind == EventKind::read || e.kind == EventKind::start || e.kind == EventKind::join;
    return !has_source || replayed(e.rf);
  }
  bool can_replay(ThreadId t) const;
  void consume_recorded();
  Value replayed_read_value(const Event& read) const;
  void replay_pointer_rmw(EventId read, const Event& now, Value old);
  void commit_run_values();
  void await_new_events();
  void start_thread(ThreadId t);
  const Event* recorded_next(const Event& now);
  // `event` is taken by reference: a by-value Event (its Views have destructors) would give
  // every caller a landing pad that restarts the unwinder when a blocked thread is torn down.
  EventId add_new(Event&& event, const detail::ValueFilter* ends_loop = nullptr);
  // Waits until the current thread may add a new event (the recorded ones replayed, its turn
  // come): add_new does, and callers that build their event only afterwards.
  void await_adding() {
    await_new_events();
    await_turn();
  }
  void await_turn();
  // `iteration_known`: the blocked spin iteration began where running it again begins (a call
  // of spin_until's predicate, a lock's attempt), not merely at a spin_loop() marker.
  void block_here(Block why, std::uint32_t from, detail::SourceLine where,
                  bool iteration_known = false);
  void await_cas_turn(const Event& cas);
  bool withdraw_failed_cas(std::uint32_t from);
  void wait_for_write(graph::LocationId loc);
  bool undefer_lowest();
  std::optional<EventId> single_read_iteration() const;
  bool failed_spuriously_since(std::uint32_t from) const;
  void release_revisited_in_place();
  void check_race(EventId access);
  void tear_down();
  void destroy_tasks();
  RunResult classify();
  bool stuck(ThreadId t, std::vector<int>& memo) const;
  bool spins(ThreadId t) const {
    return threads_[t].block == Block::spin && threads_[t].waits_for == WaitsFor::nothing;
  }
  bool notify_order_is_redundant() const;
  std::string describe_block(ThreadId t) const;
  std::string describe_lock_wait(ThreadId t) const;
  void waiting_iteration_failed(WaitsFor what, std::uint32_t from, graph::LocationId object,
                                detail::SourceLine where);

  Driver& driver_;
  const bool scheduled_;    // driver_.schedules()
  const bool operational_;  // driver_.operational()
  const memory::MemoryModel& model_;
  const Options& options_;
  StackPool& stacks_;
  const std::function<void()>& body_;
  std::vector<ThreadState> threads_;
  ThreadId current_ = 0;
  ThreadId next_new_thread_ = 1;
  std::vector<EventId> spawn_events_;  // per thread: the event that spawned it
  std::uint32_t events_in_run_ = 0;
  std::uint32_t awaiting_ = 0;  // threads with awaits_write: an in-place revisit may release
  // Recorded events not yet replayed in this run. New events wait until it is 0.
  std::uint32_t replay_left_ = 0;
  // The last recorded event was just replayed, or a write let a deferred thread go on: the next
  // new event goes to the scheduler first, so that the lowest-numbered runnable thread adds it
  // (which thread adds the next event must depend on the graph alone).
  bool to_scheduler_ = false;
  std::uint32_t deferred_ = 0;    // threads with ThreadState::deferred
  bool replay_reported_ = false;  // driver_.replay_done() was called
  // Tells the driver once that the replay is over; false if it was told already or the replay
  // is not over (and the run is not). Inline: every new event asks.
  bool report_replay_done(bool run_over) {
    if (replay_reported_ || (replay_left_ > 0 && !run_over)) {
      return false;
    }
    tell_replay_done(run_over);
    return true;
  }
  void tell_replay_done(bool run_over);
  RunValues run_values_;  // this run's values on locations that hold pointers
  bool aborting_ = false;
  bool blocked_for_good_ = false;  // a spin loop blocked in every extension: counted nowhere
  bool tearing_down_ = false;
  bool run_over_ = false;  // the run has ended: operations neither record nor block
  bool slept_ = false;     // some thread slept in atomic::wait: classify() checks the wake rules
  std::uint32_t notifies_ = 0;  // notify calls in this run
  std::optional<RunFailure> failure_;
};

}  // namespace weft::model::runtime
