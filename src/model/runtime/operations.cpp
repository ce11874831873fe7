// The operations a model thread performs: each either replays the event recorded at its
// program-order position or hands a new event to the driver.

#include <utility>

#include <fmt/format.h>

#include "graph/rmw.hpp"
#include "graph/wait_queue.hpp"
#include "report/describe.hpp"
#include "runtime/execution.hpp"

namespace weft::model::runtime {

namespace {

// Whether `now` does what `recorded` did. Values on locations that hold pointers are not
// compared: addresses may differ between runs (run_values.hpp).
bool same_operation(const graph::ExecutionGraph& g, const Event& recorded, const Event& now) {
  const Event& a = recorded;
  const Event& b = now;
  if (a.kind != b.kind || a.order != b.order || !(a.location == b.location) || a.wait != b.wait ||
      a.other != b.other) {
    return false;
  }
  if (a.plain != b.plain || (a.kind == EventKind::read && a.is_rmw != b.is_rmw)) {
    return false;
  }
  const bool has_rmw_operands = a.kind == EventKind::read && a.is_rmw;
  if (has_rmw_operands && (a.rmw.op != b.rmw.op || a.rmw.failure_order != b.rmw.failure_order ||
                           a.rmw.weak != b.rmw.weak)) {
    return false;
  }
  if (!has_rmw_operands && a.kind != EventKind::write) {
    return true;  // no values to compare (the common case: no location lookup)
  }
  if (g.location(a.location).holds_pointers) {
    return true;
  }
  return has_rmw_operands ? a.rmw.operand == b.rmw.operand && a.rmw.expected == b.rmw.expected
                          : a.value == b.value;
}

}  // namespace

graph::LocationId Execution::new_location(graph::LocationKind kind, std::uint8_t size, Value init,
                                          const char* name, bool holds_pointers) {
  ThreadState& th = self();
  graph::ExecutionGraph& g = driver_.graph();
  const graph::LocationId id{current_, th.locations_created++};
  init = graph::truncate_to(init, size);
  if (holds_pointers && replay_left_ > 0 && g.has_location(id)) {
    run_values_.defined(id, init);  // the graph keeps its value until the replay is complete
    init = g.location(id).init;
  }
  g.define_location(id, kind, size, init, holds_pointers, name != nullptr ? name : "");
  if (kind == graph::LocationKind::atomic) {
    // Every atomic may be waited on: its wait queue takes the next index.
    const graph::LocationId queue = graph::queue_of(id);
    ++th.locations_created;
    g.define_location(queue, graph::LocationKind::wait_queue, 1, 0, false,
                      name != nullptr ? name : "");
  }
  return id;
}

// The recorded event at the current thread's next position, after checking that the program
// does the same thing again; nullptr when the thread is past its recorded events.
const Event* Execution::recorded_next(const Event& now) {
  if (aborting_) {
    abandon_current();
    return nullptr;
  }
  const graph::ExecutionGraph& g = driver_.graph();
  const EventId id{current_, self().next_index};
  if (id.index >= g.thread_size(current_)) {
    return nullptr;
  }
  const Event& recorded = g[id];  // the graph does not change while it is replayed
  while (!sources_replayed(recorded)) {
    suspend_current();
    if (abandoned()) {
      return nullptr;
    }
  }
  if (!same_operation(g, recorded, now)) {
    fail(FailureKind::misuse,
         fmt::format("the test body is not deterministic: event {} of thread {} was `{}` in an "
                     "earlier run and is `{}` now (a body must not depend on anything but what "
                     "its model operations return)",
                     id.index, id.thread, report::describe_operation(g, recorded),
                     report::describe_operation(g, now)),
         now.source);
  }
  consume_recorded();
  return &recorded;
}

// Returns EventId::init() when the thread was abandoned in a no-abort scope (while it waited
// here or before): the operation is then a no-op, as when unwinding.
EventId Execution::add_new(Event&& event, const detail::ValueFilter* ends_loop) {
  if (abandoned()) {
    return EventId::init();
  }
  await_adding();
  if (event.is_rmw && self().in_spin_iteration && !abandoned()) {
    await_cas_turn(event);
  }
  if (abandoned()) {
    return EventId::init();
  }
  if (events_in_run_ >= options_.max_events) {
    fail(FailureKind::event_limit,
         fmt::format("the execution exceeded max_events ({} events): a loop that never ends, or "
                     "a spin loop without weft::model::spin_loop()?",
                     options_.max_events),
         event.source);
  }
  event.in_spin = self().in_spin_iteration;
  event.lock_attempt = self().in_lock_attempt && event.is_rmw;
  // Only a write (an RMW's write part comes with its read part) may revisit a read in place.
  const bool writes = event.kind == EventKind::write || event.is_rmw;
  if (ends_loop != nullptr) {
    driver_.value_filter(ends_loop);
  }
  const EventId id = driver_.add(current_, std::move(event));
  if (ends_loop != nullptr) {
    driver_.value_filter(nullptr);
  }
  ++self().next_index;
  ++events_in_run_;
  if (driver_.moot()) {
    aborting_ = true;
    abandon_current();
  }
  if (awaiting_ > 0 && writes) {
    release_revisited_in_place();
  }
  if (deferred_ > 0 && writes) {
    for (ThreadId t = 0; t < threads_.size(); ++t) {
      to_scheduler_ = to_scheduler_ || (threads_[t].deferred && runnable(t));
    }
  }
  return id;
}

// A compare-exchange of a spin_until or lock iteration waits for a write to its location while
// one was withdrawn from its position with no write since (graph::ExecutionGraph::Withdrawal)
// or it would fail on the newest write (Driver::defers_failing_cas); it is added as it is once
// no other thread can run (undefer_lowest).
void Execution::await_cas_turn(const Event& cas) {
  while (!self().undeferred) {
    const graph::ExecutionGraph& g = driver_.graph();
    const graph::ExecutionGraph::Withdrawal* w =
        g.withdrawal_at(EventId{current_, self().next_index});
    const bool withdrawn = w != nullptr && !g.has_write_since(w->location, w->since);
    if (!withdrawn && !driver_.defers_failing_cas(cas)) {
      break;
    }
    wait_for_write(cas.location);
    if (abandoned()) {
      return;
    }
    await_new_events();  // an in-place revisit may have released a thread to replay
    if (abandoned()) {
      return;
    }
  }
  self().undeferred = false;
}

void Execution::wait_for_write(graph::LocationId loc) {
  ThreadState& th = self();
  th.deferred = true;
  th.deferred_on = loc;
  th.deferred_co_size = driver_.graph().co(loc).size();
  ++deferred_;
  suspend_current();
  if (self().deferred) {  // (undefer_lowest() clears it and counts)
    self().deferred = false;
    --deferred_;
  }
}

// No thread can run: the lowest-numbered one that waits for a write (a deferred or withdrawn
// compare-exchange) adds its compare-exchange now, as it is (GenMC's rescheduleReads). False
// if there is none.
bool Execution::undefer_lowest() {
  for (ThreadState& th : threads_) {
    if (th.deferred && !th.finished) {
      th.deferred = false;
      --deferred_;
      th.undeferred = true;
      return true;
    }
  }
  return false;
}

// A blocked spin_until or lock iteration that ends with a compare-exchange a revisit made
// fail: the explorer may take the compare-exchange out of the graph
// (Driver::withdraw_failed_cas). The thread runs its iteration again at once: the events
// before the compare-exchange are replayed, and the compare-exchange, added anew, waits for a
// write to its location (await_cas_turn). Only where running the iteration again is known
// to start at its first event (block_here's `iteration_known`): a spin_loop() loop may begin
// before the marker it last passed (and taking its compare-exchanges out was not exact:
// docs/benchmarks.md).
bool Execution::withdraw_failed_cas(std::uint32_t from) {
  ThreadState& th = self();
  if (th.next_index <= from) {
    return false;
  }
  const EventId last{current_, th.next_index - 1};
  if (!driver_.withdraw_failed_cas(last)) {
    return false;
  }
  th.block = Block::none;
  th.marker = th.marker_before_block;
  th.next_index = from;
  events_in_run_ -= last.index + 1 - from;
  replay_left_ += last.index - from;
  return true;
}

// The explorer may have revisited awaiting reads in place (a write they may read came): their
// threads run their iteration again, replaying the read with its new source, as in a run that
// replays the new graph.
void Execution::release_revisited_in_place() {
  const graph::ExecutionGraph& g = driver_.graph();
  for (ThreadId t = 0; t < threads_.size(); ++t) {
    ThreadState& th = threads_[t];
    if (!th.awaits_write || g[EventId{t, th.awaiting_read}].awaits_write) {
      continue;
    }
    th.awaits_write = false;
    --awaiting_;
    th.block = Block::none;
    th.next_index = th.awaiting_read;
    th.marker = th.marker_before_block;
    --events_in_run_;
    ++replay_left_;
  }
}

// Under a driver that schedules (a replay, a sampled run), waits until the driver gives this
// thread the next event. Nobody comes between the load of an atomic::wait and its sleep.
void Execution::await_turn() {
  if (!scheduled_ || self().in_atomic_step) {
    return;
  }
  for (auto forced = driver_.next_thread(runnable_threads());
       forced && *forced != current_ && !abandoned();
       forced = driver_.next_thread(runnable_threads())) {
    suspend_current();
  }
}

Value Execution::read(Event event, const detail::ValueFilter* ends_loop) {
  if (unwinding()) {
    return unwinding_value(event.location);
  }
  event.kind = EventKind::read;
  const graph::LocationId loc = event.location;
  const EventId replayed{current_, self().next_index};
  if (const Event* recorded = recorded_next(event)) {
    if (recorded->plain) {
      check_race(replayed);  // a racing pair has a plain side, which is replayed too
    }
    return replayed_read_value(*recorded);
  }
  const EventId id = add_new(std::move(event), ends_loop);
  if (id.is_init()) {
    return unwinding_value(loc);
  }
  check_race(id);
  return driver_.graph()[id].value;
}

void Execution::write(Event event) {
  if (unwinding()) {
    return;
  }
  event.kind = EventKind::write;
  self().last_write_end = self().next_index + 1;
  const EventId id{current_, self().next_index};
  if (const Event* recorded = recorded_next(event)) {
    if (driver_.graph().location(event.location).holds_pointers) {
      run_values_.wrote(id, event.value);  // committed when the replay is complete
    }
    if (recorded->plain) {
      check_race(id);
    }
    return;
  }
  const EventId added = add_new(std::move(event));
  if (!added.is_init()) {
    check_race(added);
  }
}

Value Execution::rmw(Event read_part, bool* succeeded) {
  if (unwinding()) {
    return unwinding_rmw(read_part, succeeded);
  }
  read_part.kind = EventKind::read;
  read_part.is_rmw = true;
  const EventId id{current_, self().next_index};
  const graph::ExecutionGraph& g = driver_.graph();
  Value old = 0;
  const Event* recorded = recorded_next(read_part);
  if (recorded != nullptr) {
    old = replayed_read_value(*recorded);
    if (g.location(read_part.location).holds_pointers) {
      replay_pointer_rmw(id, read_part, old);
    }
  } else {
    const EventId added = add_new(Event{read_part});
    if (added.is_init()) {
      return unwinding_rmw(read_part, succeeded);
    }
    old = g[added].value;
  }
  // The write part, when the RMW succeeded, is the next event (the driver adds it with the
  // read part): performed with it.
  const std::optional<EventId> write_part = graph::rmw_write_of(g, id);
  *succeeded = write_part.has_value();
  if (*succeeded) {
    // In a spin_until iteration, an RMW that writes back the value it read (a test-and-set that
    // found the flag set) changes nothing another thread can read: for spin-assume, the
    // iteration wrote nothing. (Not in spin_loop() loops: their heuristic iteration boundaries
    // rest on the thread's last write, and the oracle finds more missed liveness outcomes.)
    if (!self().in_spin_iteration || g[*write_part].value != g[id].value) {
      self().last_write_end = write_part->index + 1;
    }
    if (recorded != nullptr) {
      consume_recorded();
    } else {
      ++self().next_index;
      ++events_in_run_;
    }
  }
  return old;
}

// An RMW of a thread that is unwinding (or abandoned in a no-abort scope): computed on the
// location's newest value, recorded nowhere.
Value Execution::unwinding_rmw(const Event& read_part, bool* succeeded) const {
  const Value v = unwinding_value(read_part.location);
  const auto size = driver_.graph().location(read_part.location).size;
  *succeeded = graph::rmw_result(read_part.rmw, v, size).has_value();
  return v;
}

// A replayed RMW on a location that holds pointers: its operands and its result are this run's.
// Whether it wrote must not change: that would be a different execution.
// A compare_exchange_weak that the graph records as failing spuriously fails again.
void Execution::replay_pointer_rmw(EventId read, const Event& now, Value old) {
  const graph::ExecutionGraph& g = driver_.graph();
  graph::RmwPayload operands = now.rmw;
  operands.fails_spuriously = g[read].rmw.fails_spuriously;
  run_values_.rmw_operands(read, operands);
  const std::optional<Value> result =
      operands.fails_spuriously ? std::nullopt
                                : graph::rmw_result(operands, old, g.location(now.location).size);
  const std::optional<EventId> write_part = graph::rmw_write_of(g, read);
  const bool wrote = write_part.has_value();
  if (result.has_value() != wrote) {
    fail(FailureKind::misuse,
         fmt::format("the test body is not deterministic: the compare-exchange at event {} of "
                     "thread {} {} in an earlier run and {} now, with the same values read "
                     "(a body must not depend on anything but what its model operations return)",
                     read.index, read.thread, wrote ? "succeeded" : "failed",
                     wrote ? "fails" : "succeeds"),
         now.source);
  } else if (result) {
    run_values_.wrote(*write_part, *result);
  }
}

// std::atomic::wait: load; if the value is `old`, sleep until a notify wakes this thread, then
// load again. The sleep and the load before it are one atomic step (see graph/wait_queue.hpp);
// a thread that stays asleep is blocked for the rest of the run.
void Execution::wait(Event load, Value old) {
  if (unwinding()) {
    return;
  }
  load.wait = graph::WaitPart::load;
  for (;;) {
    const std::uint32_t from = self().next_index;
    if (read(load) != old) {
      return;
    }
    Event sleep = load;
    sleep.location = graph::queue_of(load.location);
    sleep.wait = graph::WaitPart::sleep;
    sleep.value = 0;
    slept_ = true;
    // Operational runs: the load, the sleep and the wake are one step, so the wake reads the
    // initial write and the thread sleeps until a notify wakes it (wake_sleepers), then loads
    // again.
    self().in_atomic_step = operational_;
    write(sleep);
    Event wake = sleep;
    wake.wait = graph::WaitPart::wake;
    const Value woken = read(std::move(wake));
    self().in_atomic_step = false;
    if (woken == 0) {  // read the queue's initial write: nobody woke it
      block_here(Block::wait, from, load.source);
    }
  }
}

// A notify writes 1 to the wait queue, so a wake that reads 1 was woken.
void Execution::notify(Event event) {
  if (unwinding()) {
    return;
  }
  event.location = graph::queue_of(event.location);
  event.value = 1;
  ++notifies_;
  const graph::LocationId queue = event.location;
  const bool all = event.wait == graph::WaitPart::notify_all;
  write(std::move(event));
  if (operational_ && !unwinding()) {
    wake_sleepers(queue, all);
  }
}

void Execution::wake_sleepers(graph::LocationId queue, bool all) {
  const graph::ExecutionGraph& g = driver_.graph();
  std::optional<ThreadId> earliest;
  std::int64_t earliest_position = 0;
  for (ThreadId t = 0; t < threads_.size(); ++t) {
    ThreadState& th = threads_[t];
    const EventId sleep{t, th.blocked_from + 1};
    if (th.block != Block::wait || th.woken || g[sleep].location != queue) {
      continue;
    }
    if (all) {
      th.woken = true;
    } else if (!earliest || g.co_index(sleep) < earliest_position) {
      earliest = t;
      earliest_position = g.co_index(sleep);
    }
  }
  if (earliest) {
    threads_[*earliest].woken = true;
  }
}

std::uint32_t Execution::choose(std::uint32_t n, const char* label, detail::SourceLine where) {
  if (unwinding()) {
    return 0;
  }
  Event event;
  event.kind = EventKind::choice;
  event.other = n;
  event.label = label;
  event.source = where;
  if (const Event* recorded = recorded_next(event)) {
    return static_cast<std::uint32_t>(recorded->value);
  }
  const EventId id = add_new(std::move(event));
  return id.is_init() ? 0 : static_cast<std::uint32_t>(driver_.graph()[id].value);
}

void Execution::other_event(Event&& event) {
  if (unwinding()) {
    return;
  }
  if (recorded_next(event) == nullptr) {
    add_new(std::move(event));
  }
}

ThreadId Execution::spawn(std::unique_ptr<detail::Task> task, detail::SourceLine where) {
  Event event;
  event.kind = EventKind::spawn;
  event.source = where;
  const graph::ExecutionGraph& g = driver_.graph();
  const EventId id{current_, self().next_index};
  ThreadId child = 0;
  if (id.index < g.thread_size(current_) && g[id].kind == EventKind::spawn) {
    child = g[id].other;
  } else {
    child = next_new_thread_++;
  }
  event.other = child;
  if (recorded_next(event) == nullptr) {
    add_new(std::move(event));
  }
  if (threads_.size() <= child) {
    threads_.resize(child + 1);
    spawn_events_.resize(child + 1, EventId::init());
  }
  threads_[child].task = std::move(task);
  spawn_events_[child] = id;
  return child;
}

void Execution::join(ThreadId target, detail::SourceLine where) {
  if (unwinding()) {
    return;
  }
  if (target >= threads_.size() || threads_[target].task == nullptr || target == current_) {
    fail(FailureKind::misuse, fmt::format("thread {} cannot join thread {}", current_, target),
         where);
    return;
  }
  // Even a recorded join waits until the joined thread has replayed to its end in this run:
  // that thread may use objects that the joining thread destroys after the join. (The event is
  // made after the wait: a blocked thread is torn down by unwinding, and an object with a
  // destructor in this frame would cost a landing pad and a restart of the unwinder.)
  while (!threads_[target].finished) {
    ThreadState& th = self();
    th.block = Block::join;
    th.join_target = target;
    th.blocked_at = where;
    suspend_current();
  }
  self().block = Block::none;
  const graph::ExecutionGraph& g = driver_.graph();
  const EventId id{current_, self().next_index};
  const bool recorded = id.index < g.thread_size(current_);
  if (!recorded) {
    await_adding();  // before the event exists, for the same reason
    if (abandoned()) {
      return;
    }
  }
  Event event;
  event.kind = EventKind::join;
  event.other = target;
  event.source = where;
  if (recorded) {
    event.rf = g[id].rf;
    recorded_next(event);
    return;
  }
  event.rf = EventId{target, g.thread_size(target) - 1};
  add_new(std::move(event));
}

// GenMC's spin-assume: an iteration of a spin loop that wrote nothing would, if it spins again,
// only re-read; the execution is cut short here (counted as blocked) and the continuations in
// which the loop reads something newer are reached by revisiting its reads. The iteration ends
// at this marker and starts after the previous marker at the same place, or, when the previous
// marker is elsewhere, after the later of that marker and the thread's last write.
void Execution::spin_marker(detail::SourceLine where) {
  if (unwinding()) {
    return;
  }
  ThreadState& th = self();
  th.marker_before_block = th.marker;
  ThreadState::Marker& m = th.marker;
  const bool same_site = m.seen && m.site.file == where.file && m.site.line == where.line;
  const bool wrote = th.last_write_end > m.index;
  const bool empty = same_site && m.index == th.next_index;
  const std::uint32_t from = std::max(th.last_write_end, m.seen ? m.index : 0U);
  m.seen = true;
  m.site = where;
  m.index = th.next_index;
  // An iteration that read nothing waits for nothing: a yield outside a loop, or a loop over
  // the thread's own state. Only a loop that repeats nothing at all for long is taken to spin.
  m.empty_iterations = empty ? m.empty_iterations + 1 : 0;
  if (!reads_between(from, th.next_index) && m.empty_iterations < kMaxEmptyIterations) {
    return;
  }
  if (!(same_site && wrote)) {
    block_here(Block::spin, from, where);
  }
}

bool Execution::reads_between(std::uint32_t from, std::uint32_t to) const {
  const graph::ExecutionGraph& g = driver_.graph();
  for (std::uint32_t i = from; i < to; ++i) {
    if (g[EventId{current_, i}].kind == EventKind::read) {
      return true;
    }
  }
  return false;
}

// spin_until(): an iteration is exactly the events between its begin and its failed end.
std::uint32_t Execution::spin_iteration_begin() {
  if (unwinding()) {
    return 0;
  }
  self().in_spin_iteration = true;
  return self().next_index;
}

void Execution::spin_iteration_failed(std::uint32_t from, detail::SourceLine where) {
  if (unwinding()) {
    return;
  }
  ThreadState& th = self();
  th.marker_before_block = th.marker;
  th.marker.seen = true;
  th.marker.site = where;
  th.marker.index = th.next_index;
  if (th.last_write_end <= from) {  // the iteration wrote nothing: spinning again only re-reads
    th.in_spin_until = true;
    block_here(Block::spin, from, where, /*iteration_known=*/true);
  }
}

// A lock's acquisition loop is a spin_until whose iterations only read (a failed
// compare-exchange): blocked the same way, reported as waiting for the lock.
void Execution::lock_wait_failed(std::uint32_t from, graph::LocationId word,
                                 detail::SourceLine where) {
  waiting_iteration_failed(WaitsFor::lock, from, word, where);
}

// A condition variable's waiter is a spin_until over one read of its wake-up flag: blocked (and
// revisited in place) the same way, reported as waiting for a notify of `cv`.
void Execution::notify_wait_failed(std::uint32_t from, graph::LocationId cv,
                                   detail::SourceLine where) {
  waiting_iteration_failed(WaitsFor::notify, from, cv, where);
}

void Execution::waiting_iteration_failed(WaitsFor what, std::uint32_t from,
                                         graph::LocationId object, detail::SourceLine where) {
  if (unwinding()) {
    return;
  }
  ThreadState& th = self();
  th.in_lock_attempt = false;
  th.waits_for = what;
  th.waited_object = object;
  spin_iteration_failed(from, where);
  self().waits_for = WaitsFor::nothing;  // (an operational run resumes it: threads_ may have grown)
}

void Execution::block_here(Block why, std::uint32_t from, detail::SourceLine where,
                           bool iteration_known) {
  ThreadState& th = self();
  th.block = why;
  th.blocked_from = from;
  th.blocked_at = where;
  if (operational_) {
    // Runnable again once a newer write or a notify comes (runnable()).
    suspend_current();
    self().block = Block::none;  // (threads_ may have grown: `th` may dangle)
    self().woken = false;
    return;
  }
  if (why == Block::spin && failed_spuriously_since(from)) {
    // A weak compare-exchange of this iteration failed spuriously: trying again is the
    // iteration the execution without that failure runs. Not counted.
    blocked_for_good_ = true;
    unwind_current();
  }
  if (why == Block::spin && blocked_for_good(current_)) {
    // Every extension of this execution is blocked too: abandon it (GenMC's
    // mootExecutionIfFullyBlocked). Complete executions and failures are found elsewhere. A
    // sleeping thread is no such case: the execution may end in a real deadlock.
    blocked_for_good_ = true;
    unwind_current();
  }
  if (why == Block::spin && iteration_known && withdraw_failed_cas(from)) {
    return;
  }
  const std::optional<EventId> single_read =
      why == Block::spin ? single_read_iteration() : std::nullopt;
  if (single_read && driver_.await_write(*single_read)) {
    th.awaits_write = true;
    th.awaiting_read = single_read->index;
    ++awaiting_;
    while (self().block == Block::spin) {
      suspend_current();  // until an in-place revisit releases it, or resumed to unwind
    }
    return;
  }
  suspend_current();  // never resumed but to unwind
}

// Whether a weak compare-exchange of the current thread at or after po index `from` failed
// spuriously.
bool Execution::failed_spuriously_since(std::uint32_t from) const {
  const graph::ExecutionGraph& g = driver_.graph();
  for (std::uint32_t i = from; i < threads_[current_].next_index; ++i) {
    if (g[EventId{current_, i}].rmw.fails_spuriously) {
      return true;
    }
  }
  return false;
}

// The read, if the current thread's blocked spin iteration is one plain read of an atomic
// (not a lock's attempt, not an RMW, not part of a wait), its last event: what the iteration
// does then depends on that read's value alone (and on the thread's earlier events). Locations
// that hold pointers are left out (their replayed values are per run).
std::optional<EventId> Execution::single_read_iteration() const {
  const ThreadState& th = threads_[current_];
  if (th.next_index <= th.blocked_from || th.waits_for == WaitsFor::lock) {
    return std::nullopt;
  }
  const graph::ExecutionGraph& g = driver_.graph();
  // Before the read, only the thread's start (a first iteration of a spin_loop() loop), which
  // running the iteration again does not repeat.
  for (std::uint32_t i = th.blocked_from; i + 1 < th.next_index; ++i) {
    if (g[EventId{current_, i}].kind != EventKind::start) {
      return std::nullopt;
    }
  }
  const EventId id{current_, th.next_index - 1};
  const Event& read = g[id];
  const graph::LocationInfo& info = g.location(read.location);
  if (read.kind != EventKind::read || read.is_rmw || read.wait != graph::WaitPart::none ||
      info.kind != graph::LocationKind::atomic || info.holds_pointers) {
    return std::nullopt;
  }
  return id;
}

// A spinning thread whose loop reads are all stable (no later write may revisit them: they are
// not revisitable, or did not take the newest write when added) stays blocked in every
// extension of the execution.
//
// Read from the iteration's end: a read that did not take the newest write when added is never
// revisited, and no revisit may delete it (TruSt's maximality test), so every read added before
// it (in this iteration, and in every thread) keeps its source in every extension too.
bool Execution::blocked_for_good(ThreadId t) const {
  const ThreadState& th = threads_[t];
  const graph::ExecutionGraph& g = driver_.graph();
  bool any_read = false;
  for (std::uint32_t i = th.next_index; i-- > th.blocked_from;) {
    const Event& e = g[EventId{t, i}];
    if (e.kind == EventKind::read) {
      if (e.revisitable && e.added_max) {
        return false;
      }
      if (!e.added_max) {
        return true;
      }
      any_read = true;
    }
  }
  return any_read;
}

std::uint64_t Execution::logical_clock_ns() {
  self().clock_ns += 500'000;
  return self().clock_ns;
}

// Data race: an access (new, or a replayed plain one: every execution that has the pair reports
// it) and another access to the same location, at least one a write and one non-atomic, not
// ordered by happens-before either way (a replayed access's graph holds events later than it).
void Execution::check_race(EventId access) {
  graph::ExecutionGraph& g = driver_.graph();
  const Event& e = g[access];
  graph::LocationInfo& info = g.location(e.location);
  if (e.plain) {
    info.plain_accessed = true;
  }
  if (!info.plain_accessed) {
    return;  // only atomic accesses so far: no race
  }
  auto racy = [&](EventId other) {
    return other != access && other.thread != access.thread && (e.plain || g[other].plain) &&
           (e.kind == EventKind::write || g[other].kind == EventKind::write) &&
           !model_.happens_before(g, other, access) && !model_.happens_before(g, access, other);
  };
  std::optional<EventId> other;
  for (EventId w : info.co) {
    if (racy(w)) {
      other = w;
      break;
    }
  }
  if (!other && e.kind == EventKind::write) {
    for (EventId r : info.reads) {
      if (racy(r)) {
        other = r;
        break;
      }
    }
  }
  if (other) {
    fail(FailureKind::data_race, report::describe_race(g, *other, access), e.source);
  }
}

}  // namespace weft::model::runtime
