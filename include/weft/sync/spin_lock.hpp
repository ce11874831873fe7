// weft/sync/spin_lock.hpp
//
// weft::sync::SpinLock: a test-and-test-and-set spinlock with exponential backoff.
//
// The right tool only for tiny critical sections on threads that own their cores (no
// oversubscription): a holder that is preempted makes every waiter burn its time slice, and
// nothing bounds how long a waiter spins. Everywhere else use weft::sync::Mutex<T>. It is also
// the baseline in weft's lock benchmarks.
//
// Memory ordering: a successful lock() synchronizes-with the unlock() that released the lock.

#pragma once

#include "weft/sync/native_atomics.hpp"

namespace weft::sync {

template <class Atomics = native_atomics>
class basic_spin_lock {
 public:
  basic_spin_lock() = default;
  basic_spin_lock(const basic_spin_lock&) = delete;
  basic_spin_lock& operator=(const basic_spin_lock&) = delete;

  void lock() noexcept(Atomics::nothrow) {
    unsigned backoff = 1;
    // acquire: pairs with the release store in unlock().
    while (locked_.exchange(true, std::memory_order_acquire)) {
      // relaxed: read-only probing until the lock looks free; the exchange synchronizes.
      while (locked_.load(std::memory_order_relaxed)) {
        for (unsigned i = 0; i < backoff; ++i) {
          Atomics::pause();
        }
        backoff = backoff < max_backoff ? backoff * 2 : max_backoff;
      }
    }
  }

  bool try_lock() noexcept(Atomics::nothrow) {
    // relaxed probe first, so a held lock's cache line is not written.
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }

  // release: pairs with the acquiring exchange of the next lock().
  void unlock() noexcept(Atomics::nothrow) { locked_.store(false, std::memory_order_release); }

 private:
  static constexpr unsigned max_backoff = 64;
  typename Atomics::template atomic<bool> locked_{false};
};

using SpinLock = basic_spin_lock<native_atomics>;

}  // namespace weft::sync
