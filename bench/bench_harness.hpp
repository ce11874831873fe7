// bench/bench_harness.hpp
//
// A fixed-duration contention harness: N threads of our own hammer one lock for a set wall-clock
// time, each counting its own acquisitions, so that per-thread fairness and the CPU time the
// whole process burned can be read off a single run.
//
//   1. The lock is constructed on its own cache line; N threads are started and park on a start
//      flag (C++20 atomic wait, i.e. a futex) once they are ready.
//   2. The main thread takes getrusage(RUSAGE_SELF) and the clock, releases them all, sleeps for
//      the run's duration and raises the stop flag.
//   3. Each thread loops { if stop: break; lock; ++counter; unlock; ++mine; [private work] } and
//      finally stores its count. The main thread joins them all and takes the clock and
//      getrusage again. The elapsed time runs to the last join, so acquisitions that waiters
//      complete after the stop flag (a preempted spinlock holder can delay them) are paid for.
//   4. The shared counter must equal the sum of the per-thread counts.
//
// Private work is a calibrated loop of dependent multiply-adds on a thread-local value (no
// memory traffic, no sleeping), so "about 100 ns" is CPU work between acquisitions.

#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/time.h>

namespace weft_bench {

// private_work()
//
// `iters` dependent multiply-adds (an LCG step each) on x; the empty asm keeps the compiler from
// folding the loop. Returns the final value so the caller can sink it.
inline std::uint64_t private_work(std::uint64_t x, std::uint32_t iters) noexcept {
  for (std::uint32_t i = 0; i < iters; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    __asm__ volatile("" : "+r"(x));
  }
  return x;
}

inline double seconds_between(std::chrono::steady_clock::time_point a,
                              std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// The nanoseconds one private_work() iteration takes, best of several trials (the machine may be
// busy; the minimum is the undisturbed cost).
inline double calibrate_ns_per_work_iter() {
  constexpr std::uint32_t iters = 2'000'000;
  double best = std::numeric_limits<double>::infinity();
  std::uint64_t x = 1;
  for (int trial = 0; trial < 9; ++trial) {
    auto t0 = std::chrono::steady_clock::now();
    x = private_work(x, iters);
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, seconds_between(t0, t1) * 1e9 / iters);
  }
  __asm__ volatile("" : : "r"(x));
  return best;
}

// The measured cost of one private_work(x, iters) call between acquisitions, in ns (best of
// several trials of about 20 ms each, by `estimate_ns`, the expected cost of a call).
inline double measure_work_call_ns(std::uint32_t iters, double estimate_ns) {
  const int calls = static_cast<int>(std::clamp(20e6 / std::max(estimate_ns, 1.0), 1e3, 2e5));
  double best = std::numeric_limits<double>::infinity();
  std::uint64_t x = 1;
  for (int trial = 0; trial < 5; ++trial) {
    auto t0 = std::chrono::steady_clock::now();
    for (int c = 0; c < calls; ++c) {
      x = private_work(x, iters);
    }
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, seconds_between(t0, t1) * 1e9 / calls);
  }
  __asm__ volatile("" : : "r"(x));
  return best;
}

struct WorkCalibration {
  std::uint32_t iters = 0;  // private_work() iterations per call
  double call_ns = 0;       // measured cost of one call
};

// The number of private_work() iterations that take about `target_ns`: a first estimate from a
// long loop, then refined by timing the call itself a few times.
inline WorkCalibration calibrate_work(double target_ns) {
  WorkCalibration c;
  if (target_ns <= 0) {
    return c;
  }
  auto clamp_iters = [](double v) {
    return static_cast<std::uint32_t>(std::clamp(std::round(v), 1.0, 1e6));
  };
  c.iters = clamp_iters(target_ns / calibrate_ns_per_work_iter());
  for (int round = 0; round < 3; ++round) {
    c.call_ns = measure_work_call_ns(c.iters, target_ns);
    c.iters = clamp_iters(c.iters * target_ns / c.call_ns);
  }
  c.call_ns = measure_work_call_ns(c.iters, target_ns);
  return c;
}

struct ContendedResult {
  double seconds = 0;            // wall time from the start signal to the last join
  double cpu_seconds = 0;        // process user + system CPU time over the same interval
  std::uint64_t total = 0;       // acquisitions, all threads
  std::uint64_t min_thread = 0;  // acquisitions of the least-served thread
  std::uint64_t max_thread = 0;  // acquisitions of the best-served thread
  bool counter_ok = false;       // the shared counter equals `total`
};

inline double cpu_seconds_now() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto tv = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}

template <class Lock>
ContendedResult run_contended(int threads, std::chrono::milliseconds duration,
                              std::uint32_t work_iters) {
  struct alignas(64) Slot {
    std::uint64_t count = 0;
  };
  struct Control {
    alignas(64) std::atomic<bool> go{false};
    alignas(64) std::atomic<bool> stop{false};
    alignas(64) std::atomic<int> ready{0};
  };
  auto lock = std::make_unique<Lock>();
  auto control = std::make_unique<Control>();
  std::vector<Slot> slots(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));

  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&lock, &control, &slots, t, work_iters] {
      Control& c = *control;
      Lock& l = *lock;
      c.ready.fetch_add(1, std::memory_order_relaxed);
      while (!c.go.load(std::memory_order_acquire)) {
        c.go.wait(false, std::memory_order_acquire);
      }
      std::uint64_t mine = 0;
      std::uint64_t x = static_cast<std::uint64_t>(t) + 1;
      while (!c.stop.load(std::memory_order_relaxed)) {
        l.increment();
        ++mine;
        if (work_iters != 0) {
          x = private_work(x, work_iters);
        }
      }
      __asm__ volatile("" : : "r"(x));
      slots[static_cast<std::size_t>(t)].count = mine;
    });
  }
  while (control->ready.load(std::memory_order_relaxed) < threads) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }

  const double cpu0 = cpu_seconds_now();
  const auto t0 = std::chrono::steady_clock::now();
  control->go.store(true, std::memory_order_release);
  control->go.notify_all();
  std::this_thread::sleep_for(duration);
  control->stop.store(true, std::memory_order_relaxed);
  for (auto& th : pool) {
    th.join();
  }
  const auto t1 = std::chrono::steady_clock::now();
  const double cpu1 = cpu_seconds_now();

  ContendedResult r;
  r.seconds = seconds_between(t0, t1);
  r.cpu_seconds = cpu1 - cpu0;
  r.min_thread = std::numeric_limits<std::uint64_t>::max();
  for (const Slot& s : slots) {
    r.total += s.count;
    r.min_thread = std::min(r.min_thread, s.count);
    r.max_thread = std::max(r.max_thread, s.count);
  }
  r.counter_ok = static_cast<std::uint64_t>(lock->value()) == r.total;
  return r;
}

}  // namespace weft_bench
