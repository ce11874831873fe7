// weft/model/std_mutex.hpp
//
// weft::model::mutex: stands in for std::mutex inside weft::model::check(). lock() and unlock()
// are single operations of the explored execution, not a lock algorithm: a successful lock() is
// one compare-exchange of the mutex's word (acquire), unlock() one store (release), so N threads
// that each lock once give N! executions, one per lock order. A lock() that finds the mutex held
// waits exactly until it is released; when it never can be, the execution is reported as a
// deadlock that names the mutex, the line of the waiting lock() and the line where the holder
// took it.
//
// Memory ordering: as std::mutex, an unlock() synchronizes-with the lock() that takes the mutex
// next, so everything before the unlock() happens-before everything after that lock().
//
// It meets the standard's Lockable requirements: std::lock_guard, std::unique_lock and
// std::scoped_lock of one mutex work (reports then name the line in the standard header that
// calls lock(): call lock() yourself where your own line matters). std::scoped_lock of several
// weft::model::mutex (below) takes them in one fixed order, the order in which they were
// created, so it never deadlocks, as the standard requires, and names the scoped_lock's line in
// reports. std::lock(a, b, ...) itself backs off and retries, writing on every round: the
// checker sees a loop that may never end (Options::max_events); use std::scoped_lock.
//
// Differences from std::mutex:
//   - Must be created inside the check body (it is a location of the current execution); the
//     optional name is used in reports.
//   - try_lock() never fails spuriously.
//   - Unlocking a mutex the calling thread does not hold, and locking one it holds, stop the
//     execution with a misuse failure (std::mutex: undefined behaviour).

#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <mutex>
#include <string_view>
#include <type_traits>

#include "weft/model/detail/lock_runtime.hpp"
#include "weft/model/detail/runtime.hpp"

namespace weft::model {

class mutex {
 public:
  explicit mutex(std::string_view name = {})
      : word_(detail::new_location(detail::LocationKind::atomic, 4, 0, name)) {}
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  void lock(detail::SourceLine where = detail::SourceLine::current()) {
    if (!refuses_relock("locks", where)) {
      detail::lock_until(word_, where, [&] { return try_take(where); });
    }
  }

  bool try_lock(detail::SourceLine where = detail::SourceLine::current()) {
    return !refuses_relock("try-locks", where) && try_take(where);
  }

  void unlock(detail::SourceLine where = detail::SourceLine::current()) {
    if (holder_ != self()) {
      detail::lock_misuse(word_, "unlocks", "mutex", "which it does not hold", where);
      return;
    }
    holder_ = 0;
    const detail::NoAbortScope no_abort;  // called from destructors (std::lock_guard)
    detail::store(word_, 0, std::memory_order_release, where);
  }

 private:
  static std::uint32_t self() { return detail::current_thread() + 1; }

  // Locking a mutex the thread holds would deadlock (it is not recursive): misuse.
  bool refuses_relock(const char* verb, detail::SourceLine where) {
    if (holder_ != self()) {
      return false;
    }
    detail::lock_misuse(word_, verb, "mutex", "which it holds already (a mutex is not recursive)",
                        where);
    return true;
  }

  friend detail::LocationId lock_order_key(const mutex& m) noexcept { return m.word_; }

  bool try_take(detail::SourceLine where) {
    detail::Value expected = 0;
    if (!detail::compare_exchange(word_, expected, self(), std::memory_order_acquire,
                                  std::memory_order_relaxed, false, where)) {
      return false;
    }
    holder_ = self();
    return true;
  }

  detail::LocationId word_;   // 0: free; else the holder's thread number + 1
  std::uint32_t holder_ = 0;  // the same, as this run's program sees it (for misuse)
};

}  // namespace weft::model

// std::scoped_lock of two or more weft::model::mutex: each is locked in the order the mutexes
// were created (which is the same in every run), so two scoped_locks of the same mutexes never
// deadlock, whatever order their arguments come in; they unlock in the opposite order. (A
// program may specialize a standard class template for its own types; libstdc++'s own
// algorithm, lock one and try the others, retrying in a loop, is a loop the checker cannot
// bound.)
namespace std {

template <class... Mutexes>
requires(sizeof...(Mutexes) > 1 &&
         (is_same_v<Mutexes, weft::model::mutex> && ...)) class scoped_lock<Mutexes...> {
 public:
  explicit scoped_lock(Mutexes&... m, weft::model::detail::SourceLine where =
                                          weft::model::detail::SourceLine::current())
      : locked_{&m...} {
    std::sort(std::begin(locked_), std::end(locked_), created_first);
    for (weft::model::mutex* each : locked_) {
      each->lock(where);
    }
  }
  // The calling thread holds every mutex already.
  scoped_lock(std::adopt_lock_t, Mutexes&... m) : locked_{&m...} {
    std::sort(std::begin(locked_), std::end(locked_), created_first);
  }
  ~scoped_lock() {
    for (std::size_t i = sizeof...(Mutexes); i-- > 0;) {
      locked_[i]->unlock();
    }
  }
  scoped_lock(const scoped_lock&) = delete;
  scoped_lock& operator=(const scoped_lock&) = delete;

 private:
  static bool created_first(const weft::model::mutex* a, const weft::model::mutex* b) {
    const weft::model::detail::LocationId ka = lock_order_key(*a);
    const weft::model::detail::LocationId kb = lock_order_key(*b);
    return ka.thread != kb.thread ? ka.thread < kb.thread : ka.index < kb.index;
  }

  weft::model::mutex* locked_[sizeof...(Mutexes)];
};

}  // namespace std
