// The Treiber stack (treiber_stack.hpp) under the checker: two pushing threads, one popper,
// every value popped exactly once; and the seeded bug, a push without the CAS, loses a node.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "expect_failure.hpp"
#include "treiber_stack.hpp"
#include "weft/model.hpp"

namespace weft::model::real_code {
namespace {

// Pops until the stack is empty, appending the values to `out`.
void drain(TreiberStack<int>& stack, std::vector<int>& out) {
  while (const std::optional<int> value = stack.pop()) {
    out.push_back(*value);
  }
}

bool is_one_and_two(std::vector<int> values) {
  std::sort(values.begin(), values.end());
  return values == std::vector<int>{1, 2};
}

// Two threads push 1 and 2; the main thread pops both after joining them.
void two_pushers_then_pop_after_join() {
  TreiberStack<int> stack;
  thread a([&] { stack.push(1); });
  thread b([&] { stack.push(2); });
  a.join();
  b.join();
  std::vector<int> popped;
  drain(stack, popped);
  WEFT_ASSERT_MSG(is_one_and_two(popped), "popped values are not {1, 2}");
}

// The main thread pops once while the two threads push, then the rest after joining them.
void pop_concurrent_with_two_pushers() {
  TreiberStack<int> stack;
  thread a([&] { stack.push(1); });
  thread b([&] { stack.push(2); });
  std::vector<int> popped;
  if (const std::optional<int> early = stack.pop()) {
    popped.push_back(*early);
  }
  a.join();
  b.join();
  drain(stack, popped);
  WEFT_ASSERT_MSG(is_one_and_two(popped), "popped values are not {1, 2}");
}

// Under SC (the next two tests) and RC11 (further down).
Options under_sc() {
  Options options;
  options.model = Model::sc;
  return options;
}

TEST(TreiberStack, TwoPushersThenPopAfterJoin) {
  const Report report = check(two_pushers_then_pop_after_join, under_sc());
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  // Which push comes first, and whether the second push's first CAS loses to the first push.
  EXPECT_EQ(report.executions, 4U) << report;
}

TEST(TreiberStack, PopConcurrentWithTwoPushers) {
  const Report report = check(pop_concurrent_with_two_pushers, under_sc());
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 20U) << report;
}

// Treiber's push written with spin_until(), as a user told to "use spin_until for spin loops"
// might: each call of the predicate is one CAS attempt. A failed attempt writes nothing shared
// but loads the new head into node->next, so the next attempt is a different CAS that would
// succeed. spin_until() takes the failed attempt for a re-read, and the execution in which it
// lost to the other push for a loop that can never be left: a false liveness failure. This pins
// the limitation (docs/limitations.md: `spin_until(pred)` assumes `pred` depends only on the
// shared memory it reads); treiber_stack.hpp writes the retry loop as an ordinary loop.
TEST(TreiberStack, PushAsASpinUntilLoopIsReportedAsLiveness) {
  const Report report = check([] {
    using Node = TreiberNode<int>;
    atomic<Node*> head{nullptr, "head"};
    std::array<Node, 2> nodes{Node{1}, Node{2}};
    auto push = [&](Node* node) {
      node->next = head.load(std::memory_order_relaxed);
      spin_until([&] {
        return head.compare_exchange_weak(node->next, node, std::memory_order_release,
                                          std::memory_order_relaxed);
      });
    };
    thread a(push, &nodes[0]);
    thread b(push, &nodes[1]);
    a.join();
    b.join();
  });
  expect_failure(report, FailureKind::liveness, "the loop's reads already see the newest values");
}

// The seeded bug: both pushes read the same head and the second store overwrites the first, so
// only one value comes back. The nodes belong to the test (the intrusive stack owns none), so the
// node the bug loses is not leaked (make test runs LeakSanitizer).
TEST(TreiberStack, PushWithoutCasLosesANode) {
  const Report report = check([] {
    using Node = TreiberNode<int>;
    std::array<Node, 2> nodes{Node{1}, Node{2}};
    IntrusiveTreiberStack<int> stack;
    thread a([&] { stack.push_without_cas(&nodes[0]); });
    thread b([&] { stack.push_without_cas(&nodes[1]); });
    a.join();
    b.join();
    std::vector<int> popped;
    while (const Node* node = stack.pop()) {
      popped.push_back(node->value);
    }
    WEFT_ASSERT_MSG(popped.size() == 2, "a pushed node was lost");
  });
  expect_failure(report, FailureKind::assertion, "a pushed node was lost");
  // The trace shows the two pushes' plain stores of the head.
  EXPECT_TRUE(mentions(report.failure->trace, "store(release) head :=")) << report;
}

// Under RC11 (the stack's own orderings: release pushes, acquire pops): the same pushes and pops
// with every ordering the stack allows, and each weak compare-exchange may fail spuriously (once
// in a row on one write, so the retry loops end). Nodes are heap pointers re-allocated on every
// run; an abandoned run's destructors free this run's nodes, not an earlier run's.
Options rc11_rechecked() {
  Options options;
  options.model = Model::rc11;
  options.recheck = true;
  return options;
}

TEST(TreiberStack, TwoPushersThenPopAfterJoinUnderRc11) {
  const Report report = check(two_pushers_then_pop_after_join, rc11_rechecked());
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 96U) << report;
}

TEST(TreiberStack, PopConcurrentWithTwoPushersUnderRc11) {
  const Report report = check(pop_concurrent_with_two_pushers, rc11_rechecked());
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  // (480 before weft explored a weak compare-exchange failing spuriously on a write that
  // another RMW had already taken; the RC11 oracle's weak compare-exchanges found them missing.)
  EXPECT_EQ(report.executions, 672U) << report;
}

}  // namespace
}  // namespace weft::model::real_code
