// tests/model/atomic_wait_mutex.hpp: weft::sync::Mutex's algorithm parking on weft::model's
// atomic wait/notify_one, for tests only. The lock word's futex is a wake-up count: FUTEX_WAKE is
// an increment and then a notify_one, FUTEX_WAIT an atomic wait on the count read before the
// thread's reads of held and flags.
//
// This was weft::model::SyncMutex's model of the futex until the futex queue
// (weft/model/detail/futex_queue.hpp) replaced it: unlike the kernel, whose FUTEX_WAKE takes a
// thread off the queue in one step, the increment and the notify are two, and a notify_one may
// unblock a thread that blocked after the increment (which blocks again), so at 4 threads it
// reports a lost wake-up that Linux cannot have. The tests keep it as a real program that parks
// on atomic wait/notify: its counts show how the checker prunes needless sleeps
// (wait_notify_test.cpp) and that no graph is explored twice (unique_graphs_test.cpp).

#pragma once

#include <atomic>
#include <cstdint>

#include "weft/model/atomic.hpp"
#include "weft/model/sync_mutex.hpp"

namespace weft::model::testing {

struct atomic_wait_atomics : model_atomics {
  struct lock_word {
    atomic<std::uint8_t> held{0, "held"};
    atomic<std::uint8_t> flags{0, "flags"};
    // ASYMMETRIC, as model_atomics::lock_word starts.
    atomic<std::uint8_t> mode{weft::sync::asymmetric_lock_mode, "mode"};
    atomic<std::uint32_t> futex{0, "futex"};  // wake-ups so far

    // seq_cst: the kernel's futex queue is ordered by full barriers on both sides.
    std::uint32_t prepare_wait() { return futex.load(std::memory_order_seq_cst); }
    void wait(std::uint8_t /*held*/, std::uint8_t /*flags*/, std::uint32_t wakes) {
      futex.wait(wakes, std::memory_order_seq_cst);
    }
    void wake_one() {
      futex.fetch_add(1, std::memory_order_seq_cst);
      futex.notify_one();
    }
  };
};

template <class T>
using AtomicWaitMutex = weft::sync::Mutex<T, atomic_wait_atomics>;

}  // namespace weft::model::testing
