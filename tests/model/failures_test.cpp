// Failures are reported as such, with the right kind and what the user needs to find the bug,
// and never crash or hang the test process (acceptance 3, 4 and 6).

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "weft/model.hpp"

namespace weft::model {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Two threads each take two mutexes, the main thread in the given order.
Report two_mutexes(bool opposite_order) {
  return check([opposite_order] {
    Mutex<int> a{0};
    Mutex<int> b{0};
    thread t([&] {
      auto ga = a.lock();
      auto gb = b.lock();
    });
    {
      Mutex<int>& first = opposite_order ? b : a;
      Mutex<int>& second = opposite_order ? a : b;
      auto g1 = first.lock();
      auto g2 = second.lock();
    }
    t.join();
  });
}

TEST(Failures, OppositeLockOrderDeadlocks) {
  const Report report = two_mutexes(/*opposite_order=*/true);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(contains(report.failure->message, "thread 0 waits")) << report.failure->message;
  EXPECT_TRUE(contains(report.failure->message, "thread 1 waits")) << report.failure->message;
}

TEST(Failures, SameLockOrderDoesNotDeadlock) {
  const Report report = two_mutexes(/*opposite_order=*/false);
  EXPECT_TRUE(report.ok()) << report;
}

TEST(Failures, UnsynchronizedCellWritesRace) {
  int line_a = 0;
  int line_b = 0;
  const Report report = check([&] {
    cell<int> shared{0, "shared"};
    thread t([&] { line_a = __LINE__, shared.set(1); });
    line_b = __LINE__, shared.set(2);
    t.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::data_race);
  const std::string& m = report.failure->message;
  EXPECT_TRUE(contains(m, "shared")) << m;
  EXPECT_TRUE(contains(m, "thread 0's write")) << m;
  EXPECT_TRUE(contains(m, "thread 1's write")) << m;
  EXPECT_TRUE(contains(m, "failures_test.cpp:" + std::to_string(line_a))) << m;
  EXPECT_TRUE(contains(m, "failures_test.cpp:" + std::to_string(line_b))) << m;
}

TEST(Failures, JoinOrdersCellAccesses) {
  const Report report = check([] {
    cell<int> shared{0, "shared"};
    thread t([&] { shared.set(1); });
    t.join();
    shared.set(shared.get() + 1);
    WEFT_ASSERT(shared.get() == 2);
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U);
}

TEST(Failures, ExceptionInThreadIsReported) {
  const Report report = check([] {
    thread t([] { throw std::runtime_error("boom"); });
    t.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::exception);
  EXPECT_TRUE(contains(report.failure->message, "boom"));
}

TEST(Failures, ExceptionFromBodyIsReported) {
  const Report report = check([] {
    atomic<int> x{0};
    x.store(1);
    throw 42;
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::exception);
}

TEST(Failures, LoopWithoutSpinMarkerHitsTheEventLimit) {
  Options options;
  options.max_events = 1000;
  const Report report = check(
      [] {
        atomic<int> flag{0, "flag"};
        while (flag.load() == 0) {
        }
      },
      options);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::event_limit);
  // The trace shows its first and last 40 events, not all 1,000.
  const std::string& trace = report.failure->trace;
  EXPECT_TRUE(contains(trace, "load(seq_cst) flag"));
  EXPECT_TRUE(contains(trace, "events not shown")) << trace;
  EXPECT_LT(std::count(trace.begin(), trace.end(), '\n'), 90) << trace;
  EXPECT_TRUE(contains(trace, "  1000  thread 0")) << trace;
}

TEST(Failures, SpinLoopThatCanNeverEndIsALivenessFailure) {
  const Report report = check([] {
    atomic<int> flag{0, "flag"};
    thread t([&] {
      while (flag.load() == 0) {
        spin_loop();
      }
    });
    t.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::liveness);
  EXPECT_TRUE(contains(report.failure->message, "thread 1 spins")) << report.failure->message;
}

TEST(Failures, SpinLoopReleasedByAnotherThreadIsVerified) {
  const Report report = check([] {
    atomic<int> flag{0, "flag"};
    cell<int> data{0, "data"};
    thread t([&] {
      while (flag.load(std::memory_order_acquire) == 0) {
        spin_loop();
      }
      WEFT_ASSERT(data.get() == 42);
    });
    data.set(42);
    flag.store(1, std::memory_order_release);
    t.join();
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U);
  // The flag's load reading the initial value is an alternative that can never be revisited:
  // that execution stays blocked in every extension, so it is abandoned, not counted.
  EXPECT_EQ(report.blocked, 0U);
}

TEST(Failures, WaitWithoutNotifyIsALostWakeup) {
  const Report report = check([] {
    atomic<int> flag{0, "flag"};
    thread t([&] { flag.wait(0); });
    flag.store(1);  // forgot notify_one()
    t.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock);
  EXPECT_TRUE(contains(report.failure->message, "no notify")) << report.failure->message;
}

// A failure in the body's thread abandons the execution while a thread it started is still
// blocked. The threads unwind latest started first: the child's objects, which may refer to
// objects in the body's frame (a std::unique_lock on the body's mutex), are destroyed before
// the body's. (The body used to unwind at once, so the child's destructors ran on a dead
// frame: under ThreadSanitizer a std::unique_lock unlocked garbage.)
TEST(Failures, AbandonedThreadsUnwindChildrenFirst) {
  std::vector<std::string> destroyed;
  struct Noted {
    std::vector<std::string>* log;
    const char* name;
    ~Noted() { log->push_back(name); }
  };
  const Report report = check([&] {
    destroyed.clear();
    const Noted body_object{&destroyed, "body"};
    atomic<int> started{0, "started"};
    atomic<int> go{0, "go"};
    thread child([&] {
      const Noted child_object{&destroyed, "child"};
      started.store(1);
      spin_until([&] { return go.load() == 1; });
    });
    spin_until([&] { return started.load() == 1; });
    WEFT_ASSERT_MSG(false, "the body fails while its child waits");
    go.store(1);
    child.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::assertion) << report;
  EXPECT_EQ(destroyed, (std::vector<std::string>{"child", "body"}));
}

// Objects alive on the stacks of threads torn down with an abandoned run (blocked, moot).
struct LiveCount {
  int* live;
  explicit LiveCount(int* count) : live(count) { ++*live; }
  LiveCount(const LiveCount&) = delete;
  LiveCount& operator=(const LiveCount&) = delete;
  ~LiveCount() { --*live; }
};

// A child that waits in a spin loop of two reads (never revisited in place, so its blocked
// runs are torn down) inside `waiting`, while the body stores both values: one complete
// execution (the loop's last iteration reads both 1s), and blocked or moot runs on the way.
// `waiting(wait)` runs the child's wait (`wait()`) in whatever context the test builds; the
// body keeps a LiveCount on `live` too.
template <typename Waiting>
Report checked_teardowns(int* live, Waiting waiting) {
  const Report report = check([&] {
    const LiveCount body_object{live};
    atomic<int> a{0, "a"};
    atomic<int> b{0, "b"};
    thread child([&] {
      waiting([&] { spin_until([&] { return a.load() == 1 && b.load() == 1; }); });
      (void)b.load();
    });
    a.store(1);
    b.store(1);
    child.join();
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U) << report;
  EXPECT_GT(report.blocked + report.moot, 0U) << report;
  return report;
}

// The teardown passes through a try block that catches everything: it is not an exception of
// the body's (none is reported), a catch (...) that rethrows or swallows it does not stop it
// (the thread's next operation unwinds it again), and every destructor runs.
TEST(Failures, TeardownOfBlockedThreadsPassesThroughCatchBlocks) {
  for (const bool rethrow : {true, false}) {
    int live = 0;
    int caught = 0;
    checked_teardowns(&live, [&](auto wait) {
      const LiveCount child_object{&live};
      try {
        const LiveCount inner_object{&live};
        wait();
      } catch (...) {
        ++caught;
        if (rethrow) {
          throw;
        }
      }
      const LiveCount after_object{&live};
    });
    EXPECT_GT(caught, 0) << "rethrow: " << rethrow;
    EXPECT_EQ(live, 0) << "rethrow: " << rethrow;
  }
}

// A thread blocked inside a catch handler (an exception of the body's being handled) is torn
// down too, with its handled exception left to the C++ runtime.
TEST(Failures, TeardownOfAThreadBlockedInACatchHandler) {
  int live = 0;
  checked_teardowns(&live, [&](auto wait) {
    try {
      throw std::runtime_error("handled by the body");
    } catch (const std::runtime_error&) {
      const LiveCount in_handler{&live};
      wait();
    }
  });
  EXPECT_EQ(live, 0);
}

TEST(Failures, JoinableThreadDestroyedIsReported) {
  const Report report = check([] { thread t([] {}); });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::thread_not_joined);
}

TEST(Failures, NondeterministicBodyIsMisuse) {
  int run = 0;
  const Report report = check([&] {
    atomic<int> x{0};
    thread t([&] { x.store(1); });
    if (++run % 2 == 0) {
      x.store(2);  // a different operation than in the first run
    } else {
      (void)x.load();
    }
    t.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::misuse);
  EXPECT_TRUE(contains(report.failure->message, "not deterministic"));
}

TEST(Failures, ModelObjectOutsideCheckThrows) {
  EXPECT_THROW(atomic<int>{0}, std::logic_error);
}

TEST(Failures, BoundIsAVerdictNotAPass) {
  // Designated initializers name only what they set (and compile warning-free with -Wextra).
  const Options options{.max_executions = 3};
  const Report report = check(
      [] {
        atomic<int> x{0};
        thread a([&] { x.fetch_add(1); });
        thread b([&] { x.fetch_add(1); });
        x.fetch_add(1);
        a.join();
        b.join();
      },
      options);
  EXPECT_EQ(report.verdict, Verdict::bound_reached);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.executions, 3U);
}

}  // namespace
}  // namespace weft::model
