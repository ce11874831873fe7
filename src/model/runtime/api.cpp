// The functions weft::model's public types call (weft/model/detail/runtime.hpp): each builds
// the event and hands it to the current execution.

#include <string>
#include <string_view>

#include "runtime/execution.hpp"
#include "weft/model/detail/runtime.hpp"

namespace weft::model::detail {

using runtime::Execution;

namespace {

graph::Event access(LocationId loc, std::memory_order order, SourceLine where) {
  graph::Event e;
  e.location = loc;
  e.order = order;
  e.source = where;
  return e;
}

}  // namespace

LocationId new_location(LocationKind kind, std::uint8_t size, Value init, std::string_view name,
                        bool holds_pointers) {
  // The execution copies a NUL-terminated name into its graph (short names need no allocation).
  const std::string owned(name);
  return Execution::current().new_location(kind, size, init,
                                           owned.empty() ? nullptr : owned.c_str(), holds_pointers);
}

Value load(LocationId loc, std::memory_order order, SourceLine where) {
  return Execution::current().read(access(loc, order, where));
}

Value load_until(LocationId loc, std::memory_order order, const ValueFilter& ends_loop,
                 SourceLine where) {
  return Execution::current().read(access(loc, order, where), &ends_loop);
}

void store(LocationId loc, Value v, std::memory_order order, SourceLine where) {
  graph::Event e = access(loc, order, where);
  e.value = v;
  Execution::current().write(std::move(e));
}

Value fetch_op(LocationId loc, RmwOp op, Value operand, std::memory_order order, SourceLine where) {
  graph::Event e = access(loc, order, where);
  e.rmw.op = op;
  e.rmw.operand = operand;
  bool succeeded = false;
  return Execution::current().rmw(std::move(e), &succeeded);
}

// compare_exchange_weak fails spuriously where the explorer says so (Model::rc11 with
// Options::spurious_cas_failures; never under SC, as in GenMC).
bool compare_exchange(LocationId loc, Value& expected, Value desired, std::memory_order success,
                      std::memory_order failure, bool weak, SourceLine where) {
  graph::Event e = access(loc, success, where);
  e.rmw.op = RmwOp::cas;
  e.rmw.weak = weak;
  e.rmw.operand = desired;
  e.rmw.expected = expected;
  e.rmw.failure_order = failure;
  bool succeeded = false;
  const Value old = Execution::current().rmw(std::move(e), &succeeded);
  if (!succeeded) {
    expected = old;
  }
  return succeeded;
}

void wait(LocationId loc, Value old, std::memory_order order, SourceLine where) {
  Execution::current().wait(access(loc, order, where), old);
}

void notify(LocationId loc, bool all, SourceLine where) {
  graph::Event e = access(loc, std::memory_order_seq_cst, where);
  e.wait = all ? graph::WaitPart::notify_all : graph::WaitPart::notify_one;
  Execution::current().notify(std::move(e));
}

void fence(std::memory_order order, SourceLine where) {
  graph::Event e;
  e.kind = graph::EventKind::fence;
  e.order = order;
  e.source = where;
  Execution::current().other_event(std::move(e));
}

Value cell_read(LocationId loc, SourceLine where) {
  graph::Event e = access(loc, std::memory_order_relaxed, where);
  e.plain = true;
  return Execution::current().read(std::move(e));
}

void cell_write(LocationId loc, Value v, SourceLine where) {
  graph::Event e = access(loc, std::memory_order_relaxed, where);
  e.plain = true;
  e.value = v;
  Execution::current().write(std::move(e));
}

std::uint32_t spawn(std::unique_ptr<Task> task, SourceLine where) {
  return Execution::current().spawn(std::move(task), where);
}

void join(std::uint32_t thread, SourceLine where) {
  Execution::current().join(thread, where);
}

std::uint32_t current_thread() {
  return Execution::current().current_thread();
}

void thread_not_joined(std::uint32_t thread, SourceLine where) noexcept {
  // A thread object that outlives its check (moved out of the body) has nothing to report to.
  if (Execution* execution = Execution::current_or_null()) {
    execution->thread_not_joined(thread, where);
  }
}

void spin_loop(SourceLine where) {
  Execution::current().spin_marker(where);
}

std::uint32_t spin_iteration_begin() {
  return Execution::current().spin_iteration_begin();
}

void spin_iteration_failed(std::uint32_t from, SourceLine where) {
  Execution::current().spin_iteration_failed(from, where);
}

void at_thread_exit(const void* key, std::function<void()> f) {
  Execution::current().at_thread_exit(key, std::move(f));
}

void forget_at_exit(const void* key) noexcept {
  if (Execution* execution = Execution::current_or_null()) {
    execution->forget_at_exit(key);
  }
}

std::uint32_t choose(std::uint32_t n, const char* label, SourceLine where) {
  return Execution::current().choose(n, label, where);
}

bool spurious_wakeups_explored() {
  return Execution::current().spurious_wakeups_explored();
}

std::uint32_t lock_attempt_begin() {
  return Execution::current().lock_attempt_begin();
}

void spin_iteration_succeeded() {
  Execution::current().spin_iteration_succeeded();
}

void assertion_failed(const char* expression, const std::string& message, SourceLine where) {
  Execution& execution = Execution::current();
  std::string text = std::string("WEFT_ASSERT(") + expression + ") failed in thread " +
                     std::to_string(execution.current_thread());
  if (!message.empty()) {
    text += ": " + message;
  }
  execution.fail(FailureKind::assertion, std::move(text), where);
}

std::uint64_t logical_clock_ns() {
  return Execution::current().logical_clock_ns();
}

}  // namespace weft::model::detail
