// weft::sync::Mutex's algorithm (weft/sync/raw_mutex.hpp) over the model atomics
// (weft/model/mutex.hpp): 2 threads x 2 and 3 threads x 1 critical sections on a cell, so that
// two threads inside at once is a data race, a lost wake-up a deadlock, and a lost update a
// failed assertion.
//
// Issue 12, point 2, asks for this under RC11 and SC, and for the variant without the heavy
// fence to be reported as a lost wake-up under RC11 while it passes under SC. The engine has
// only Model::sc so far: the SC half is here; the RC11 half is a skipped test that waits for the
// RC11 issue (Model::rc11).

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <vector>

#include "weft/model.hpp"

namespace weft::model {
namespace {

// The variant without the heavy fence: a waiter that sets PARKED re-checks `held` with nothing
// between. Under SC the store-load race it opens cannot happen (nothing is reordered); under
// RC11 (and on x86, whose store buffer the fence pair exists for) the unlocker can read `flags`
// before PARKED while the waiter reads `held` before the 0: a lost wake-up.
struct no_heavy_fence_atomics : model_atomics {
  static void heavy_fence() {}
};

// FUTEX_WAIT modelled exactly: the compare of both bytes is made inside wait(), one step with
// falling asleep, instead of by lock_slow()'s own reads after prepare_wait() (model_atomics). It
// explores more executions than model_atomics (9,200 against 1,144 at 2x2), which is why it
// is not the default; the two must agree.
struct exact_futex_atomics : model_atomics {
  struct lock_word : model_atomics::lock_word {
    std::uint32_t prepare_wait() { return 0; }
    void wait(std::uint8_t held_value, std::uint8_t flags_value, std::uint32_t /*unused*/) {
      const std::uint32_t wakes = futex.load(std::memory_order_seq_cst);
      if (held.load(std::memory_order_relaxed) != held_value ||
          flags.load(std::memory_order_relaxed) != flags_value) {
        return;
      }
      futex.wait(wakes, std::memory_order_seq_cst);
    }
  };
};

// Hand-offs as soon as a parked waiter has slept once, counted over all explored executions.
struct handoff_often_atomics : model_atomics {
  static constexpr std::uint64_t handoff_after_ns = 0;
  static inline long handoffs = 0;
  static void note_handoff() { ++handoffs; }
};

template <class Atomics>
Report counter_check(int threads, int increments, Options options = {}) {
  return check(
      [threads, increments] {
        weft::sync::Mutex<cell<int>, Atomics> counter{0, "value"};
        std::vector<thread> others;
        auto work = [&] {
          for (int i = 0; i < increments; ++i) {
            counter.with_lock([](cell<int>& v) { v.set(v.get() + 1); });
          }
        };
        for (int t = 1; t < threads; ++t) {
          others.emplace_back(work);
        }
        work();
        for (auto& t : others) {
          t.join();
        }
        counter.with_lock([&](cell<int>& v) { WEFT_ASSERT(v.get() == threads * increments); });
      },
      options);
}

// The counts are those of WaitNotify.MutexCountsOnlyExecutionsThatDiffer (the final locked
// read after the joins adds no choice); UniqueGraphs.MutexWithParkingIsExploredOnce checks that
// each of the 29,472 is explored once and replays.
TEST(SyncMutexModel, VerifiedUnderScTwoThreadsTwice) {
  const Report report = counter_check<model_atomics>(2, 2);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1'144U);
}

TEST(SyncMutexModel, VerifiedUnderScThreeThreadsOnce) {
  const Report report = counter_check<model_atomics>(3, 1);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 29'472U);
}

TEST(SyncMutexModel, ExactFutexCompareAgreesTwoThreadsTwice) {
  const Report report = counter_check<exact_futex_atomics>(2, 2);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 9'200U);
}

TEST(SyncMutexModel, HandOffPathVerifiedUnderSc) {
  handoff_often_atomics::handoffs = 0;
  const Report two = counter_check<handoff_often_atomics>(2, 2);
  EXPECT_TRUE(two.ok()) << two;
  EXPECT_GT(handoff_often_atomics::handoffs, 0) << "no explored execution handed the lock over";
}

// Under SC the heavy fence orders nothing that is not ordered already: the variant without it
// passes, with exactly the same executions (a fence is an event without choices).
TEST(SyncMutexModel, WithoutHeavyFencePassesUnderSc) {
  const Report two = counter_check<no_heavy_fence_atomics>(2, 2);
  EXPECT_TRUE(two.ok()) << two;
  EXPECT_EQ(two.executions, 1'144U);
  const Report three = counter_check<no_heavy_fence_atomics>(3, 1);
  EXPECT_TRUE(three.ok()) << three;
  EXPECT_EQ(three.executions, 29'472U);
}

TEST(SyncMutexModel, WithoutHeavyFenceLosesAWakeUpUnderRc11) {
  GTEST_SKIP() << "needs Model::rc11 (the RC11 issue): the checker must report this variant's "
                  "lost wake-up (a deadlock with a thread asleep on the futex) under RC11, and "
                  "model_atomics as it is must pass there";
}

}  // namespace
}  // namespace weft::model
