// weft::model's std-shaped locks: mutex, shared_mutex, condition_variable. Lock operations are
// single operations of the execution, so a counter under a mutex explores exactly the lock
// orders; waiting is exact, and a lock that can never be taken is a deadlock that names the
// lock and the lines.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "futex_condition_variable.hpp"
#include "large_checks.hpp"
#include "weft/model.hpp"
#include "weft/model/condition_variable.hpp"
#include "weft/model/shared_mutex.hpp"
#include "weft/model/std_mutex.hpp"

namespace weft::model {
namespace {

// `threads` threads each increment a counter `times` times under std::lock_guard; main checks
// the total after joining them.
Report counter_under_mutex(int threads, int times) {
  return check([threads, times] {
    mutex m{"m"};
    cell<int> counter{0, "counter"};
    std::vector<thread> workers;
    for (int i = 0; i < threads; ++i) {
      workers.emplace_back([&, times] {
        for (int k = 0; k < times; ++k) {
          const std::lock_guard<mutex> guard(m);
          counter.set(counter.get() + 1);
        }
      });
    }
    for (thread& t : workers) {
      t.join();
    }
    WEFT_ASSERT(counter.get() == threads * times);
  });
}

// The executions are the lock orders: (threads * times)! / (times!)^threads.
TEST(ModelMutex, CounterExploresExactlyTheLockOrders) {
  const Report three_by_one = counter_under_mutex(3, 1);
  EXPECT_TRUE(three_by_one.ok()) << three_by_one;
  EXPECT_EQ(three_by_one.executions, 6U);
  const Report four_by_one = counter_under_mutex(4, 1);
  EXPECT_TRUE(four_by_one.ok()) << four_by_one;
  EXPECT_EQ(four_by_one.executions, 24U);
  const Report three_by_two = counter_under_mutex(3, 2);
  EXPECT_TRUE(three_by_two.ok()) << three_by_two;
  EXPECT_EQ(three_by_two.executions, 90U);
}

// A lock() that finds the mutex held waits without a blocked run: its compare-exchange is not
// added while it would fail on the newest write, and one that a revisit made fail leaves the
// graph and is taken again after the unlock, in the same run (GenMC's removeCASReadIfBlocks;
// before, 3 x 1 and 4 x 1 ended 6 and 36 runs blocked). A lock's attempt never tries an older
// write it would fail on either (GenMC's filterValuesFromAnnotSAVER): every run is an
// execution (before, 8 and 65 moot runs). A lock written as a spin_until over a
// compare-exchange ends no run blocked either.
TEST(ModelMutex, WaitingForTheLockEndsNoRunBlocked) {
  for (const int threads : {2, 3, 4}) {
    const Report report = counter_under_mutex(threads, 1);
    EXPECT_TRUE(report.ok()) << report;
    EXPECT_EQ(report.executions, threads == 2 ? 2U : threads == 3 ? 6U : 24U) << report;
    EXPECT_EQ(report.blocked, 0U) << report;
    EXPECT_EQ(report.moot, 0U) << report;
  }
  for (const int threads : {2, 3, 4}) {
    const Report report = check([threads] {
      atomic<int> locked{0, "locked"};
      cell<int> counter{0, "counter"};
      std::vector<thread> workers;
      for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
          spin_until([&] {
            int expected = 0;
            return locked.compare_exchange_strong(expected, 1, std::memory_order_acquire);
          });
          counter.set(counter.get() + 1);
          locked.store(0, std::memory_order_release);
        });
      }
      for (thread& t : workers) {
        t.join();
      }
      WEFT_ASSERT(counter.get() == threads);
    });
    EXPECT_TRUE(report.ok()) << report;
    EXPECT_EQ(report.executions, threads == 2 ? 2U : threads == 3 ? 6U : 24U) << report;
    EXPECT_EQ(report.blocked, 0U) << report;
  }
}

TEST(ModelMutex, CounterWithoutTheLockRaces) {
  const Report report = check([] {
    mutex m{"m"};
    cell<int> counter{0, "counter"};
    thread t([&] { counter.set(counter.get() + 1); });
    {
      const std::lock_guard<mutex> guard(m);  // only one side locks: no protection
      counter.set(counter.get() + 1);
    }
    t.join();
  });
  ASSERT_FALSE(report.ok());
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::data_race) << report;
}

TEST(ModelMutex, UniqueLockAndTryLock) {
  // try_lock either takes the free mutex or finds the other thread holding it: the flag it
  // sets is then set under the lock, and main sees both updates.
  const Report report = check([] {
    mutex m{"m"};
    cell<int> took{0, "took"};
    thread t([&] {
      std::unique_lock<mutex> lock(m, std::try_to_lock);
      if (lock.owns_lock()) {
        took.set(took.get() + 1);
      }
    });
    {
      std::unique_lock<mutex> lock(m);
      took.set(took.get() + 10);
    }
    t.join();
    WEFT_ASSERT(took.get() == 10 || took.get() == 11);
  });
  EXPECT_TRUE(report.ok()) << report;
  // t's try_lock comes before main's lock (t takes it, 11), after main's unlock (11), or while
  // main holds the lock (10).
  EXPECT_EQ(report.executions, 3U);
}

TEST(ModelMutex, LockOrderInversionIsADeadlockThatNamesLocksAndLines) {
  int t1_waits = 0;
  int t1_holds = 0;
  int t2_waits = 0;
  int t2_holds = 0;
  const Report report = check([&] {
    mutex a{"a"};
    mutex b{"b"};
    thread t1([&] {
      t1_holds = __LINE__, a.lock();
      t1_waits = __LINE__, b.lock();
      b.unlock();
      a.unlock();
    });
    thread t2([&] {
      t2_holds = __LINE__, b.lock();
      t2_waits = __LINE__, a.lock();
      a.unlock();
      b.unlock();
    });
    t1.join();
    t2.join();
  });
  ASSERT_FALSE(report.ok());
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  const std::string& message = report.failure->message;
  const std::string file = "locks_test.cpp:";
  EXPECT_NE(message.find("thread 1 waits to lock b at " + file + std::to_string(t1_waits) +
                         ", held by thread 2 (locked at " + file + std::to_string(t2_holds) + ")"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("thread 2 waits to lock a at " + file + std::to_string(t2_waits) +
                         ", held by thread 1 (locked at " + file + std::to_string(t1_holds) + ")"),
            std::string::npos)
      << message;
  EXPECT_EQ(report.failure->line, static_cast<std::uint32_t>(t1_waits));
}

// std::scoped_lock of several model mutexes takes them in one fixed order (their creation), so
// arguments in opposite orders never deadlock: the executions are the orders of the three
// critical sections (3! = 6). A deadlock inside one names the scoped_lock's line.
TEST(ModelMutex, ScopedLockOfSeveralMutexesNeverDeadlocks) {
  const Report report = check([] {
    mutex a{"a"};
    mutex b{"b"};
    mutex c{"c"};
    cell<int> counter{0, "counter"};
    thread t([&] {
      const std::scoped_lock lock(a, b, c);
      counter.set(counter.get() + 1);
    });
    thread u([&] {
      const std::scoped_lock lock(c, a);
      counter.set(counter.get() + 1);
    });
    {
      const std::scoped_lock lock(b, a);
      counter.set(counter.get() + 1);
    }
    t.join();
    u.join();
    WEFT_ASSERT(counter.get() == 3);
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 6U) << report;

  int scoped_line = 0;
  const Report stuck = check([&] {
    mutex a{"a"};
    mutex b{"b"};
    b.lock();  // never unlocked
    thread t([&] {
      scoped_line = __LINE__ + 1;
      const std::scoped_lock lock(a, b);
    });
    t.join();
  });
  ASSERT_TRUE(stuck.failure.has_value()) << stuck;
  EXPECT_EQ(stuck.failure->kind, FailureKind::deadlock) << stuck;
  EXPECT_EQ(stuck.failure->line, static_cast<std::uint32_t>(scoped_line)) << stuck;
  EXPECT_NE(stuck.failure->message.find("waits to lock b"), std::string::npos) << stuck;
}

TEST(ModelMutex, MisuseIsReported) {
  const Report unlock_unheld = check([] {
    mutex m{"m"};
    m.unlock();
  });
  ASSERT_TRUE(unlock_unheld.failure.has_value());
  EXPECT_EQ(unlock_unheld.failure->kind, FailureKind::misuse);
  EXPECT_NE(unlock_unheld.failure->message.find("thread 0 unlocks mutex m, which it does not hold"),
            std::string::npos)
      << unlock_unheld;

  const Report relock = check([] {
    mutex m{"m"};
    m.lock();
    m.lock();
  });
  ASSERT_TRUE(relock.failure.has_value());
  EXPECT_EQ(relock.failure->kind, FailureKind::misuse);
  EXPECT_NE(relock.failure->message.find("which it holds already"), std::string::npos) << relock;
}

// A bounded buffer of `capacity` items: producers wait while it is full, the consumer while it
// is empty. `loop_around_wait` false: the classic bug of waiting under `if`.
void bounded_buffer(int producers, int items_each, std::size_t capacity, bool loop_around_wait) {
  mutex m{"m"};
  condition_variable not_full{"not_full"};
  condition_variable not_empty{"not_empty"};
  std::deque<int> buffer;  // plain memory, guarded by m
  auto wait_until = [&](condition_variable& cv, std::unique_lock<mutex>& lock, auto ready) {
    if (loop_around_wait) {
      cv.wait(lock, ready);
    } else if (!ready()) {
      cv.wait(lock);
    }
  };
  std::vector<thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      for (int i = 0; i < items_each; ++i) {
        std::unique_lock<mutex> lock(m);
        wait_until(not_full, lock, [&] { return buffer.size() < capacity; });
        WEFT_ASSERT_MSG(buffer.size() < capacity, "a producer adds to a full buffer");
        buffer.push_back(p * 100 + i);
        not_empty.notify_one();
      }
    });
  }
  std::vector<int> next(static_cast<std::size_t>(producers), 0);  // per producer, in order
  for (int n = 0; n < producers * items_each; ++n) {
    std::unique_lock<mutex> lock(m);
    wait_until(not_empty, lock, [&] { return !buffer.empty(); });
    WEFT_ASSERT_MSG(!buffer.empty(), "the consumer takes from an empty buffer");
    const int item = buffer.front();
    buffer.pop_front();
    not_full.notify_one();
    auto& expected = next[static_cast<std::size_t>(item / 100)];
    WEFT_ASSERT_MSG(item % 100 == expected, "items of one producer arrive in order");
    ++expected;
  }
  for (thread& t : threads) {
    t.join();
  }
}

// Small sizes with spurious wake-ups (BufferOfTwoWithTwoProducersOfThreeItemsIsCorrect below
// is the large one, without them).
TEST(ModelConditionVariable, BoundedBufferIsCorrect) {
  struct Size {
    int producers;
    int items;
    std::size_t capacity;
  };
  // With spurious wake-ups 3 x 1 over a buffer of 1 is 21,312 executions (about 2 s in
  // Release; 384 without them): that size runs without them here.
  for (const Size size : {Size{2, 1, 1}, Size{1, 3, 2}, Size{3, 1, 1}}) {
    Options options;
    options.spurious_wakeups = size.producers < 3;
    const Report report =
        check([size] { bounded_buffer(size.producers, size.items, size.capacity, true); }, options);
    EXPECT_TRUE(report.ok()) << size.producers << " x " << size.items << ", capacity "
                             << size.capacity << ": " << report;
    EXPECT_GT(report.executions, 0U);
  }
}

TEST(ModelConditionVariable, WaitUnderIfFails) {
  // Producer 1 waits on a full buffer; the consumer takes an item and notifies it; producer 3
  // takes the lock first and fills the slot, and producer 1, not checking again, adds to a
  // full buffer. The consumer waits under `if` too: it may take from an empty buffer the same
  // way (which of the two is found first depends on the search order).
  const Report report = check([] { bounded_buffer(3, 1, 1, false); });
  ASSERT_FALSE(report.ok());
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::assertion) << report;
  const std::string& message = report.failure->message;
  EXPECT_TRUE(message.find("a producer adds to a full buffer") != std::string::npos ||
              message.find("the consumer takes from an empty buffer") != std::string::npos)
      << report;
}

TEST(ModelConditionVariable, NotifyBeforeWaitIsNotLost) {
  // The flag is set and notified before the waiter may even sleep: the predicate (read under
  // the lock) and the wait that blocks as it unlocks make every order finish.
  const Report report = check([] {
    mutex m{"m"};
    condition_variable cv{"cv"};
    bool ready = false;  // plain memory, guarded by m
    thread t([&] {
      {
        const std::lock_guard<mutex> guard(m);
        ready = true;
      }
      cv.notify_one();
    });
    {
      std::unique_lock<mutex> lock(m);
      cv.wait(lock, [&] { return ready; });
    }
    t.join();
  });
  EXPECT_TRUE(report.ok()) << report;
}

TEST(ModelConditionVariable, MissingNotifyIsADeadlockAtTheWait) {
  int wait_line = 0;
  const Report report = check([&] {
    mutex m{"m"};
    condition_variable cv{"cv"};
    bool ready = false;
    thread t([&] {
      const std::lock_guard<mutex> guard(m);
      ready = true;  // forgets to notify
    });
    {
      std::unique_lock<mutex> lock(m);
      while (!ready) {
        wait_line = __LINE__, cv.wait(lock);
      }
    }
    t.join();
  });
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_EQ(report.failure->line, static_cast<std::uint32_t>(wait_line)) << report;
}

TEST(ModelSharedMutex, ReadersShareWritersExclude) {
  const Report report = check([] {
    shared_mutex rw{"rw"};
    cell<int> value{0, "value"};
    auto reader = [&] {
      const std::shared_lock<shared_mutex> lock(rw);
      const int v = value.get();
      WEFT_ASSERT(v == 0 || v == 2);
    };
    thread r1(reader);
    thread r2(reader);
    thread w([&] {
      const std::lock_guard<shared_mutex> lock(rw);
      value.set(1);
      value.set(2);  // readers never see the intermediate 1
    });
    r1.join();
    r2.join();
    w.join();
    WEFT_ASSERT(value.get() == 2);
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_GT(report.executions, 0U);
}

TEST(ModelSharedMutex, WritingUnderASharedLockRaces) {
  const Report report = check([] {
    shared_mutex rw{"rw"};
    cell<int> value{0, "value"};
    auto writer = [&] {
      const std::shared_lock<shared_mutex> lock(rw);  // the bug: shared, not exclusive
      value.set(value.get() + 1);
    };
    thread a(writer);
    thread b(writer);
    a.join();
    b.join();
  });
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::data_race) << report;
}

// loom tests/rwlock.rs: rwlock_read_one and rwlock_two_writers, on the data-owning RwLock.
TEST(ModelRwLock, ReadersSeeEveryWriteWhole) {
  const Report report = check([] {
    auto lock = std::make_shared<RwLock<std::vector<int>>>(std::in_place, "rw");
    thread writer1([lock] { lock->write()->push_back(1); });
    thread writer2([lock] { lock->write()->push_back(2); });
    thread reader([lock] {
      const auto guard = lock->read();
      WEFT_ASSERT(guard->size() <= 2);
      WEFT_ASSERT(guard->empty() || guard->front() == 1 || guard->front() == 2);
    });
    writer1.join();
    writer2.join();
    reader.join();
    WEFT_ASSERT(lock->read()->size() == 2);
  });
  EXPECT_TRUE(report.ok()) << report;
  // The writers lock in either order (2). The reader's lock_shared() is a load of the word and
  // a compare-exchange: each falls before both writers' critical sections, between them, or
  // after both, the load no later than the compare-exchange (a writer may take and release the
  // lock between them: the compare-exchange still finds 0): 6 ways. 2 x 6.
  EXPECT_EQ(report.executions, 12U) << report;
}

TEST(ModelRwLock, WriterWaitingForAReaderThatNeverLeavesDeadlocks) {
  const Report report = check([] {
    RwLock<int> lock{std::in_place, "rw", 0};
    auto reading = lock.read();
    thread t([&] { *lock.write() = 1; });
    t.join();  // the read guard is still held: the writer waits for ever
  });
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_NE(report.failure->message.find("thread 1 waits to lock rw"), std::string::npos) << report;
}

// The standard allows spurious wake-ups, so waiting under `if` is a bug even with one producer
// and one consumer: the consumer wakes without a notify and takes from an empty buffer. Without
// spurious wake-ups (Options::spurious_wakeups off, as loom) the same code passes.
TEST(ModelConditionVariable, WaitUnderIfFailsByASpuriousWakeUp) {
  auto body = [] { bounded_buffer(1, 1, 1, false); };
  const Report report = check(body);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::assertion) << report;
  EXPECT_NE(report.failure->message.find("the consumer takes from an empty buffer"),
            std::string::npos)
      << report;
  EXPECT_NE(report.failure->trace.find("spurious wake-up: yes"), std::string::npos) << report;
  Options replay;
  replay.replay = report.failure->replay;
  const Report again = check(body, replay);
  ASSERT_TRUE(again.failure.has_value()) << again;
  EXPECT_EQ(again.failure->trace, report.failure->trace);

  Options no_spurious;
  no_spurious.spurious_wakeups = false;
  const Report loom_like = check(body, no_spurious);
  EXPECT_TRUE(loom_like.ok()) << loom_like;
}

// wait_for with a predicate returns false only when it timed out before the flag was set; both
// outcomes are explored, and the flag is always seen by a wait that returns true.
TEST(ModelConditionVariable, WaitForTimesOutOrSeesTheFlag) {
  bool saw_true = false;
  bool saw_false = false;
  const Report report = check([&] {
    mutex m{"m"};
    condition_variable cv{"cv"};
    bool ready = false;  // guarded by m
    thread setter([&] {
      {
        const std::lock_guard<mutex> guard(m);
        ready = true;
      }
      cv.notify_one();
    });
    std::unique_lock<mutex> lock(m);
    const bool got = cv.wait_for(lock, std::chrono::milliseconds(10), [&] { return ready; });
    WEFT_ASSERT(got == ready);
    (got ? saw_true : saw_false) = true;
    lock.unlock();
    setter.join();
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_TRUE(saw_true);
  EXPECT_TRUE(saw_false);
}

// A thread that waits for a notify nobody sends deadlocks with wait(), and goes on with
// wait_for(), which times out.
TEST(ModelConditionVariable, WaitForDoesNotDeadlockWhereWaitDoes) {
  auto body = [](bool timed) {
    return [timed] {
      mutex m{"m"};
      condition_variable cv{"cv"};
      std::unique_lock<mutex> lock(m);
      if (timed) {
        WEFT_ASSERT(cv.wait_for(lock, std::chrono::seconds(1)) == std::cv_status::timeout);
      } else {
        cv.wait(lock);
      }
    };
  };
  Options no_spurious;
  no_spurious.spurious_wakeups = false;
  const Report waits = check(body(false), no_spurious);
  ASSERT_TRUE(waits.failure.has_value()) << waits;
  EXPECT_EQ(waits.failure->kind, FailureKind::deadlock) << waits;
  const Report times_out = check(body(true), no_spurious);
  ASSERT_TRUE(times_out.failure.has_value()) << times_out;  // the execution that sleeps: deadlock
  EXPECT_EQ(times_out.failure->kind, FailureKind::deadlock) << times_out;
  Options count_all = no_spurious;
  count_all.stop_at_first_failure = false;
  const Report both = check(body(true), count_all);
  EXPECT_EQ(both.executions, 1U) << both;         // the time-out
  EXPECT_EQ(both.failed_executions, 1U) << both;  // sleeping for ever
}

// Exhaustively, 2 producers and 1 consumer of 3 items each over a buffer of 2 (two condition
// variables, notify_one under the lock): 131,760 executions, about 20 s in a Release build,
// without spurious wake-ups (with them it is too big to explore; the smaller sizes of
// BoundedBufferIsCorrect and WaitUnderIfFailsByASpuriousWakeUp cover them). Release builds only.
TEST(ModelConditionVariable, BufferOfTwoWithTwoProducersOfThreeItemsIsCorrect) {
  if (!testing::kRunsLargeChecks) {
    GTEST_SKIP() << "about 20 s in Release: " << testing::kLargeCheckSkipped;
  }
  Options options;
  options.spurious_wakeups = false;
  const Report report = check([] { bounded_buffer(2, 3, 2, true); }, options);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 131'760U) << report;
}

// One condition variable for both conditions and notify_one: a producer's notify may wake the
// other producer instead of the consumer, and then all three wait for ever (the classic reason
// for notify_all, or for two condition variables). notify_one wakes exactly one waiter, so the
// checker finds it; with notify_all every execution finishes.
template <bool kNotifyAll>
void shared_condition_buffer() {
  mutex m{"m"};
  condition_variable changed{"changed"};
  int size = 0;  // guarded by m
  auto notify = [&] {
    if (kNotifyAll) {
      changed.notify_all();
    } else {
      changed.notify_one();
    }
  };
  auto produce = [&] {
    for (int i = 0; i < 2; ++i) {
      std::unique_lock<mutex> lock(m);
      changed.wait(lock, [&] { return size < 1; });
      ++size;
      notify();
    }
  };
  thread p1(produce);
  thread p2(produce);
  for (int i = 0; i < 4; ++i) {
    std::unique_lock<mutex> lock(m);
    changed.wait(lock, [&] { return size > 0; });
    --size;
    notify();
  }
  p1.join();
  p2.join();
}

TEST(ModelConditionVariable, NotifyOneWakingTheWrongWaiterDeadlocks) {
  Options options;
  options.spurious_wakeups = false;
  const Report one = check(shared_condition_buffer<false>, options);
  ASSERT_TRUE(one.failure.has_value()) << one;
  EXPECT_EQ(one.failure->kind, FailureKind::deadlock) << one;
  EXPECT_NE(one.failure->message.find("waits on changed"), std::string::npos) << one;
  EXPECT_NE(one.failure->message.find("no notify wakes it"), std::string::npos) << one;
  EXPECT_NE(one.failure->trace.find("notify_one picks the later of two waiters"), std::string::npos)
      << one;

  const Report all = check(shared_condition_buffer<true>, options);
  EXPECT_TRUE(all.ok()) << all;
}

// The behaviours of condition_variable against a futex-built one (testing::
// futex_condition_variable, over atomic wait/notify): the order in which threads take the
// mutex and return from waits, over bounded buffers with notify_one or notify_all, called
// under the lock or after unlocking, with one condition variable or two. Without spurious
// wake-ups condition_variable has no behaviour the futex one lacks, and every behaviour of the
// futex one (whose extra wake-ups the standard calls spurious) is one of condition_variable's
// with them; with spurious wake-ups on both, condition_variable has none the futex one lacks
// (its bound on spurious wake-ups is the stricter).
struct BufferShape {
  int producers;
  int items;
  int capacity;
  bool notify_all;
  bool notify_after_unlock;
  bool two_variables;
};

template <class ConditionVariable>
std::set<std::string> lock_orders(const BufferShape& shape, bool spurious) {
  std::set<std::string> orders;
  Options options;
  options.spurious_wakeups = spurious;
  options.stop_at_first_failure = false;  // a deadlock is a behaviour too: keep exploring
  const Report report = check(
      [&] {
        mutex m{"m"};
        ConditionVariable first{"first"};
        ConditionVariable second{"second"};
        ConditionVariable& not_full = first;
        ConditionVariable& not_empty = shape.two_variables ? second : first;
        int size = 0;
        std::string order;  // lower case: takes the mutex; upper case: returns from a wait
        auto notify = [&](ConditionVariable& cv, std::unique_lock<mutex>& lock) {
          if (shape.notify_after_unlock) {
            lock.unlock();
          }
          if (shape.notify_all) {
            cv.notify_all();
          } else {
            cv.notify_one();
          }
        };
        std::vector<thread> producers;
        for (int p = 0; p < shape.producers; ++p) {
          producers.emplace_back([&, p] {
            for (int i = 0; i < shape.items; ++i) {
              std::unique_lock<mutex> lock(m);
              order += static_cast<char>('a' + p);
              while (size == shape.capacity) {
                not_full.wait(lock);
                order += static_cast<char>('A' + p);
              }
              ++size;
              notify(not_empty, lock);
            }
          });
        }
        for (int i = 0; i < shape.producers * shape.items; ++i) {
          std::unique_lock<mutex> lock(m);
          order += 'z';
          while (size == 0) {
            not_empty.wait(lock);
            order += 'Z';
          }
          --size;
          notify(not_full, lock);
        }
        for (thread& t : producers) {
          t.join();
        }
        orders.insert(order);
      },
      options);
  EXPECT_FALSE(report.failure && report.failure->kind != FailureKind::deadlock) << report;
  return orders;
}

bool includes(const std::set<std::string>& big, const std::set<std::string>& small) {
  return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

// The futex-built variable explores many more runs: instrumented builds (~10x slower) compare
// the first two sizes only (6 s in Release for all four).
constexpr int kBufferSizesCompared = testing::kRunsLargeChecks ? 4 : 2;

TEST(ModelConditionVariable, BehavesAsAFutexBuiltOneWithoutItsExtraWakeUps) {
  using testing::futex_condition_variable;
  const std::tuple<int, int, int> sizes[] = {{1, 2, 1}, {2, 1, 2}, {2, 1, 1}, {1, 3, 2}};
  int shapes = 0;
  for (int size = 0; size < kBufferSizesCompared; ++size) {
    const auto [producers, items, capacity] = sizes[size];
    for (int variant = 0; variant < 8; ++variant) {
      const BufferShape shape{
          producers, items, capacity, (variant & 1) != 0, (variant & 2) != 0, (variant & 4) != 0};
      const auto ours = lock_orders<condition_variable>(shape, false);
      const auto futex = lock_orders<futex_condition_variable>(shape, false);
      const auto ours_spurious = lock_orders<condition_variable>(shape, true);
      const auto futex_spurious = lock_orders<futex_condition_variable>(shape, true);
      const std::string name =
          fmt::format("{} x {} over {}, variant {}", producers, items, capacity, variant);
      EXPECT_FALSE(ours.empty()) << name;
      EXPECT_TRUE(includes(futex, ours)) << name;
      EXPECT_TRUE(includes(ours_spurious, futex)) << name;
      EXPECT_TRUE(includes(futex_spurious, ours_spurious)) << name;
      ++shapes;
    }
  }
  EXPECT_EQ(shapes, 8 * kBufferSizesCompared);
}

// Exact counts of small buffers (two condition variables, notify_one under the lock): the
// executions are the lock orders and wake-ups, each once.
TEST(ModelConditionVariable, SmallBuffersCountEachExecutionOnce) {
  Options options;
  options.spurious_wakeups = false;
  EXPECT_EQ(check([] { bounded_buffer(1, 1, 1, true); }, options).executions, 2U);
  EXPECT_EQ(check([] { bounded_buffer(2, 1, 1, true); }, options).executions, 16U);
  EXPECT_EQ(check([] { bounded_buffer(1, 3, 2, true); }, options).executions, 24U);
  EXPECT_EQ(check([] { bounded_buffer(3, 1, 1, true); }, options).executions, 384U);
}

}  // namespace
}  // namespace weft::model
