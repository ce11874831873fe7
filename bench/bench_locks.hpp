// bench/bench_locks.hpp
//
// The locks compared by weft_lock_bench, each behind the same two-call interface:
//
//   void increment();   // lock, ++ the shared counter, unlock
//   long value();       // the counter, read under the lock
//
// Each adapter uses its lock the way a user would (weft's fast path inlines; std::mutex and
// pthread_spin_lock are calls into glibc; absl::Mutex::Lock is out of line in libabsl). The counter
// sits next to the lock word, as it does inside weft::sync::Mutex<long>, and every adapter starts
// on its own cache line.

#pragma once

#include <mutex>
#include <string_view>

#include <pthread.h>

#include <absl/synchronization/mutex.h>
#include <oneapi/tbb/spin_mutex.h>

#include "weft/sync/mutex.hpp"
#include "weft/sync/spin_lock.hpp"

namespace weft_bench {

struct alignas(64) WeftMutexLock {
  static constexpr std::string_view name = "weft::Mutex";
  void increment() {
    m.with_lock([](long& v) { ++v; });
  }
  long value() {
    return m.with_lock([](long& v) { return v; });
  }
  weft::sync::Mutex<long> m;
};

struct alignas(64) StdMutexLock {
  static constexpr std::string_view name = "std::mutex";
  void increment() {
    std::lock_guard<std::mutex> guard(mu);
    ++counter;
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
    pthread_spin_lock(&mu);
    ++counter;
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
    absl::MutexLock guard(&mu);
    ++counter;
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
    tbb::spin_mutex::scoped_lock guard(mu);
    ++counter;
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
    std::lock_guard<weft::sync::SpinLock> guard(mu);
    ++counter;
  }
  long value() {
    std::lock_guard<weft::sync::SpinLock> guard(mu);
    return counter;
  }
  weft::sync::SpinLock mu;
  long counter = 0;
};

}  // namespace weft_bench
