// atomic::wait, notify_one and notify_all under the checker: a notify_one wakes one sleeper, a
// notify_all every sleeper, a notify that comes before a thread sleeps wakes nobody, and a lost
// wake-up is a deadlock reported with a trace that replays.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "atomic_wait_mutex.hpp"
#include "large_checks.hpp"
#include "weft/model.hpp"

namespace weft::model {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `waiters` threads wait for `flag` to leave 0; the main thread sets it and calls `notify`.
Report waiters_and_notifier(int waiters, void (*notify)(atomic<int>&), Options options = {}) {
  return check(
      [waiters, notify] {
        atomic<int> flag{0, "flag"};
        std::vector<thread> threads;
        for (int i = 0; i < waiters; ++i) {
          threads.emplace_back([&flag] { flag.wait(0); });
        }
        flag.store(1);
        notify(flag);
        for (auto& t : threads) {
          t.join();
        }
      },
      options);
}

void notify_one(atomic<int>& flag) {
  flag.notify_one();
}
void notify_one_twice(atomic<int>& flag) {
  flag.notify_one();
  flag.notify_one();
}
void notify_all(atomic<int>& flag) {
  flag.notify_all();
}

TEST(WaitNotify, OneWaiterOneNotify) {
  const Report report = waiters_and_notifier(1, notify_one);
  EXPECT_TRUE(report.ok()) << report;
  // The wait's load reads 1 and returns at once. The execution in which it reads 0 and the
  // waiter sleeps until the notify looks the same to every thread (its load just came later):
  // a needless sleep, not counted.
  EXPECT_EQ(report.executions, 1U);
  EXPECT_EQ(report.blocked, 0U);
}

TEST(WaitNotify, NotifyOneWakesOnlyOneOfTwoSleepers) {
  const Report report = waiters_and_notifier(2, notify_one);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(contains(report.failure->message, "waits on flag (value 0)"))
      << report.failure->message;
  EXPECT_TRUE(contains(report.failure->trace, "notify_one flag")) << report.failure->trace;
  EXPECT_TRUE(contains(report.failure->trace, "[asleep: no notify wakes it]"))
      << report.failure->trace;
}

// Every execution counted, deadlocks included.
void expect_counts(int waiters, void (*notify)(atomic<int>&), std::uint64_t complete,
                   std::uint64_t deadlocked) {
  Options options;
  options.stop_at_first_failure = false;
  const Report report = waiters_and_notifier(waiters, notify, options);
  EXPECT_EQ(report.executions, complete) << report;
  EXPECT_EQ(report.failed_executions, deadlocked) << report;
  EXPECT_EQ(report.blocked, 0U) << report;
}

TEST(WaitNotify, EveryLostWakeupIsFound) {
  // Complete: neither sleeps (1; a sleep that ends is needless). Deadlocked: both sleep, in
  // either order, and the notify wakes one or the other (4).
  expect_counts(2, notify_one, 1, 4);
  // Deadlocked: all three sleep (6 orders), the first notify wakes one of them (3), the second
  // one of the other two (2); the third sleeps for ever. Every other execution either ends (and
  // its sleeps are needless) or leaves a notify unserved.
  expect_counts(3, notify_one_twice, 1, 36);
}

TEST(WaitNotify, TwoNotifyOnesWakeTwoSleepers) {
  const Report report = waiters_and_notifier(2, notify_one_twice);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U);
}

TEST(WaitNotify, NotifyAllWakesEverySleeper) {
  const Report report = waiters_and_notifier(2, notify_all);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U);
}

// The waiter checks `ready` and then waits on `seq`; the notifier sets `ready`, then (if
// `change_seq`) `seq`, then notifies `seq`.
Report check_then_wait(bool change_seq) {
  return check([change_seq] {
    atomic<int> ready{0, "ready"};
    atomic<int> seq{0, "seq"};
    thread waiter([&] {
      if (ready.load() == 0) {
        seq.wait(0);
      }
    });
    ready.store(1);
    if (change_seq) {
      seq.store(1);
    }
    seq.notify_one();
    waiter.join();
  });
}

TEST(WaitNotify, NotifyBeforeTheWaiterSleepsIsLost) {
  // `seq` never changes: when the notify comes between the check and the sleep, nobody is woken.
  const Report report = check_then_wait(/*change_seq=*/false);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(contains(report.failure->message, "the value never changes"))
      << report.failure->message;
}

TEST(WaitNotify, NotifyAfterTheWaiterSleepsWakesIt) {
  // With `seq` changed first the protocol is correct: a waiter that missed the change is asleep
  // before the notify comes.
  const Report report = check_then_wait(/*change_seq=*/true);
  EXPECT_TRUE(report.ok()) << report;
  // `ready` reads 1, or `seq` reads 1. When `seq` reads 0 the waiter sleeps, necessarily before
  // the notify (sleeping after it would split the wait's load from its sleep: not an
  // execution), and the notify wakes it: needless, not counted.
  EXPECT_EQ(report.executions, 2U);
}

TEST(WaitNotify, LostWakeupReplaysToTheSameDeadlock) {
  const Report found = waiters_and_notifier(2, notify_one);
  ASSERT_TRUE(found.failure.has_value()) << found;
  Options options;
  options.replay = found.failure->replay;
  const Report again = waiters_and_notifier(2, notify_one, options);
  ASSERT_TRUE(again.failure.has_value()) << again;
  EXPECT_EQ(again.failure->kind, FailureKind::deadlock) << again;
  EXPECT_EQ(again.failure->trace, found.failure->trace);
}

// A lock with the woken-bit protocol of weft::sync's mutex (a wake-up is issued only while no
// woken waiter is on its way), reduced to its core. With `clear_woken_on_take` false it has the
// bug an earlier version of weft's mutex had: a woken waiter that takes the lock leaves `woken`
// set, so the next unlock wakes nobody and a second sleeper sleeps for ever. Natively that
// showed only as a hang of the 16-thread stress test.
template <bool clear_woken_on_take>
class WokenBitLock {
 public:
  void lock() {
    std::uint32_t expected = 0;
    if (state_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
      return;
    }
    std::uint32_t s = state_.fetch_add(waiter, std::memory_order_relaxed) + waiter;
    for (;;) {
      if ((s & locked) == 0) {
        const std::uint32_t taken = (s - waiter) | locked;
        if (state_.compare_exchange_weak(s, clear_woken_on_take ? taken & ~woken : taken,
                                         std::memory_order_acquire, std::memory_order_relaxed)) {
          return;
        }
        continue;
      }
      if ((s & woken) != 0) {
        if (state_.compare_exchange_weak(s, s & ~woken, std::memory_order_relaxed,
                                         std::memory_order_relaxed)) {
          s &= ~woken;
        }
        continue;
      }
      state_.wait(s, std::memory_order_relaxed);
      s = state_.load(std::memory_order_relaxed);
    }
  }

  void unlock() {
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    for (;;) {
      std::uint32_t next = s & ~locked;
      const bool wake = next >= waiter && (s & woken) == 0;
      if (wake) {
        next |= woken;
      }
      if (state_.compare_exchange_weak(s, next, std::memory_order_release,
                                       std::memory_order_relaxed)) {
        if (wake) {
          state_.notify_one();
        }
        return;
      }
    }
  }

 private:
  static constexpr std::uint32_t locked = 1;
  static constexpr std::uint32_t woken = 8;
  static constexpr std::uint32_t waiter = 256;
  atomic<std::uint32_t> state_{0, "state"};
};

// Three threads take the lock once each.
template <class Lock>
Report three_lockers(Options options = {}) {
  return check(
      [] {
        Lock lock;
        cell<int> counter{0, "counter"};
        auto critical = [&] {
          lock.lock();
          counter.set(counter.get() + 1);
          lock.unlock();
        };
        thread a(critical);
        thread b(critical);
        critical();
        a.join();
        b.join();
        WEFT_ASSERT(counter.get() == 3);
      },
      options);
}

TEST(WaitNotify, StaleWokenBitLosesAWakeup) {
  const Report report = three_lockers<WokenBitLock<false>>();
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(contains(report.failure->message, "waits on state")) << report.failure->message;
  // The replay string re-runs exactly that execution, sleeps and wake-ups included.
  Options options;
  options.replay = report.failure->replay;
  const Report replayed = three_lockers<WokenBitLock<false>>(options);
  ASSERT_TRUE(replayed.failure.has_value()) << replayed;
  EXPECT_EQ(replayed.failure->kind, FailureKind::deadlock) << replayed;
  EXPECT_EQ(replayed.failure->trace, report.failure->trace);
}

TEST(WaitNotify, ClearedWokenBitIsVerified) {
  Options sc;
  sc.model = Model::sc;
  const Report report = three_lockers<WokenBitLock<true>>(sc);
  EXPECT_TRUE(report.ok()) << report;
}

// Under RC11 the lock's relaxed accesses and its weak compare-exchanges' spurious failures give
// far more executions: 2,790 without spurious failures (0.7 s in Release), 260,592 with them
// (about 40 s in Release, 6 million runs abandoned as moot: the lock's retry loops are plain
// loops, so each spurious failure is a new path), which runs in Release builds only.
TEST(WaitNotify, ClearedWokenBitIsVerifiedUnderRc11) {
  Options never_spurious;
  never_spurious.spurious_cas_failures = false;
  const Report strict = three_lockers<WokenBitLock<true>>(never_spurious);
  EXPECT_TRUE(strict.ok()) << strict;
  EXPECT_EQ(strict.executions, 2'790U) << strict;
  if (!testing::kRunsLargeChecks) {
    GTEST_SKIP() << "with spurious failures: about 40 s in Release: "
                 << testing::kLargeCheckSkipped;
  }
  const Report report = three_lockers<WokenBitLock<true>>();
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 260'592U) << report;
}

Options sc_options() {  // these counts are SC's (sync_mutex_model_test.cpp has RC11's)
  Options options;
  options.model = Model::sc;
  return options;
}

// weft::sync::Mutex's algorithm parking with wait/notify_one (atomic_wait_mutex.hpp). Its complete
// executions contain no sleep (every sleep that ends is needless) and count the orders of notifies
// from different threads once: the counts are those of the lock's sleep-free executions.
TEST(WaitNotify, MutexCountsOnlyExecutionsThatDiffer) {
  for (auto [threads, expected] : {std::pair{2, 3'612U}, std::pair{3, 41'934U}}) {
    if (threads == 3 && !testing::kRunsLargeChecks) {
      GTEST_SKIP() << "3 threads x 1: " << testing::kLargeCheckSkipped;
    }
    const int increments = threads == 2 ? 2 : 1;
    const Report report = check(
        [threads = threads, increments] {
          testing::AtomicWaitMutex<int> m{0};
          std::vector<thread> others;
          auto work = [&] {
            for (int i = 0; i < increments; ++i) {
              m.with_lock([](int& v) { ++v; });
            }
          };
          for (int t = 1; t < threads; ++t) {
            others.emplace_back(work);
          }
          work();
          for (auto& t : others) {
            t.join();
          }
        },
        sc_options());
    EXPECT_TRUE(report.ok()) << report;
    EXPECT_EQ(report.executions, expected) << threads << " threads";
    // Every run is counted somewhere: the sleep/wake graphs that are dropped are moot runs.
    EXPECT_EQ(report.runs, report.executions + report.blocked + report.moot) << report;
    if (threads == 3) {
      EXPECT_EQ(report.blocked, 0U);
      EXPECT_EQ(report.moot, 266'196U);
    }
  }
}

}  // namespace
}  // namespace weft::model
