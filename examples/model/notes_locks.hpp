// The spinlocks of the reference notes (../shared/reference), step by step, written against
// weft::model so the checker can explore them, and the harness the notes test them with:
// `threads` threads each add 1 to a shared counter `increments` times under the lock.

#pragma once

#include <atomic>
#include <vector>

#include "weft/model.hpp"

namespace notes {

using weft::model::atomic;
using weft::model::cell;
using weft::model::thread;

constexpr bool unlocked = false;
constexpr bool locked = true;

// Load, then a separate store: two threads can both see the lock free (the lost update).
struct NaiveLock {
  atomic<bool> state{unlocked, "locked"};
  void lock() {
    weft::model::spin_until([&] { return state.load(std::memory_order_relaxed) == unlocked; });
    state.store(locked, std::memory_order_relaxed);
  }
  void unlock() { state.store(unlocked, std::memory_order_relaxed); }
};

// compare_exchange (Acquire on success), retried until it succeeds.
struct CasLock {
  atomic<bool> state{unlocked, "locked"};
  void lock() {
    weft::model::spin_until([&] {
      bool expected = unlocked;
      return state.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                           std::memory_order_relaxed);
    });
  }
  void unlock() { state.store(unlocked, std::memory_order_release); }
};

// Test-and-test-and-set: after a failed compare_exchange, spin on plain loads until the lock
// looks free.
struct TtasLock {
  atomic<bool> state{unlocked, "locked"};
  void lock() {
    weft::model::spin_until([&] {
      bool expected = unlocked;
      if (state.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                        std::memory_order_relaxed)) {
        return true;
      }
      weft::model::spin_until([&] { return state.load(std::memory_order_relaxed) != locked; });
      return false;
    });
  }
  void unlock() { state.store(unlocked, std::memory_order_release); }
};

// The notes' final version: compare_exchange_weak in the loop, yielding while it spins.
struct WeakTtasLock {
  atomic<bool> state{unlocked, "locked"};
  void lock() {
    weft::model::spin_until([&] {
      bool expected = unlocked;
      if (state.compare_exchange_weak(expected, locked, std::memory_order_acquire,
                                      std::memory_order_relaxed)) {
        return true;
      }
      weft::model::spin_until([&] { return state.load(std::memory_order_relaxed) != locked; });
      return false;
    });
  }
  void unlock() { state.store(unlocked, std::memory_order_release); }
};

// The notes' test: each thread increments a plain (non-atomic) value under the lock; at the
// end it must equal threads * increments.
template <class Lock>
void counter_under_lock(int threads, int increments) {
  Lock lock;
  cell<int> value{0, "value"};
  std::vector<thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < increments; ++i) {
        lock.lock();
        value.set(value.get() + 1);
        lock.unlock();
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  WEFT_ASSERT(value.get() == threads * increments);
}

// The same program with weft's production lock, checked in its model instantiation.
inline void counter_under_weft_mutex(int threads, int increments) {
  weft::model::SyncMutex<cell<int>> counter{0, "value"};
  std::vector<thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < increments; ++i) {
        counter.with_lock([](cell<int>& v) { v.set(v.get() + 1); });
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  counter.with_lock([&](cell<int>& v) { WEFT_ASSERT(v.get() == threads * increments); });
}

}  // namespace notes
