// weft/sync/native_atomics.hpp
//
// The atomics policy that weft's synchronization algorithms are written over, and its native
// implementation. An atomics policy is a type that provides:
//
//   template <class T> using atomic;          // the std::atomic<T> interface
//   static constexpr int spin_limit;          // bounded spinning before a lock parks
//   static void wait(atomic<std::uint32_t>&, std::uint32_t expected);
//                                             // sleep while the word holds `expected`
//                                             // (may return spuriously)
//   static void notify_one(atomic<std::uint32_t>&);
//                                             // wake one thread sleeping in wait()
//   static void pause();                      // one iteration of a spin loop
//   static std::uint64_t now_ns();            // a monotonic clock, for fairness decisions
//   static constexpr bool nothrow;            // whether the operations above never throw
//
// Production code uses `native_atomics` (std::atomic, Linux futexes, the CPU's pause
// instruction). The model checker supplies `weft::model::model_atomics`, so the very same
// algorithm source is verified under every execution the memory model allows.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace weft::sync {

// native_atomics
//
// The production atomics policy: std::atomic, futex(2) for sleeping and waking, and the pause
// instruction in spin loops.
struct native_atomics {
  template <class T>
  using atomic = std::atomic<T>;

  // How many read-only probes a contended lock makes before it parks. Short: a lock held across
  // a preemption must not make its waiters burn their time slices.
  static constexpr int spin_limit = 40;
  static constexpr bool nothrow = true;

  // Sleeps while `word` holds `expected`. Returns at once when it does not; may return
  // spuriously. No memory ordering of its own: callers re-read the word with the ordering they
  // need.
  static void wait(atomic<std::uint32_t>& word, std::uint32_t expected) noexcept {
    static_assert(sizeof(atomic<std::uint32_t>) == sizeof(std::uint32_t));
    static_assert(atomic<std::uint32_t>::is_always_lock_free);
    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
  }

  // Wakes at most one thread sleeping in wait() on `word`.
  static void notify_one(atomic<std::uint32_t>& word) noexcept {
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }

  static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#endif
  }

  static std::uint64_t now_ns() noexcept {
    auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
  }
};

}  // namespace weft::sync
