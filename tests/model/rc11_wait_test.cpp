// atomic::wait / notify_one / notify_all under Model::rc11 (memory/rc11_model.hpp): the futex
// rules of wait_notify_test.cpp hold unchanged, a wait's load and sleep stay one step (a
// relaxed "store, then notify" loses no wake-up), a notify publishes nothing, and the lost
// wake-up that a store buffer causes (a waiter's flag store and an unlocker's flag load passing
// each other) is found, and closed by a pair of seq_cst fences.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "weft/model.hpp"

namespace weft::model {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Options rc11() {
  Options options;
  options.model = Model::rc11;
  options.recheck = true;
  return options;
}

// RC11 (re-checked) or SC.
Options under(Model model) {
  Options options = model == Model::rc11 ? rc11() : Options{};
  options.model = model;
  return options;
}

Options every_execution(Model model) {
  Options options = under(model);
  options.stop_at_first_failure = false;
  return options;
}

// `waiters` threads wait for `flag` to leave 0; the main thread stores 1 (in `order`), then
// notifies `notifies` times with notify_one.
Report waiters_and_notifier(int waiters, int notifies, std::memory_order order,
                            const Options& options) {
  return check(
      [=] {
        atomic<int> flag{0, "flag"};
        std::vector<thread> threads;
        for (int i = 0; i < waiters; ++i) {
          threads.emplace_back([&flag, order] {
            flag.wait(0, order == std::memory_order_release ? std::memory_order_acquire : order);
          });
        }
        flag.store(1, order);
        for (int i = 0; i < notifies; ++i) {
          flag.notify_one();
        }
        for (auto& t : threads) {
          t.join();
        }
      },
      options);
}

// Programs whose atomics are all seq_cst have the same executions under both models, the
// deadlocked ones included (wait_notify_test.cpp, WaitNotify.EveryLostWakeupIsFound, explains
// the counts).
TEST(Rc11Wait, SeqCstProgramsHaveTheirScExecutions) {
  for (Model model : {Model::sc, Model::rc11}) {
    const Report two =
        waiters_and_notifier(2, 1, std::memory_order_seq_cst, every_execution(model));
    EXPECT_EQ(two.executions, 1U) << two;
    EXPECT_EQ(two.failed_executions, 4U) << two;
    const Report three =
        waiters_and_notifier(3, 2, std::memory_order_seq_cst, every_execution(model));
    EXPECT_EQ(three.executions, 1U) << three;
    EXPECT_EQ(three.failed_executions, 36U) << three;
  }
}

// A relaxed store, then a notify: a waiter whose load read 0 either sleeps before the notify
// comes (and is woken) or falls asleep after it, which a wait's one-step load and sleep forbid:
// the load then sees the store (it happens before the notify). Without that rule the waiter
// could sleep for ever.
TEST(Rc11Wait, RelaxedStoreThenNotifyLosesNoWakeUp) {
  const Report report = waiters_and_notifier(1, 1, std::memory_order_relaxed, rc11());
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U) << report;  // the load reads 1; a sleep that ends is needless
  const Report both = waiters_and_notifier(2, 2, std::memory_order_relaxed, rc11());
  EXPECT_TRUE(both.ok()) << both;
  EXPECT_EQ(both.executions, 1U) << both;
}

// The notify comes first: a waiter that loaded 0 may fall asleep after it, and nothing wakes it.
TEST(Rc11Wait, NotifyBeforeTheStoreLosesTheWakeUp) {
  const Report report = check(
      [] {
        atomic<int> flag{0, "flag"};
        thread notifier([&] {
          flag.notify_one();
          flag.store(1, std::memory_order_relaxed);
        });
        flag.wait(0, std::memory_order_relaxed);
        notifier.join();
      },
      rc11());
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(contains(report.failure->message, "waits on flag (value 0)"))
      << report.failure->message;
}

// A notify carries no data: a waiter that returns because its load read a relaxed store has not
// synchronized with the writer, woken or not. With a release store and an acquire wait it has.
Report publish_then_notify(std::memory_order store_order, std::memory_order wait_order) {
  return check(
      [=] {
        cell<int> data{0, "data"};
        atomic<int> ready{0, "ready"};
        thread producer([&] {
          data.set(42);
          ready.store(1, store_order);
          ready.notify_one();
        });
        ready.wait(0, wait_order);
        WEFT_ASSERT(data.get() == 42);
        producer.join();
      },
      rc11());
}

TEST(Rc11Wait, NotifyPublishesNothing) {
  const Report relaxed = publish_then_notify(std::memory_order_relaxed, std::memory_order_relaxed);
  ASSERT_TRUE(relaxed.failure.has_value()) << relaxed;
  EXPECT_EQ(relaxed.failure->kind, FailureKind::data_race) << relaxed;
  EXPECT_TRUE(contains(relaxed.failure->message, "data")) << relaxed.failure->message;
  const Report paired = publish_then_notify(std::memory_order_release, std::memory_order_acquire);
  EXPECT_TRUE(paired.ok()) << paired;
  EXPECT_EQ(paired.executions, 1U) << paired;
}

// The store-buffer lost wake-up of a parking lock, reduced to its core (the protocol of
// weft::sync::Mutex, tested whole in sync_mutex_model_test.cpp). The waiter announces itself in
// `parked`, re-checks `held` and sleeps on `wakes`; the unlocker clears `held` and wakes a
// waiter only if it sees `parked`. The waiter's store and re-check and the unlocker's store and
// check are store buffering: without fences both checks may read the old value (RC11 and x86
// allow it) and the waiter sleeps for ever; a seq_cst fence on each side forbids it.
Report park_and_unlock(bool fences, Model model) {
  return check(
      [fences] {
        atomic<int> held{1, "held"};
        atomic<int> parked{0, "parked"};
        atomic<int> wakes{0, "wakes"};
        thread waiter([&] {
          parked.store(1, std::memory_order_relaxed);
          if (fences) {
            fence(std::memory_order_seq_cst);
          }
          if (held.load(std::memory_order_relaxed) == 1) {
            wakes.wait(0, std::memory_order_relaxed);
          }
        });
        held.store(0, std::memory_order_relaxed);
        if (fences) {
          fence(std::memory_order_seq_cst);
        }
        if (parked.load(std::memory_order_relaxed) == 1) {
          wakes.store(1, std::memory_order_relaxed);
          wakes.notify_one();
        }
        waiter.join();
      },
      under(model));
}

TEST(Rc11Wait, StoreBufferingLosesAWakeUpWithoutFences) {
  const Report sc = park_and_unlock(/*fences=*/false, Model::sc);
  EXPECT_TRUE(sc.ok()) << sc;
  const Report report = park_and_unlock(/*fences=*/false, Model::rc11);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(contains(report.failure->message, "waits on wakes (value 0)"))
      << report.failure->message;
  // Both checks read the initial values; the one printed after the other side's store is marked
  // stale.
  EXPECT_TRUE(contains(report.failure->trace, "load(relaxed) parked -> 0  [reads initial value"))
      << report.failure->trace;
  EXPECT_TRUE(contains(report.failure->trace,
                       "load(relaxed) held -> 1  [reads initial value; "
                       "newer in coherence"))
      << report.failure->trace;
}

TEST(Rc11Wait, SeqCstFencesCloseTheStoreBufferingWakeUp) {
  const Report report = park_and_unlock(/*fences=*/true, Model::rc11);
  EXPECT_TRUE(report.ok()) << report;
  // The waiter's check reads 0 and the unlocker's reads 0 or 1 (then it stores and notifies),
  // or the waiter's reads 1, the unlocker's must read 1, and the wait reads 1: 3. Both reading
  // the initial value is the cycle the fences forbid.
  EXPECT_EQ(report.executions, 3U) << report;
}

// A notify_one wakes a thread asleep when it comes, whichever it is (a futex does not know
// which sleeper has something new to see): here it may wake the thread that waits for 1 to
// change although only the other one's value changed, and a wake-up is lost under both models.
TEST(Rc11Wait, NotifyOneMayWakeASleeperWithNothingNewToSee) {
  for (Model model : {Model::sc, Model::rc11}) {
    const Report report = check(
        [] {
          atomic<int> x{0, "x"};
          auto add_and_notify = [&] {
            x.fetch_add(1, std::memory_order_relaxed);
            x.notify_one();
          };
          thread first(add_and_notify);
          thread second(add_and_notify);
          thread waits_on_one([&] { x.wait(1, std::memory_order_relaxed); });
          x.wait(0, std::memory_order_relaxed);
          first.join();
          second.join();
          waits_on_one.join();
        },
        under(model));
    ASSERT_TRUE(report.failure.has_value()) << report;
    EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  }
}

}  // namespace
}  // namespace weft::model
