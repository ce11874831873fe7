// weft/sync/native_atomics.hpp
//
// The atomics policy that weft's synchronization algorithms are written over, and its native
// implementation. An atomics policy is a type that provides:
//
//   template <class T> using atomic;          // the std::atomic<T> interface
//   struct lock_word;                         // basic_raw_mutex's 4-byte futex word, split in
//                                             // bytes (below)
//   static void light_fence();                // the asymmetric fence pair of P1202: a light
//   static void heavy_fence();                // fence and a heavy fence together order like two
//                                             // seq_cst fences; the light one costs nothing
//   static bool asymmetric_fences();          // false: heavy_fence() is only a seq_cst fence, so
//                                             // callers must not rely on light_fence()
//   static void seq_cst_fence();              // std::atomic_thread_fence(seq_cst)
//   static constexpr int spin_rounds;         // yield rounds before a contended lock parks
//   static constexpr int symmetric_idle_unlocks;
//                                             // unlock()s in a row that see nobody waiting
//                                             // before a lock leaves SYMMETRIC mode
//   static void yield();                      // give the CPU away (one spin round)
//   static void pause();                      // one iteration of a busy spin loop
//   static std::uint64_t now_ns();            // a monotonic clock, for fairness decisions
//   static constexpr std::uint64_t handoff_after_ns;
//                                             // how long a parked waiter waits before it asks
//                                             // for a direct hand-off
//   static bool handoff_due(const void* lock);
//                                             // whether the lock may hand itself over now (at
//                                             // most one hand-off per lock per interval)
//   static void handoff_made(const void* lock);
//                                             // called once per hand-off (tests count here)
//   static constexpr bool nothrow;            // whether the operations above never throw
//
// lock_word has three members with the std::atomic<std::uint8_t> interface, `held`, `flags` and
// `mode` (written only by the lock's holder; wait() expects it to keep the value it has when
// wait() is called), and three operations:
//
//   auto prepare_wait();
//       called before the caller reads the values it will pass to wait(); returns a ticket
//       (native: nothing; the model checker reads its count of wake-ups there)
//   void wait(std::uint8_t held, std::uint8_t flags, ticket);
//       sleep while `held` and `flags` both hold these values, compared atomically with falling
//       asleep (futex(2) semantics: may return spuriously; no memory ordering of its own)
//   void wake_one();
//       wake at most one thread sleeping in wait(); touches none of the word's bytes, so it is
//       safe to call after the memory was freed by another thread
//
// Production code uses `native_atomics` (std::atomic, a Linux futex, membarrier(2), sched_yield).
// The model checker supplies `weft::model::model_atomics`, so the very same algorithm source is
// verified under every execution the memory model allows.

#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace weft::sync {

namespace detail {

// The state of membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) for this process: 0 not known yet,
// 1 registered (heavy_fence() is a membarrier), 2 unavailable (old kernel, seccomp; heavy_fence()
// is a seq_cst fence and locks must not use light_fence()). Only ever goes 0 -> 1 or 0 -> 2.
inline std::atomic<int> membarrier_state{0};

// Finds out (once per process; racing callers get the same answer) whether the expedited private
// membarrier works, registering the process for it. Returns 1 or 2 as above.
inline int membarrier_setup() noexcept {
  // relaxed: the state is a fact about the kernel, not about memory this thread reads.
  int state = membarrier_state.load(std::memory_order_relaxed);
  if (state != 0) {
    return state;
  }
  const long supported = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0U, 0);
  const bool ok = supported > 0 && (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0 &&
                  syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0U, 0) == 0;
  state = ok ? 1 : 2;
  membarrier_state.store(state, std::memory_order_relaxed);
  return state;
}

// Registers at start-up, so that unlocks take the light path from the first one on; until it
// has run (a lock used by another translation unit's static initializer), locks take the
// fallback path, which is always correct.
inline const int membarrier_registered_at_startup = membarrier_setup();

// When each lock may next hand itself over (native_atomics::handoff_due), in steady_clock
// nanoseconds: one slot per hash of the lock's address, as parking_lot keeps its fairness timeout
// per bucket. Locks whose addresses share a slot share the interval: each may hand over less
// often, never more. Written only by hand-offs, so the slots' cache lines are not contended.
inline std::atomic<std::uint64_t> next_handoff_ns[256];

inline std::atomic<std::uint64_t>& next_handoff_slot(const void* lock) noexcept {
  const auto address = reinterpret_cast<std::uintptr_t>(lock);
  return next_handoff_ns[((address >> 6) ^ (address >> 14)) % 256];
}

}  // namespace detail

// native_atomics
//
// The production atomics policy: std::atomic, futex(2) for sleeping and waking, membarrier(2)
// for the heavy fence, sched_yield(2) between spin rounds.
struct native_atomics {
  template <class T>
  using atomic = std::atomic<T>;

  // basic_raw_mutex's lock word: one aligned 32-bit futex word whose bytes are `held`, `flags`
  // and `mode`; the fourth stays 0. C++ code only ever makes byte-sized accesses to it; only the
  // kernel reads the word as a whole (the futex compare).
  struct lock_word {
    alignas(4) atomic<std::uint8_t> held{0};
    atomic<std::uint8_t> flags{0};
    atomic<std::uint8_t> mode{0};
    std::uint8_t unused{};

    struct ticket {};
    ticket prepare_wait() const noexcept { return {}; }

    // The compare expects the mode byte as it is now (relaxed: only holders write it, and a
    // change makes the call return at once, which the caller's loop allows).
    void wait(std::uint8_t held_value, std::uint8_t flags_value, ticket /*unused*/) noexcept {
      const std::uint8_t bytes[4] = {held_value, flags_value, mode.load(std::memory_order_relaxed),
                                     0};
      std::uint32_t expected = 0;
      std::memcpy(&expected, bytes, sizeof expected);
      syscall(SYS_futex, this, FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
    }

    void wake_one() noexcept {
      // A private FUTEX_WAKE only hashes the address; it never reads the memory.
      syscall(SYS_futex, this, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
    }
  };

  // A compiler fence: with heavy_fence() on the other side, the hardware orders this thread as
  // if it had executed a full fence here (membarrier(2) interrupts it to make it so).
  static void light_fence() noexcept { std::atomic_signal_fence(std::memory_order_seq_cst); }

  // membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED): every thread of the process that is running
  // executes a full memory barrier before this returns (a thread that is not running passes one
  // when it is scheduled). A seq_cst fence where membarrier is unavailable.
  static void heavy_fence() noexcept {
    if (detail::membarrier_setup() == 1) {
      syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0U, 0);
    } else {
      std::atomic_thread_fence(std::memory_order_seq_cst);
    }
  }

  static void seq_cst_fence() noexcept { std::atomic_thread_fence(std::memory_order_seq_cst); }

  // True once membarrier is registered; from then on heavy_fence() always uses it.
  static bool asymmetric_fences() noexcept {
    // relaxed: see detail::membarrier_state.
    return detail::membarrier_state.load(std::memory_order_relaxed) == 1;
  }

  // Rounds of sched_yield() a contended lock() makes before it parks (only while nobody is
  // parked). Each round gives the holder's core time instead of competing for its cache line.
  static constexpr int spin_rounds = 8;
  static constexpr int symmetric_idle_unlocks = 15;
  static constexpr std::uint64_t handoff_after_ns = 1'000'000;
  static constexpr bool nothrow = true;

  static void yield() noexcept { sched_yield(); }

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

  // A lock hands itself over at most once per interval: each hand-off idles the lock until the
  // woken waiter runs and moves the lock to another core, so a stream of waiters that have all
  // waited a millisecond must not turn every acquisition into one.
  static constexpr std::uint64_t handoff_interval_ns = 1'000'000;

  // Whether `lock` may hand itself over now (its interval since the last hand-off has passed).
  static bool handoff_due(const void* lock) noexcept {
    // relaxed: a timing hint; the hand-off itself is ordered by the lock word.
    return now_ns() >= detail::next_handoff_slot(lock).load(std::memory_order_relaxed);
  }

  // Called once per hand-off, by the unlock() that makes it: starts the lock's interval.
  static void handoff_made(const void* lock) noexcept {
    // relaxed: as in handoff_due().
    detail::next_handoff_slot(lock).store(now_ns() + handoff_interval_ns,
                                          std::memory_order_relaxed);
  }
};

static_assert(sizeof(native_atomics::lock_word) == 4);
static_assert(alignof(native_atomics::lock_word) == 4);
static_assert(offsetof(native_atomics::lock_word, held) == 0);
static_assert(offsetof(native_atomics::lock_word, flags) == 1);
static_assert(native_atomics::atomic<std::uint8_t>::is_always_lock_free);

}  // namespace weft::sync
