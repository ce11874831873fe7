// bench/bench_locks.hpp
//
// The locks compared by weft_lock_bench, each behind the same two-call interface:
//
//   void increment();   // lock, ++ the shared counter, unlock
//   void with(F f);     // lock, f(the shared counter), unlock
//   long value();       // the counter, read under the lock
//
// Each adapter uses its lock the way a user would (weft's fast path inlines; std::mutex and
// pthread_spin_lock are calls into glibc; absl::Mutex::Lock is out of line in libabsl). The counter
// sits next to the lock word, as it does inside weft::sync::Mutex<long>, and every adapter starts
// on its own cache line.

#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string_view>

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <absl/synchronization/mutex.h>
#include <oneapi/tbb/spin_mutex.h>

#include "weft/sync/mutex.hpp"
#include "weft/sync/spin_lock.hpp"

namespace weft_bench {

// Hand-offs made by every weft::Mutex of the benchmark (the policy's handoff_made, which runs only
// on the hand-off path, so the fast paths are the production ones).
inline std::atomic<std::uint64_t> g_weft_handoffs{0};

struct counted_handoff_atomics : weft::sync::native_atomics {
  static void handoff_made(const void* lock) noexcept {
    native_atomics::handoff_made(lock);
    g_weft_handoffs.fetch_add(1, std::memory_order_relaxed);
  }
};

struct alignas(64) WeftMutexLock {
  static constexpr std::string_view name = "weft::Mutex";
  void increment() {
    with([](long& c) { ++c; });
  }
  template <class F>
  void with(F&& f) {
    m.with_lock([&](long& v) { f(v); });
  }
  long value() {
    return m.with_lock([](long& v) { return v; });
  }
  weft::sync::Mutex<long, counted_handoff_atomics> m;
};

// Ulrich Drepper, "Futexes Are Tricky" (2011), mutex 3: 0 free, 1 locked, 2 locked and maybe
// contended. lock: cmpxchg 0 -> 1, else exchange to 2 and FUTEX_WAIT while it was not 0;
// unlock: decrement, and if it was 2, store 0 and FUTEX_WAKE one.
class DrepperMutex3 {
 public:
  void lock() {
    int c = 0;
    if (val_.compare_exchange_strong(c, 1, std::memory_order_acquire, std::memory_order_relaxed)) {
      return;
    }
    if (c != 2) {
      c = val_.exchange(2, std::memory_order_acquire);
    }
    while (c != 0) {
      syscall(SYS_futex, &val_, FUTEX_WAIT_PRIVATE, 2, nullptr, nullptr, 0);
      c = val_.exchange(2, std::memory_order_acquire);
    }
  }
  void unlock() {
    if (val_.fetch_sub(1, std::memory_order_release) != 1) {
      val_.store(0, std::memory_order_release);
      syscall(SYS_futex, &val_, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
    }
  }

 private:
  std::atomic<int> val_{0};
};

struct alignas(64) DrepperMutexLock {
  static constexpr std::string_view name = "Drepper mutex3";
  void increment() {
    with([](long& c) { ++c; });
  }
  template <class F>
  void with(F&& f) {
    std::lock_guard<DrepperMutex3> guard(mu);
    f(counter);
  }
  long value() {
    std::lock_guard<DrepperMutex3> guard(mu);
    return counter;
  }
  DrepperMutex3 mu;
  long counter = 0;
};

struct alignas(64) StdMutexLock {
  static constexpr std::string_view name = "std::mutex";
  void increment() {
    with([](long& c) { ++c; });
  }
  template <class F>
  void with(F&& f) {
    std::lock_guard<std::mutex> guard(mu);
    f(counter);
  }
  long value() {
    std::lock_guard<std::mutex> guard(mu);
    return counter;
  }
  std::mutex mu;
  long counter = 0;
};

struct alignas(64) PthreadSpinLock {
  static constexpr std::string_view name = "pthread_spin";
  PthreadSpinLock() { pthread_spin_init(&mu, PTHREAD_PROCESS_PRIVATE); }
  PthreadSpinLock(const PthreadSpinLock&) = delete;
  PthreadSpinLock& operator=(const PthreadSpinLock&) = delete;
  ~PthreadSpinLock() { pthread_spin_destroy(&mu); }
  void increment() {
    with([](long& c) { ++c; });
  }
  template <class F>
  void with(F&& f) {
    pthread_spin_lock(&mu);
    f(counter);
    pthread_spin_unlock(&mu);
  }
  long value() {
    pthread_spin_lock(&mu);
    long v = counter;
    pthread_spin_unlock(&mu);
    return v;
  }
  pthread_spinlock_t mu{};
  long counter = 0;
};

struct alignas(64) AbslMutexLock {
  static constexpr std::string_view name = "absl::Mutex";
  void increment() {
    with([](long& c) { ++c; });
  }
  template <class F>
  void with(F&& f) {
    absl::MutexLock guard(&mu);
    f(counter);
  }
  long value() {
    absl::MutexLock guard(&mu);
    return counter;
  }
  absl::Mutex mu;
  long counter = 0;
};

struct alignas(64) TbbSpinMutexLock {
  static constexpr std::string_view name = "tbb::spin_mutex";
  void increment() {
    with([](long& c) { ++c; });
  }
  template <class F>
  void with(F&& f) {
    tbb::spin_mutex::scoped_lock guard(mu);
    f(counter);
  }
  long value() {
    tbb::spin_mutex::scoped_lock guard(mu);
    return counter;
  }
  tbb::spin_mutex mu;
  long counter = 0;
};

struct alignas(64) WeftSpinLock {
  static constexpr std::string_view name = "weft::SpinLock";
  void increment() {
    with([](long& c) { ++c; });
  }
  template <class F>
  void with(F&& f) {
    std::lock_guard<weft::sync::SpinLock> guard(mu);
    f(counter);
  }
  long value() {
    std::lock_guard<weft::sync::SpinLock> guard(mu);
    return counter;
  }
  weft::sync::SpinLock mu;
  long counter = 0;
};

}  // namespace weft_bench
