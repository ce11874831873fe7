// weft/sync/raw_mutex.hpp
//
// basic_raw_mutex: the 4-byte lock under weft::sync::Mutex<T>, written once over an atomics
// policy (see native_atomics.hpp) so that the model checker verifies the code that ships.
//
// Algorithm
//   - The lock word is a futex word split in bytes: `held` (0 or 1), `flags` (PARKED,
//     HANDOFF_REQUESTED, HANDED) and `mode` (ASYMMETRIC or SYMMETRIC, below). The fast paths
//     touch `held` and only read `flags` and `mode`.
//   - lock(): one exchange of `held` to 1 (acquire), inline. When the lock was held,
//     lock_slow() first gives the CPU away for a few rounds (sched_yield, then a read and an
//     exchange), but only while nobody is parked and no hand-off is under way, then parks: it
//     sets PARKED, re-checks `held` and sleeps in FUTEX_WAIT while the word still reads
//     (held = 1, its flags).
//   - unlock() (ASYMMETRIC mode): a read of `mode`, a release store of 0 to `held`, a light
//     fence, and a read of `flags`; when a flag is set, unlock_slow() clears PARKED and wakes one
//     sleeper (FUTEX_WAKE), or hands the lock over. No read-modify-write on the uncontended path,
//     and one read more than the store: ASYMMETRIC is a value of `mode` that a lock takes only
//     where membarrier works, so the mode alone decides.
//   - The store-load race of that pair (the unlocker reads `flags` before a waiter's PARKED,
//     the waiter reads `held` before the unlocker's 0: a lost wake-up) is closed by an
//     asymmetric fence pair: the waiter that sets PARKED 0 -> 1 executes the heavy fence
//     (membarrier(2), which makes every running thread of the process pass a full barrier)
//     before it re-checks `held`; the unlocker's light fence is only a compiler fence. Where
//     membarrier is unavailable, no lock ever leaves SYMMETRIC mode (below), whose unlock()
//     exchanges `held` and reads `flags` seq_cst, against a seq_cst fence. The heavy fence costs
//     tens of µs where interrupts between cores are slow (some VMs: docs/benchmarks.md), so a
//     woken waiter tries the lock before it sets PARKED again.
//   - SYMMETRIC mode, for locks whose waiters sleep, for new locks, and for every lock where
//     membarrier is unavailable: when a thread that has slept takes the lock, it sets `mode` to
//     SYMMETRIC; until Atomics::symmetric_idle_unlocks + 1 unlock()s in a row have seen nobody
//     waiting (a new lock: one), unlock() releases with that exchange and seq_cst read,
//     and a waiter that sets PARKED executes a seq_cst fence instead of the heavy fence (it reads
//     the mode with acquire, so every unlock() it can race with is a symmetric one; only
//     holders write the mode, and the one that leaves it fences against waiters that read it:
//     enter_symmetric() and leave_symmetric()). Under contention with sleepers this trades an
//     exchange per unlock() for most heavy fences.
//   - Fairness: a parked waiter that has slept and has waited about a millisecond
//     (Atomics::handoff_after_ns) sets HANDOFF_REQUESTED. The first unlock after the lock's
//     hand-off interval (Atomics::handoff_due: at most one hand-off per lock per millisecond,
//     like parking_lot's fairness timeout) takes the lock back at once (unless a newcomer was
//     faster: then that one's unlock does it) and sets HANDED: the lock passes to whichever
//     parked waiter that has slept clears HANDED first; no newcomer can barge in, nor can the
//     thread that handed it over (threads that have not slept sleep until a wake-up). That
//     unlock() wakes a sleeper only if PARKED is set: otherwise a woken waiter is already on
//     its way (unlock_slow()).
//     Otherwise the lock is barging (like WTF::Lock and parking_lot), which keeps throughput high.
//   - Destruction: unlock() reads (and on its slow path writes) the flags byte after it has
//     released the lock. So, unlike std::mutex, a Mutex must not be destroyed while a thread
//     that released it may still be inside unlock(): the last user must not free it merely
//     because it acquired the lock after everyone else released it (join the other threads,
//     or keep the object alive by reference count outside the lock, e.g. std::shared_ptr).
//
// Memory ordering: a successful lock() (and try_lock()) synchronizes-with the unlock() that
// released the lock it acquired, whether by storing 0 to `held` (release) or by setting HANDED
// (release). Everything before that unlock() happens-before everything after that lock().
//
// What the model checker abstracts (weft/model/sync_mutex.hpp has the details): `held`, `flags`
// and `mode` are three model locations (a model lock starts ASYMMETRIC, as a native one is after
// its first idle unlock(); tests check new locks too); the futex queue is a fourth, holding the
// sleepers and the number of wake-ups (FUTEX_WAKE takes a sleeper off it in one step, as the
// kernel does); a wait sleeps only if no wake-up came since prepare_wait(), and lock_slow() reads
// held and flags after prepare_wait(), so it sleeps only while both held its expected values when
// it looked; the light and the heavy fence are both seq_cst fences, so the checker cannot tell a
// waiter that skips the heavy fence in SYMMETRIC mode from one racing an ASYMMETRIC unlock(): that
// the first never races the second rests on the argument at enter_symmetric(), not on the checker
// (which does check the SYMMETRIC race itself: without its seq_cst fences it loses a wake-up under
// RC11); spin rounds are skipped; the clock is logical.

#pragma once

#include <cstdint>

#include "weft/sync/native_atomics.hpp"

namespace weft::sync {

// The value of basic_raw_mutex's mode byte that means ASYMMETRIC (see the lock word's table). At
// namespace scope so that atomics policies can start a lock word in it (weft/model/sync_mutex.hpp).
inline constexpr std::uint8_t asymmetric_lock_mode = 0xff;

// basic_raw_mutex<Atomics>
//
// A non-recursive mutual-exclusion lock in one 32-bit word. Not copyable or movable. Locking a
// mutex the calling thread holds deadlocks; unlocking a mutex the caller does not hold is
// undefined behaviour. Prefer the data-owning weft::sync::Mutex<T>.
template <class Atomics = native_atomics>
class basic_raw_mutex {
 public:
  // The lock word (Atomics::lock_word): `held` in byte 0, `flags` in byte 1.
  //
  //   held  flags                      meaning
  //   0     0                          free, nobody parked
  //   0     PARKED                     free; threads may sleep in FUTEX_WAIT (and race for it)
  //   1     0                          held, nobody parked
  //   1     PARKED                     held; its unlock() will wake one sleeper
  //   1     PARKED | HANDOFF_REQUESTED held; a waiter has slept ~1 ms: the next unlock() hands
  //                                    the lock over instead of releasing it
  //   1     HANDED (| PARKED)          handed over: the lock belongs to the parked waiters that
  //                                    have slept; the first one to clear HANDED holds it
  //
  //   mode: 0xff ASYMMETRIC (only where membarrier works); 1 + n SYMMETRIC, left after n more
  //   unlock()s in a row that see nobody waiting (n <= Atomics::symmetric_idle_unlocks); 0 (a
  //   new lock) SYMMETRIC, left at the first such unlock().
  //
  // Who writes what:
  //   - held 0 -> 1: lock(), try_lock() and waiters (an exchange). held 1 -> 0: only the
  //     holder's unlock(). A hand-off keeps held at 1.
  //   - PARKED is set by waiters before they sleep (the one that sets it 0 -> 1 executes the
  //     heavy fence, or in SYMMETRIC mode a seq_cst fence, before its futex compare re-reads
  //     held), and by a thread that has slept when it takes the lock while PARKED is clear (as
  //     the holder, without the fence: its own unlock() reads it). It is cleared only by an
  //     unlock() that saw it, which then wakes one sleeper; a thread woken after PARKED was
  //     cleared sets it again before it sleeps or unlocks, so the sleepers left behind are still
  //     announced. (A thread may sleep only
  //     while PARKED is set: its futex compare includes it; a waiter whose hand-off request
  //     finds PARKED cleared announces itself again first.)
  //   - HANDOFF_REQUESTED is set by a waiter that has slept; cleared by the unlock() that hands
  //     off (an unlock() before the lock's interval has passed leaves it), or by the waiter that
  //     set it when it takes the lock by exchange instead. So whenever it is set, the waiter
  //     that set it is still in lock_slow() and will take the lock or see HANDED.
  //   - HANDED is set only by an unlock() that took the lock back (held = 1 throughout);
  //     cleared only by a waiter that has slept, which thereby becomes the holder. The waiter
  //     that requested is one: it stays in lock_slow() until it holds the lock, and its futex
  //     compare includes HANDED, so it cannot sleep through it. A thread that has not slept yet
  //     (such as the one that has just handed the lock over and wants it back) parks like any
  //     waiter: it sleeps (held = 1 and HANDED set) until an unlock() wakes it.
  //   - mode: only the holder: set to SYMMETRIC by a thread that has slept when it takes the
  //     lock; counted down by unlock()s that see nobody waiting, and set to ASYMMETRIC by the
  //     last of them (only where membarrier works: leave_symmetric()); reset to its full count by
  //     an unlock() that sees someone.
  static constexpr std::uint8_t parked_bit = 1U << 0;
  static constexpr std::uint8_t handoff_requested_bit = 1U << 1;
  static constexpr std::uint8_t handed_bit = 1U << 2;
  static_assert((parked_bit & handoff_requested_bit) == 0 && (parked_bit & handed_bit) == 0 &&
                (handoff_requested_bit & handed_bit) == 0);

  // The mode byte: asymmetric_mode, or SYMMETRIC: 1 + n, leaving it after n more unlock()s in
  // a row that see nobody waiting, or 0 (a new lock), leaving it at the first. Only the holder
  // writes it.
  static constexpr std::uint8_t asymmetric_mode = asymmetric_lock_mode;
  static constexpr std::uint8_t symmetric_full =
      static_cast<std::uint8_t>(1 + Atomics::symmetric_idle_unlocks);
  static_assert(Atomics::symmetric_idle_unlocks >= 0 && symmetric_full < asymmetric_mode);

  // Native atomics never throw. The model checker's may: it unwinds a model thread with an
  // exception when it abandons an execution.
  static constexpr bool nothrow = Atomics::nothrow;

  basic_raw_mutex() = default;
  basic_raw_mutex(const basic_raw_mutex&) = delete;
  basic_raw_mutex& operator=(const basic_raw_mutex&) = delete;

  // basic_raw_mutex::lock()
  //
  // Blocks until the calling thread holds the lock. Acquire: synchronizes-with the unlock()
  // that released (or handed over) the lock.
  void lock() noexcept(nothrow) {
    // acquire: pairs with the release store of held in unlock().
    if (word_.held.exchange(1, std::memory_order_acquire) == 0) {
      return;
    }
    lock_slow();
  }

  // basic_raw_mutex::try_lock()
  //
  // Takes the lock if it is free and returns true; returns false at once if it is held. Never
  // fails spuriously. Acquire on success.
  bool try_lock() noexcept(nothrow) { return try_take(); }

  // basic_raw_mutex::unlock()
  //
  // Releases the lock, which the calling thread must hold. Release: everything the holder did
  // happens-before the next successful lock(). May wake one parked thread.
  //
  // Out of line on purpose: inlined into weft_lock_bench's uncontended loop (GCC 12), the same
  // instructions take 5.3-5.6 ns per lock + unlock against 4.7-4.9 ns called (three alternating
  // runs each); docs/benchmarks.md.
  [[gnu::noinline]] void unlock() noexcept(nothrow) {
    // relaxed: only holders write the mode, and every earlier holder happens-before this one.
    const std::uint8_t mode = word_.mode.load(std::memory_order_relaxed);
    if (mode == asymmetric_mode) {
      release_asymmetric();
      return;
    }
    unlock_symmetric(mode);
  }

 private:
  template <class>
  friend struct mutex_inspector;

  // release: pairs with the acquire of the next lock(). The light fence pairs with the heavy
  // fence of a waiter that sets PARKED: either the read below sees PARKED, or that waiter's
  // re-check of held sees this 0.
  void release_asymmetric() noexcept(nothrow) {
    word_.held.store(0, std::memory_order_release);
    Atomics::light_fence();
    // relaxed: ordered after the store by the fence pair.
    const std::uint8_t f = word_.flags.load(std::memory_order_relaxed);
    if (f != 0) {
      unlock_slow(f);
    }
  }

  [[gnu::cold, gnu::noinline]] void unlock_symmetric(std::uint8_t mode) noexcept(nothrow);
  bool leave_symmetric() noexcept(nothrow);
  void enter_symmetric() noexcept(nothrow);

  // held 0 -> 1 if it reads 0 (a relaxed read first, so a held lock's line is not written).
  bool try_take() noexcept(nothrow) {
    // relaxed: only decides whether to try; acquire: pairs with the releasing unlock().
    return word_.held.load(std::memory_order_relaxed) == 0 &&
           word_.held.exchange(1, std::memory_order_acquire) == 0;
  }

  [[gnu::cold, gnu::noinline]] void lock_slow() noexcept(nothrow);
  [[gnu::cold, gnu::noinline]] void unlock_slow(std::uint8_t f) noexcept(nothrow);
  void park() noexcept(nothrow);
  void withdraw_request() noexcept(nothrow);

  typename Atomics::lock_word word_;
};

template <class Atomics>
void basic_raw_mutex<Atomics>::lock_slow() noexcept(nothrow) {
  // Spin rounds give the CPU away instead of probing the holder's cache line, and stop as soon
  // as someone is parked (then a newcomer queues behind the sleepers instead of competing) or
  // the lock is handed over (it belongs to a sleeper: each yield would only take the CPU the
  // woken waiter needs, which with long critical sections set off a cascade of wake-ups).
  for (int round = 0; round < Atomics::spin_rounds; ++round) {
    // relaxed: a hint about whether to keep spinning.
    if ((word_.flags.load(std::memory_order_relaxed) & (parked_bit | handed_bit)) != 0) {
      break;
    }
    Atomics::yield();
    if (try_take()) {
      return;
    }
  }
  park();
}

template <class Atomics>
void basic_raw_mutex<Atomics>::park() noexcept(nothrow) {
  const std::uint64_t parked_since = Atomics::now_ns();
  bool slept = false;
  bool requested = false;  // this thread turned HANDOFF_REQUESTED on (and may still own it)
  // Taken before the reads of held and flags that the wait below expects (see lock_word).
  auto ticket = word_.prepare_wait();
  // relaxed: the flags only steer the loop; taking the lock acquires.
  std::uint8_t f = word_.flags.load(std::memory_order_relaxed);
  for (;;) {
    if ((f & handed_bit) != 0 && slept) {
      // Handed over to the waiters that have slept: clearing HANDED makes this thread the
      // holder (one that has not slept goes on to sleep below, like any waiter: FUTEX_WAKE
      // takes a sleeper off the futex queue in one step, so a thread that falls asleep after
      // the handing unlock()'s wake-up cannot take it). PARKED is set again because this thread
      // may have been the one woken for the others. acquire: pairs with the release in
      // unlock_slow() that set HANDED.
      if (word_.flags.compare_exchange_weak(
              f, static_cast<std::uint8_t>((f & ~handed_bit) | parked_bit),
              std::memory_order_acquire, std::memory_order_relaxed)) {
        enter_symmetric();
        return;
      }
      continue;
    }
    bool set_parked = false;
    if ((f & parked_bit) == 0) {
      // Not announced, and this thread has slept: it may be the one woken for the others, so
      // it must announce them. It tries the lock first, since announcing costs the heavy fence
      // (tens of µs where interrupts between cores are slow, as in some VMs); as the holder it
      // announces without the fence (its own unlock() reads the flag it set). (A thread that
      // has not slept comes from lock_slow()'s own tries.) acquire: pairs with the releasing
      // unlock().
      if (slept && word_.held.exchange(1, std::memory_order_acquire) == 0) {
        // relaxed: read by this thread's own unlock(), and by waiters only as a hint.
        word_.flags.fetch_or(parked_bit, std::memory_order_relaxed);
        enter_symmetric();
        if (requested) {
          withdraw_request();
        }
        return;
      }
      // seq_cst: with the seq_cst read of the mode below, against a holder that leaves
      // SYMMETRIC mode (leave_symmetric()).
      const std::uint8_t old = word_.flags.fetch_or(parked_bit, std::memory_order_seq_cst);
      f = static_cast<std::uint8_t>(old | parked_bit);
      set_parked = (old & parked_bit) == 0;
      if ((old & handed_bit) != 0 && slept) {
        continue;
      }
    }
    if (set_parked) {
      // This thread turned PARKED on: an unlock() that read flags before that may have released
      // the lock unseen. After the heavy fence its store of 0 is visible to the exchange below
      // (and to the futex compare), or every later unlock() sees PARKED. (Fenced before the
      // exchange, not only before the futex compare, so that the checker, which takes the
      // exchange for the compare, sees the protocol as it is: weft/model/sync_mutex.hpp.)
      // seq_cst: see the fetch_or above; it also acquires the mode its holder set (release).
      if (word_.mode.load(std::memory_order_seq_cst) == asymmetric_mode) {
        Atomics::heavy_fence();
      } else {
        // SYMMETRIC: every unlock() this thread can race with exchanges held and reads flags
        // seq_cst (enter_symmetric() says why), and this fence orders it like one.
        Atomics::seq_cst_fence();
      }
    }
    // A plain exchange: the thread has just arrived or been woken, and the lock is often free.
    // acquire: pairs with the releasing unlock().
    if (word_.held.exchange(1, std::memory_order_acquire) == 0) {
      if (slept) {
        enter_symmetric();
      }
      if (requested) {
        withdraw_request();
      }
      return;
    }
    if (slept && (f & handoff_requested_bit) == 0 &&
        Atomics::now_ns() - parked_since >= Atomics::handoff_after_ns) {
      // relaxed: the request carries no data; the holder's unlock() reads it.
      const std::uint8_t old =
          word_.flags.fetch_or(handoff_requested_bit, std::memory_order_relaxed);
      f = static_cast<std::uint8_t>(old | handoff_requested_bit);
      requested = requested || (old & handoff_requested_bit) == 0;
      if ((old & handed_bit) != 0) {
        continue;
      }
    }
    if ((f & parked_bit) == 0) {
      // A thread sleeps only announced. Its last read of flags (the hand-off request's
      // fetch_or) found PARKED cleared by an unlock() that woke someone else, or nobody: go
      // round and announce itself.
      continue;
    }
    // Sleeps while held = 1 and flags = f, which includes PARKED (so an unlock() will wake a
    // sleeper); returns at once if either changed or a wake-up came.
    word_.wait(1, f, ticket);
    slept = true;
    ticket = word_.prepare_wait();
    f = word_.flags.load(std::memory_order_relaxed);
  }
}

// A thread that has slept took the lock: waiters sleep, so until symmetric_idle_unlocks unlock()s
// in a row have seen nobody waiting, unlock() exchanges held and reads flags seq_cst, and a waiter
// that sets PARKED reads SYMMETRIC and executes a seq_cst fence instead of the heavy fence.
// release: pairs with the waiter's read of the mode, so this thread's exchange on held
// happens-before the waiter's exchange, which therefore races only with the unlock()s of this
// holder and later ones. Those read SYMMETRIC: only holders set ASYMMETRIC, and
// leave_symmetric() restores SYMMETRIC when a waiter may have read it.
template <class Atomics>
void basic_raw_mutex<Atomics>::enter_symmetric() noexcept(nothrow) {
  // relaxed: only holders write the mode.
  if (word_.mode.load(std::memory_order_relaxed) != symmetric_full) {
    word_.mode.store(symmetric_full, std::memory_order_release);
  }
}

// The holder sets ASYMMETRIC (membarrier works); returns false (and restores SYMMETRIC) if a
// waiter may have read the mode. The store, a seq_cst fence and a read of flags, against the
// waiter's seq_cst fetch_or of PARKED and seq_cst read of the mode: either this read sees PARKED,
// or the waiter reads ASYMMETRIC and executes the heavy fence.
template <class Atomics>
bool basic_raw_mutex<Atomics>::leave_symmetric() noexcept(nothrow) {
  // relaxed: ordered by the fence.
  word_.mode.store(asymmetric_mode, std::memory_order_relaxed);
  Atomics::seq_cst_fence();
  if (word_.flags.load(std::memory_order_relaxed) == 0) {
    return true;
  }
  // release: as in enter_symmetric(), for a waiter that reads the restored mode.
  word_.mode.store(symmetric_full, std::memory_order_release);
  return false;
}

// unlock() in SYMMETRIC mode (always, without membarrier).
template <class Atomics>
void basic_raw_mutex<Atomics>::unlock_symmetric(std::uint8_t mode) noexcept(nothrow) {
  if (Atomics::asymmetric_fences()) {
    // relaxed: whether anyone waits is only a hint here; leave_symmetric() makes sure.
    if (word_.flags.load(std::memory_order_relaxed) != 0) {
      // Someone waits: the idle count starts again. release (here and below): as in
      // enter_symmetric(), for a waiter that reads this value.
      if (mode != symmetric_full) {
        word_.mode.store(symmetric_full, std::memory_order_release);
      }
    } else if (mode > 1) {
      word_.mode.store(static_cast<std::uint8_t>(mode - 1), std::memory_order_release);
    } else if (leave_symmetric()) {
      release_asymmetric();
      return;
    }
  }
  // seq_cst exchange and read, against the waiter's seq_cst fence (or its heavy fence).
  word_.held.exchange(0, std::memory_order_seq_cst);
  const std::uint8_t f = word_.flags.load(std::memory_order_seq_cst);
  if (f != 0) {
    unlock_slow(f);
  }
}

// A waiter that turned HANDOFF_REQUESTED on took the lock by exchange: withdraw the request,
// since a hand-off needs a parked waiter to take HANDED. (If a hand-off consumed this thread's
// request already, this clears a later waiter's, which renews it when it wakes.)
template <class Atomics>
void basic_raw_mutex<Atomics>::withdraw_request() noexcept(nothrow) {
  // relaxed: we hold the lock; the request carries no data.
  word_.flags.fetch_and(static_cast<std::uint8_t>(~handoff_requested_bit),
                        std::memory_order_relaxed);
}

// Runs after the release, with the flags that unlock() read then.
template <class Atomics>
void basic_raw_mutex<Atomics>::unlock_slow(std::uint8_t f) noexcept(nothrow) {
  if ((f & handoff_requested_bit) != 0 && Atomics::handoff_due(&word_)) {
    // A waiter has slept ~1 ms and the lock's interval has passed: take the lock back and hand
    // it over. If a newcomer took it first, its own unlock() sees the request. (Not due yet: the
    // request stays for a later unlock(), and this one wakes a sleeper as below.)
    if (!try_take()) {
      return;
    }
    // relaxed: the CAS below carries the ordering.
    f = word_.flags.load(std::memory_order_relaxed);
    while ((f & handoff_requested_bit) != 0) {
      // held stays 1; HANDED passes the lock to a parked waiter. release: pairs with the
      // acquire of the waiter that clears HANDED (the critical sections before this unlock()
      // happen-before it: they released to our re-take, which acquired).
      if (word_.flags.compare_exchange_weak(
              f, static_cast<std::uint8_t>((f & ~handoff_requested_bit) | handed_bit),
              std::memory_order_release, std::memory_order_relaxed)) {
        Atomics::handoff_made(&word_);
        // Wake a sleeper only if PARKED is set. PARKED clear with a request pending: an unlock()
        // cleared PARKED and woke a sleeper that has neither announced itself again nor taken
        // the lock (both set PARKED), or that wake-up found nobody asleep and the requester
        // (which sleeps only announced) is awake. Either thread has slept, so it takes HANDED:
        // waking another would only put a second one on its way and, where the woken one is
        // queued behind this thread on its core, move the lock to the idle core
        // (docs/benchmarks.md).
        if ((f & parked_bit) != 0) {
          word_.wake_one();
        }
        return;
      }
    }
    // The requester took the lock by exchange in between (and withdrew the request): release
    // the lock we re-took.
    unlock();
    return;
  }
  if ((f & parked_bit) != 0) {
    // Wake one sleeper and clear PARKED: the woken thread sets it again before it sleeps or,
    // holding the lock, before it unlocks, so sleepers left behind are still announced.
    // relaxed: carries no data.
    word_.flags.fetch_and(static_cast<std::uint8_t>(~parked_bit), std::memory_order_relaxed);
    word_.wake_one();
  }
}

using RawMutex = basic_raw_mutex<native_atomics>;

}  // namespace weft::sync
