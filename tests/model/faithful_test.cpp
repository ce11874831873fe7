// The checker on the programs that exposed its false verdicts: lost wake-ups a revisit hid,
// liveness failures behind a pre-loop read (spin_until), heap pointers that differ between
// re-runs; and the messages and replay strings a user acts on. Each failure's replay string must
// reproduce it. (Plain memory: tests/model/real_code_test.cpp.)

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "replay_check.hpp"
#include "weft/model.hpp"

namespace weft::model {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using test::expect_replay_reproduces;

TEST(Faithful, LostWakeUpBehindADeletedNotifyAllIsADeadlock) {
  // T3's notify_one can wake T1 while T2 sleeps for ever. The notify_all that T2 issues first
  // must not keep the revisit that gives T1 that wake-up from being explored.
  auto body = [] {
    atomic<int> x{0, "x"};
    thread t1([&] {
      x.fetch_add(1);
      x.wait(1);
    });
    thread t2([&] {
      x.notify_all();
      x.wait(0);
      x.notify_all();
    });
    thread t3([&] {
      x.store(2);
      x.notify_one();
      x.wait(1);
    });
    t1.join();
    t2.join();
    t3.join();
  };
  const Report report = check(body);
  ASSERT_EQ(report.verdict, Verdict::failed) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(contains(report.failure->message, "thread 2 waits on x")) << report;
  EXPECT_TRUE(contains(report.failure->trace, "[asleep: no notify wakes it]")) << report;
  expect_replay_reproduces(body, report);
}

TEST(Faithful, SpinUntilAfterAPreLoopReadIsALivenessFailure) {
  auto body = [] {
    atomic<int> flag{0, "flag"};
    atomic<int> lock{0, "lock"};
    thread t([&] {
      if (flag.load() == 0) {
        spin_until([&] {
          int expected = 0;
          return lock.compare_exchange_strong(expected, 1);
        });
      }
    });
    lock.store(1);
    flag.store(1);
    t.join();
  };
  const Report report = check(body);
  ASSERT_EQ(report.verdict, Verdict::failed) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::liveness) << report;
  EXPECT_TRUE(contains(report.failure->message, "thread 1 spins")) << report;
  EXPECT_TRUE(contains(report.failure->file, "faithful_test.cpp")) << report;  // spin_until
  expect_replay_reproduces(body, report);
}

TEST(Faithful, SpinUntilReleasedByAnotherThreadIsVerified) {
  const Report report = check([] {
    atomic<int> flag{0, "flag"};
    int data = 0;
    thread t([&] {
      spin_until([&] { return flag.load(std::memory_order_acquire) == 1; });
      WEFT_ASSERT(data == 42);
    });
    data = 42;
    flag.store(1, std::memory_order_release);
    t.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U);
}

struct Node {
  int value;
  Node* next;
};

// Two threads push nodes from the heap with a compare-exchange loop (or, seeded bug, a plain
// store); main pops everything after the joins. The nodes are owned by `nodes`, so the one the
// bug loses is freed too.
Report treiber_push_twice(bool store_instead_of_cas, const Options& options = {}) {
  return check(
      [store_instead_of_cas] {
        atomic<Node*> head{nullptr, "head"};
        std::vector<std::unique_ptr<Node>> nodes(2);
        auto push = [&](int value) {
          nodes[static_cast<std::size_t>(value - 1)] =
              std::make_unique<Node>(Node{value, head.load()});
          Node* node = nodes[static_cast<std::size_t>(value - 1)].get();
          if (store_instead_of_cas) {
            head.store(node);
            return;
          }
          while (!head.compare_exchange_weak(node->next, node)) {
          }
        };
        thread a([&] { push(1); });
        thread b([&] { push(2); });
        a.join();
        b.join();
        int sum = 0;
        for (Node* n = head.load(); n != nullptr; n = n->next) {
          sum += n->value;
        }
        WEFT_ASSERT_MSG(sum == 3, "a pushed node was lost");
      },
      options);
}

// 4 graphs, as AtomicSmallStruct's load and compare-exchange loop (atomic_types_test.cpp); 24
// when each compare_exchange_weak that finds its expected value may also fail spuriously.
TEST(Faithful, HeapPointersFollowTheirWrites) {
  const Report report = treiber_push_twice(false);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 24U);
  Options never_spurious;
  never_spurious.spurious_cas_failures = false;
  const Report strict = treiber_push_twice(false, never_spurious);
  EXPECT_EQ(strict.verdict, Verdict::ok) << strict;
  EXPECT_EQ(strict.executions, 4U);
  const Report lost = treiber_push_twice(true);
  ASSERT_EQ(lost.verdict, Verdict::failed) << lost;
  EXPECT_EQ(lost.failure->kind, FailureKind::assertion) << lost;
  EXPECT_TRUE(contains(lost.failure->message, "lost")) << lost;
}

TEST(Faithful, ADifferentCompareExchangeOutcomeIsStillMisuse) {
  // Pointer values are taken from the run, but a re-run whose compare-exchange changes outcome
  // with the same reads is a body that depends on something else.
  int run = 0;
  const Report report = check([&] {
    int cells[2] = {0, 0};
    atomic<int*> p{&cells[0], "p"};
    thread t([&] { p.store(&cells[1]); });
    int* expected = ++run == 1 ? &cells[0] : &cells[1];
    p.compare_exchange_strong(expected, nullptr);
    t.join();
  });
  ASSERT_EQ(report.verdict, Verdict::failed) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::misuse) << report;
  EXPECT_TRUE(contains(report.failure->message, "not deterministic")) << report;
}

TEST(Faithful, ReplayStringOfAnotherBodyIsNamed) {
  auto racy = [] {
    cell<int> c{0, "c"};
    thread t([&] { c.set(1); });
    c.set(2);
    t.join();
  };
  const Report report = check(racy);
  ASSERT_TRUE(report.failure.has_value()) << report;
  // The string names the model (sc@ or rc11@) and the body.
  EXPECT_TRUE(report.failure->replay.starts_with("sc@") ||
              report.failure->replay.starts_with("rc11@"))
      << report.failure->replay;
  // Given explicitly to another body: misuse that says so.
  Options options;
  options.replay = report.failure->replay;
  const Report other = check([] {}, options);
  ASSERT_TRUE(other.failure.has_value()) << other;
  EXPECT_EQ(other.failure->kind, FailureKind::misuse);
  EXPECT_TRUE(contains(other.failure->message, "another check body")) << other;
  // Through WEFT_REPLAY: other checks are skipped, the one that printed it replays.
  ::setenv("WEFT_REPLAY", report.failure->replay.c_str(), 1);
  const Report skipped = check([] {});
  const Report replayed = check(racy);
  ::unsetenv("WEFT_REPLAY");
  EXPECT_EQ(skipped.verdict, Verdict::ok);
  EXPECT_EQ(skipped.executions, 0U);
  ASSERT_TRUE(replayed.failure.has_value()) << replayed;
  EXPECT_EQ(replayed.failure->trace, report.failure->trace);
}

TEST(Faithful, ModelObjectFromAStdThreadIsNamed) {
  std::string message;
  const Report report = check([&] {
    atomic<int> x{0, "x"};
    std::thread os_thread([&] {
      try {
        x.store(1);
      } catch (const std::logic_error& e) {
        message = e.what();
      }
    });
    os_thread.join();
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_TRUE(contains(message, "not a weft::model::thread")) << message;
}

}  // namespace
}  // namespace weft::model
