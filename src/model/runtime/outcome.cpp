// How an execution ended: complete, blocked (cut short by spin-assume or atomic wait), or a
// deadlock / liveness failure when no remaining thread can ever move again.

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "graph/wait_queue.hpp"
#include "report/describe.hpp"
#include "runtime/execution.hpp"

namespace weft::model::runtime {

RunResult Execution::classify() {
  if (driver_.moot()) {
    return {Outcome::moot, std::nullopt};
  }
  if (blocked_for_good_) {
    // Blocked for good: not counted, unless it failed on the way (stop_at_first_failure off).
    return {failure_ ? Outcome::aborted : Outcome::moot, failure_};
  }
  if (aborting_) {
    return {Outcome::aborted, failure_};
  }
  const graph::ExecutionGraph& g = driver_.graph();
  // An operational run is one real execution: the rules that make each explored graph an
  // execution, counted once, do not apply.
  const bool check_sleeps = slept_ && !operational_;
  const graph::Wakeups wakeups = check_sleeps ? graph::check_wakeups(g) : graph::Wakeups::exact;
  if (check_sleeps && (!model_.is_execution(g) || wakeups == graph::Wakeups::unserved)) {
    // Not an execution the program can end in: a sleep placed after a notify it should have
    // seen, or a sleeper that a notify would have woken; another alternative gives the real
    // one. Failures found on the way stay: they are real (a woken thread may just not have run).
    return {failure_ ? Outcome::aborted : Outcome::moot, failure_};
  }
  if (wakeups == graph::Wakeups::needless ||
      (!operational_ && notifies_ > 1 && notify_order_is_redundant())) {
    // The same as another explored execution, failures included: not counted.
    return {Outcome::moot, std::nullopt};
  }
  std::vector<ThreadId> waiting;
  for (ThreadId t = 0; t < threads_.size(); ++t) {
    if (threads_[t].task != nullptr && !threads_[t].finished) {
      waiting.push_back(t);
    }
  }
  if (waiting.empty()) {
    return {Outcome::complete, failure_};
  }
  std::vector<int> memo(threads_.size(), -1);
  bool any_spinning = false;
  for (ThreadId t : waiting) {
    if (!stuck(t, memo)) {
      return {Outcome::blocked, failure_};
    }
    any_spinning = any_spinning || spins(t);
  }
  std::string message = any_spinning ? "no remaining thread can ever make progress"
                                     : "every remaining thread waits for ever";
  for (ThreadId t : waiting) {
    message += "\n  " + describe_block(t);
  }
  // Reported where the first thread spins (a liveness failure), else where the first thread
  // waits for a lock or sleeps in a wait, else where the first thread joins.
  const auto first_that = [&](auto&& pred) {
    return std::find_if(waiting.begin(), waiting.end(), pred);
  };
  auto at = first_that([&](ThreadId t) { return spins(t); });
  if (at == waiting.end()) {
    at = first_that([&](ThreadId t) { return threads_[t].block != Block::join; });
  }
  const ThreadId first = at != waiting.end() ? *at : waiting.front();
  if (!failure_) {
    failure_ = RunFailure{any_spinning ? FailureKind::liveness : FailureKind::deadlock,
                          std::move(message), threads_[first].blocked_at};
  }
  return {Outcome::aborted, failure_};
}

// Whether some queue that nobody sleeps on has two adjacent notifies out of EventId order that
// could be swapped consistently (see graph::notify_inversions).
bool Execution::notify_order_is_redundant() const {
  const graph::ExecutionGraph& g = driver_.graph();
  for (const auto& [first, second] : graph::notify_inversions(g)) {
    graph::ExecutionGraph swapped = g;
    swapped.remove_from_co(first);
    swapped.insert_co_after(first, second);
    if (model_.is_execution(swapped)) {
      return true;
    }
  }
  return false;
}

// A blocked thread is stuck when nothing that can still happen would let it go on: it sleeps in
// atomic::wait (in this execution nobody wakes it), or its spin loop's reads already read the
// newest writes.
bool Execution::stuck(ThreadId t, std::vector<int>& memo) const {
  if (memo[t] >= 0) {
    return memo[t] == 1;
  }
  memo[t] = 1;  // a cycle of joins is stuck
  const ThreadState& th = threads_[t];
  bool result = true;
  if (th.block == Block::join) {
    result = threads_[th.join_target].finished ? false : stuck(th.join_target, memo);
  } else if (th.block == Block::spin) {
    result = !has_newer_write(t);
  }
  memo[t] = result ? 1 : 0;
  return result;
}

bool Execution::has_newer_write(ThreadId t) const {
  const ThreadState& th = threads_[t];
  const graph::ExecutionGraph& g = driver_.graph();
  for (std::uint32_t i = th.blocked_from; i < th.next_index; ++i) {
    const Event& e = g[EventId{t, i}];
    if (e.kind != EventKind::read) {
      continue;
    }
    // The read's own RMW write (an exchange that wrote back what it read) is not newer news.
    const EventId newest = g.co_max(e.location);
    const bool own_write = e.is_rmw && newest == EventId{t, i + 1};  // its write part
    if (e.rf != newest && !own_write) {
      return true;
    }
  }
  return false;
}

std::string Execution::describe_block(ThreadId t) const {
  const ThreadState& th = threads_[t];
  const graph::ExecutionGraph& g = driver_.graph();
  const std::string at = report::describe_source(th.blocked_at);
  switch (th.block) {
    case Block::join:
      return fmt::format("thread {} joins thread {}{}", t, th.join_target, at);
    case Block::wait: {
      const Event& load = g[EventId{t, th.blocked_from}];
      const bool changed = load.rf != g.co_max(load.location);
      return fmt::format(
          "thread {} waits on {} (value {}){}: asleep, {}", t,
          report::describe_location(g, load.location), load.value, at,
          changed ? "no notify wakes it after the value changed" : "and the value never changes");
    }
    case Block::spin:
      if (th.waits_for == WaitsFor::lock) {
        return describe_lock_wait(t);
      }
      if (th.waits_for == WaitsFor::notify) {
        return fmt::format("thread {} waits on {}{}: no notify wakes it", t,
                           report::describe_location(g, th.waited_object), at);
      }
      return fmt::format(
          "thread {} spins{}: the loop's reads already see the newest values{}", t, at,
          th.in_spin_until ? " (if the spin_until predicate keeps state from one call to the "
                             "next, e.g. a compare-exchange's updated expected value, it is not a "
                             "waiting loop: write an ordinary loop)"
                           : "");
    case Block::none:
      break;
  }
  return fmt::format("thread {} is not blocked", t);
}

// "thread 1 waits to lock `b` at t.cpp:50, held by thread 2 (locked at t.cpp:44)": the holder
// is the thread of the lock word's newest write, where it took the lock.
std::string Execution::describe_lock_wait(ThreadId t) const {
  const ThreadState& th = threads_[t];
  const graph::ExecutionGraph& g = driver_.graph();
  std::string text =
      fmt::format("thread {} waits to lock {}{}", t, report::describe_location(g, th.waited_object),
                  report::describe_source(th.blocked_at));
  const EventId newest = g.co_max(th.waited_object);
  if (!newest.is_init() && g[newest].value != 0) {
    text += fmt::format(", held by thread {} (locked{})", newest.thread,
                        report::describe_source(g[newest].source));
  }
  return text;
}

}  // namespace weft::model::runtime
