// weft/model/detail/runtime.hpp: the door between weft::model's public types and the checker's
// runtime. Internal: the public types call these, users never do.
//
// Every function must be called from inside weft::model::check(), on a model thread; otherwise
// it throws std::logic_error.

#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "weft/model/detail/types.hpp"

namespace weft::model::detail {

// A model thread's body, type-erased.
class Task {
 public:
  virtual ~Task() = default;
  virtual void run() = 0;
};

template <class F>
class TaskOf final : public Task {
 public:
  explicit TaskOf(F f) : f_(std::move(f)) {}
  void run() override { f_(); }

 private:
  F f_;
};

// Locations. `size` is the value's width in bytes (1 to 8), or 0 for a cell whose value lives
// in the object (its accesses carry no value); `name` is copied ("" for none); `holds_pointers`:
// the values are addresses, which may differ between re-runs of the body.
LocationId new_location(LocationKind kind, std::uint8_t size, Value init, std::string_view name,
                        bool holds_pointers = false);

// Atomic accesses. Values are zero-extended to 64 bits; results are truncated to `size`.
Value load(LocationId loc, std::memory_order order, SourceLine where);
// A load whose loop continues unless `ends_loop` holds for the value read, and whose outcome
// depends on that value alone: the checker need not try sources whose value fails it.
Value load_until(LocationId loc, std::memory_order order, const ValueFilter& ends_loop,
                 SourceLine where);
void store(LocationId loc, Value v, std::memory_order order, SourceLine where);
// exchange / fetch_*: returns the old value.
Value fetch_op(LocationId loc, RmwOp op, Value operand, std::memory_order order, SourceLine where);
// compare_exchange: on failure `expected` receives the current value.
bool compare_exchange(LocationId loc, Value& expected, Value desired, std::memory_order success,
                      std::memory_order failure, bool weak, SourceLine where);
void wait(LocationId loc, Value old, std::memory_order order, SourceLine where);
void notify(LocationId loc, bool all, SourceLine where);
void fence(std::memory_order order, SourceLine where);

// Non-atomic accesses, checked for data races: of a cell, or of an atomic location (a litmus
// test's `*x`, which races with the location's atomic accesses too).
Value cell_read(LocationId loc, SourceLine where);
void cell_write(LocationId loc, Value v, SourceLine where);

// Threads.
std::uint32_t spawn(std::unique_ptr<Task> task, SourceLine where);
void join(std::uint32_t thread, SourceLine where);
std::uint32_t current_thread();
void thread_not_joined(std::uint32_t thread, SourceLine where) noexcept;
// Runs `f` when the calling model thread returns (after its body, before its end event); last
// registered, first run. forget_at_exit drops every function registered under `key`, in every
// thread (no-op outside a check).
void at_thread_exit(const void* key, std::function<void()> f);
void forget_at_exit(const void* key) noexcept;

// One iteration of a spin loop ended here (the heuristic marker of spin_loop()/yield_now()).
void spin_loop(SourceLine where);
// spin_until(): the program-order position where an iteration starts, and the end of an
// iteration (started at `from`) whose predicate returned false.
std::uint32_t spin_iteration_begin();
// The same for a lock's attempt (lock_until): its compare-exchanges are marked as such.
std::uint32_t lock_attempt_begin();
void spin_iteration_failed(std::uint32_t from, SourceLine where);
void spin_iteration_succeeded();

// A choice the program leaves open, explored like any other: returns one of 0..n-1 (n >= 2).
// `label` (a string literal) names it in traces.
std::uint32_t choose(std::uint32_t n, const char* label, SourceLine where);
// Options::spurious_wakeups of the running check.
bool spurious_wakeups_explored();

// WEFT_ASSERT failed.
void assertion_failed(const char* expression, const std::string& message, SourceLine where);

// A per-thread logical clock in nanoseconds (for algorithms that look at time): advances by
// half a millisecond per call.
std::uint64_t logical_clock_ns();

}  // namespace weft::model::detail
