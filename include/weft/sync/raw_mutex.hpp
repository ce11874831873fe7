// weft/sync/raw_mutex.hpp
//
// basic_raw_mutex: the 4-byte lock under weft::sync::Mutex<T>, written once over an atomics
// policy (see native_atomics.hpp) so that the model checker verifies the code that ships.
//
// Algorithm
//   - lock(): one compare-exchange 0 -> locked (acquire). When that fails, lock_slow() makes a
//     short bounded test-and-test-and-set spin (reads before it writes, pause between probes),
//     then registers as a waiter and parks in the kernel (futex) until the word changes.
//   - unlock(): one compare-exchange locked -> 0 (release). When waiters are registered or a
//     hand-off is requested, unlock_slow() releases and wakes one parked thread, but only when
//     no woken thread is still on its way: with more threads than cores a woken thread may wait
//     long for a core, and waking more would only burn system calls.
//   - Fairness: a waiter that has been parked for about a millisecond sets handoff_requested.
//     The next unlock then keeps the lock held and passes it to the registered waiters
//     (handed_off) instead of letting a newcomer that is still spinning barge in, so no waiter is
//     barged past for ever. Otherwise the lock is barging (like WTF::Lock and parking_lot), which
//     keeps throughput high.
//   - Every write a waiter makes is paired with an unlock or done once per lock() call, so
//     waiters never wake each other up in a loop (the model checker relies on it too).
//
// Memory ordering: a successful lock() (and try_lock()) synchronizes-with the unlock() that
// released the lock it acquired, whether the lock was released to all or handed off. Everything
// before that unlock() happens-before everything after that lock().

#pragma once

#include <cstdint>

#include "weft/sync/native_atomics.hpp"

namespace weft::sync {

// basic_raw_mutex<Atomics>
//
// A non-recursive mutual-exclusion lock in one 32-bit word. Not copyable or movable. Locking a
// mutex the calling thread holds deadlocks; unlocking a mutex the caller does not hold is
// undefined behaviour. Prefer the data-owning weft::sync::Mutex<T>.
template <class Atomics = native_atomics>
class basic_raw_mutex {
 public:
  // The state word.
  //
  //   bit 0 locked, bit 1 handoff_requested, bit 2 handed_off, bit 3 woken;
  //   bits 8..31: number of registered waiters (parked, or about to park, or just woken)
  //
  //   locked  handoff_req  handed_off  meaning
  //   0       0            0           free (waiters may exist and will race for it)
  //   1       0            0           held
  //   1       1            0           held; a waiter starved and asks for a hand-off
  //   1       0            1           handed to the registered waiters, not yet claimed
  //
  // woken: an unlock issued a wake-up that no waiter has taken note of yet; until one does,
  // unlocks wake nobody else. Invariants: handoff_requested and handed_off are only set while
  // locked is set and waiters > 0. Only a waiter that has slept sets handoff_requested; only
  // unlock clears it (turning it into handed_off); only a registered waiter clears handed_off,
  // thereby becoming the holder. A waiter never parks while woken is set, and never takes
  // the lock leaving it set: it clears it first. So whenever woken is set, some registered waiter
  // is awake or being woken and will look at the lock again.
  static constexpr std::uint32_t locked_bit = 1U << 0;
  static constexpr std::uint32_t handoff_requested_bit = 1U << 1;
  static constexpr std::uint32_t handed_off_bit = 1U << 2;
  static constexpr std::uint32_t woken_bit = 1U << 3;
  static constexpr std::uint32_t waiter_unit = 1U << 8;
  static_assert((locked_bit | handoff_requested_bit | handed_off_bit | woken_bit) < waiter_unit);

  // Native atomics never throw. The model checker's may: it unwinds a model thread with an
  // exception when it abandons an execution.
  static constexpr bool nothrow = Atomics::nothrow;

  // How long a parked waiter waits before it asks for a direct hand-off.
  static constexpr std::uint64_t starvation_ns = 1'000'000;

  basic_raw_mutex() = default;
  basic_raw_mutex(const basic_raw_mutex&) = delete;
  basic_raw_mutex& operator=(const basic_raw_mutex&) = delete;

  // basic_raw_mutex::lock()
  //
  // Blocks until the calling thread holds the lock. Acquire: synchronizes-with the unlock()
  // that released it.
  void lock() noexcept(nothrow) {
    std::uint32_t expected = 0;
    // acquire: pairs with the release in unlock()/unlock_slow() of the previous holder.
    if (state_.compare_exchange_strong(expected, locked_bit, std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
      return;
    }
    lock_slow();
  }

  // basic_raw_mutex::try_lock()
  //
  // Takes the lock if it is free and returns true; returns false at once if it is held. Never
  // fails spuriously. Acquire on success.
  bool try_lock() noexcept(nothrow) {
    // relaxed: only a hint; the compare-exchange below is what synchronizes.
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    while ((s & locked_bit) == 0) {
      if (state_.compare_exchange_weak(s, s | locked_bit, std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
        return true;
      }
    }
    return false;
  }

  // basic_raw_mutex::unlock()
  //
  // Releases the lock, which the calling thread must hold. Release: everything the holder did
  // happens-before the next successful lock().
  void unlock() noexcept(nothrow) {
    std::uint32_t expected = locked_bit;
    // release: pairs with the acquire of the next lock()/try_lock().
    if (state_.compare_exchange_strong(expected, 0, std::memory_order_release,
                                       std::memory_order_relaxed)) {
      return;
    }
    unlock_slow();
  }

 private:
  template <class>
  friend struct mutex_inspector;

  [[gnu::cold, gnu::noinline]] void lock_slow() noexcept(nothrow);
  [[gnu::cold, gnu::noinline]] void unlock_slow() noexcept(nothrow);
  bool spin_for_lock() noexcept(nothrow);

  typename Atomics::template atomic<std::uint32_t> state_{0};
};

// Spins at most Atomics::spin_limit probes; true when it took the lock.
template <class Atomics>
bool basic_raw_mutex<Atomics>::spin_for_lock() noexcept(nothrow) {
  if constexpr (Atomics::spin_limit == 0) {
    return false;
  }
  // relaxed: the probe only decides whether to try; the compare-exchange synchronizes.
  std::uint32_t s = state_.load(std::memory_order_relaxed);
  for (int probe = 0; probe < Atomics::spin_limit; ++probe) {
    if ((s & locked_bit) == 0) {
      // acquire: pairs with the releasing unlock.
      if (state_.compare_exchange_weak(s, s | locked_bit, std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
        return true;
      }
      continue;
    }
    Atomics::pause();
    s = state_.load(std::memory_order_relaxed);
  }
  return false;
}

template <class Atomics>
void basic_raw_mutex<Atomics>::lock_slow() noexcept(nothrow) {
  if (spin_for_lock()) {
    return;
  }
  // relaxed: registering only makes unlockers wake someone; no data is published by it.
  std::uint32_t s = state_.fetch_add(waiter_unit, std::memory_order_relaxed) + waiter_unit;
  const std::uint64_t parked_since = Atomics::now_ns();
  bool slept = false;
  for (;;) {
    if ((s & handed_off_bit) != 0) {
      // The previous holder passed the lock to the registered waiters; claiming it makes us the
      // holder. Any registered waiter may: the one that takes note of a pending wake-up may be
      // the only one awake. acquire: pairs with the release in unlock_slow() that set
      // handed_off.
      if (state_.compare_exchange_weak(s, (s & ~(handed_off_bit | woken_bit)) - waiter_unit,
                                       std::memory_order_acquire, std::memory_order_relaxed)) {
        return;
      }
      continue;
    }
    if ((s & locked_bit) == 0) {
      // Taking the lock also takes note of a pending wake-up (it may have been ours): left set,
      // it would keep the next unlock from waking anyone. acquire: pairs with the releasing
      // unlock.
      if (state_.compare_exchange_weak(s, ((s - waiter_unit) | locked_bit) & ~woken_bit,
                                       std::memory_order_acquire, std::memory_order_relaxed)) {
        return;
      }
      continue;
    }
    if ((s & woken_bit) != 0) {
      // Take note of the pending wake-up (ours or not) before parking, so that the next unlock
      // wakes someone again. relaxed: carries no data.
      if (state_.compare_exchange_weak(s, s & ~woken_bit, std::memory_order_relaxed,
                                       std::memory_order_relaxed)) {
        s &= ~woken_bit;
      }
      continue;
    }
    if (slept && (s & handoff_requested_bit) == 0 &&
        Atomics::now_ns() - parked_since >= starvation_ns) {
      // relaxed: the request carries no data; unlock_slow reads it in its own RMW.
      if (!state_.compare_exchange_weak(s, s | handoff_requested_bit, std::memory_order_relaxed,
                                        std::memory_order_relaxed)) {
        continue;
      }
      s |= handoff_requested_bit;
    }
    Atomics::wait(state_, s);
    slept = true;
    // relaxed: the compare-exchanges above acquire when they take the lock.
    s = state_.load(std::memory_order_relaxed);
  }
}

template <class Atomics>
void basic_raw_mutex<Atomics>::unlock_slow() noexcept(nothrow) {
  // relaxed: the compare-exchange below releases.
  std::uint32_t s = state_.load(std::memory_order_relaxed);
  for (;;) {
    // A requested hand-off keeps locked set and passes the lock on (handed_off); otherwise the
    // lock is released to whoever comes first.
    std::uint32_t next = (s & handoff_requested_bit) != 0
                             ? (s & ~handoff_requested_bit) | handed_off_bit
                             : s & ~locked_bit;
    const bool wake = next >= waiter_unit && (s & woken_bit) == 0;
    if (wake) {
      next |= woken_bit;
    }
    // release: pairs with the acquire of the next lock(), or of the waiter that claims
    // handed_off.
    if (state_.compare_exchange_weak(s, next, std::memory_order_release,
                                     std::memory_order_relaxed)) {
      if (wake) {
        Atomics::notify_one(state_);
      }
      return;
    }
  }
}

using RawMutex = basic_raw_mutex<native_atomics>;

}  // namespace weft::sync
