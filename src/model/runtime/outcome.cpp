// How an execution ended: complete, blocked (cut short by spin-assume or atomic wait), or a
// deadlock / liveness failure when no remaining thread can ever move again.

#include <string>

#include <fmt/format.h>

#include "report/describe.hpp"
#include "runtime/execution.hpp"

namespace weft::model::runtime {

RunResult Execution::classify() {
  if (driver_.moot()) {
    return {Outcome::moot, std::nullopt};
  }
  if (moot_) {
    // Blocked for good: not counted, unless it failed on the way (stop_at_first_failure off).
    return {failure_ ? Outcome::aborted : Outcome::moot, failure_};
  }
  if (aborting_) {
    return {Outcome::aborted, failure_};
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
    any_spinning = any_spinning || threads_[t].block == Block::spin;
  }
  std::string message = any_spinning ? "no remaining thread can ever make progress"
                                     : "every remaining thread waits for ever";
  for (ThreadId t : waiting) {
    message += "\n  " + describe_block(t);
  }
  const ThreadState& first = threads_[waiting.front()];
  if (!failure_) {
    failure_ = RunFailure{any_spinning ? FailureKind::liveness : FailureKind::deadlock,
                          std::move(message), first.blocked_at};
  }
  return {Outcome::aborted, failure_};
}

// A blocked thread is stuck when nothing that can still happen would let it go on: its loop's
// reads already read the newest writes, or (atomic wait) no notify is ordered after its load.
bool Execution::stuck(ThreadId t, std::vector<int>& memo) const {
  if (memo[t] >= 0) {
    return memo[t] == 1;
  }
  memo[t] = 1;  // a cycle of joins is stuck
  const ThreadState& th = threads_[t];
  const graph::ExecutionGraph& g = driver_.graph();
  bool result = true;
  if (th.block == Block::join) {
    result = threads_[th.join_target].finished ? false : stuck(th.join_target, memo);
  } else {
    for (std::uint32_t i = th.blocked_from; i < th.next_index; ++i) {
      const Event& e = g[EventId{t, i}];
      if (e.kind == EventKind::read && e.rf != g.co_max(e.location)) {
        result = false;
      }
    }
    if (!result && th.block == Block::wait) {
      result = !notify_ordered_after(EventId{t, th.next_index - 1});
    }
  }
  memo[t] = result ? 1 : 0;
  return result;
}

// Whether some notify on the location of wait-load `r` must come after `r`: it follows (in
// porf) a write that `r` did not see, so in every interleaving the waiter is asleep by then.
bool Execution::notify_ordered_after(EventId r) const {
  const graph::ExecutionGraph& g = driver_.graph();
  const Event& read = g[r];
  const auto& co = g.co(read.location);
  const auto seen = static_cast<std::size_t>(g.co_index(read.rf) + 1);
  for (ThreadId t = 0; t < g.thread_count(); ++t) {
    for (const Event& n : g.thread_events(t)) {
      if (n.kind != EventKind::notify || !(n.location == read.location)) {
        continue;
      }
      for (std::size_t i = seen; i < co.size(); ++i) {
        if (n.porf.contains(co[i].thread, co[i].index)) {
          return true;
        }
      }
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
      const Event& r = g[EventId{t, th.next_index - 1}];
      const bool newest = r.rf == g.co_max(r.location);
      return fmt::format("thread {} waits on {} (value {}){}{}", t,
                         report::describe_location(g, r.location), r.value, at,
                         newest ? "" : ": it changed, but no notify is ordered after the wait");
    }
    case Block::spin:
      return fmt::format("thread {} spins{}: the loop's reads already see the newest values", t,
                         at);
    case Block::none:
      break;
  }
  return fmt::format("thread {} is not blocked", t);
}

}  // namespace weft::model::runtime
