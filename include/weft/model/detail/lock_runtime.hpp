// weft/model/detail/lock_runtime.hpp: the runtime door of weft::model's locks (mutex,
// shared_mutex, condition_variable). Internal: the lock types call these, users never do.

#pragma once

#include <cstdint>

#include "weft/model/detail/runtime.hpp"
#include "weft/model/detail/types.hpp"

namespace weft::model::detail {

// An attempt to take the lock whose state is the atomic location `word` failed: the iteration
// that began at program-order position `from` (see spin_iteration_begin) read it taken and wrote
// nothing. The thread waits until the word changes, and if it never can, the execution is a
// deadlock that names the lock and `where`.
void lock_wait_failed(std::uint32_t from, LocationId word, SourceLine where);

// A condition variable's waiter read its wake-up flag (an iteration begun at `from`) and found
// itself not yet woken: it waits until the flag is written, and if it never can be, the
// execution is a deadlock that names the condition variable `cv` (its location) and `where`.
void notify_wait_failed(std::uint32_t from, LocationId cv, SourceLine where);

// Takes the lock whose word is `word`: calls `try_once()` (one attempt, true when it took the
// lock) until it succeeds; each failed attempt waits for the word to change.
template <class TryOnce>
void lock_until(LocationId word, SourceLine where, TryOnce&& try_once) {
  for (;;) {
    const std::uint32_t from = lock_attempt_begin();
    if (try_once()) {
      spin_iteration_succeeded();
      return;
    }
    lock_wait_failed(from, word, where);
  }
}

// A lock was used wrongly: "thread 2 <verb> <kind> <the word's name>, <what>" stops the
// execution with a misuse failure (e.g. "unlocks", "mutex", "which it does not hold").
void lock_misuse(LocationId word, const char* verb, const char* kind, const char* what,
                 SourceLine where);

// Operations made inside a NoAbortScope never throw ExecutionAborted: destructors call a
// lock's unlock() (std::lock_guard, std::unique_lock), and a destructor must not throw. A model
// thread whose execution is abandoned inside the scope finishes it with no-op operations and
// unwinds at its next operation after it.
void enter_no_abort();
void leave_no_abort() noexcept;

class NoAbortScope {
 public:
  NoAbortScope() { enter_no_abort(); }
  ~NoAbortScope() { leave_no_abort(); }
  NoAbortScope(const NoAbortScope&) = delete;
  NoAbortScope& operator=(const NoAbortScope&) = delete;
};

}  // namespace weft::model::detail
