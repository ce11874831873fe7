// weft::model::cell<T> for a T that is not a small trivially copyable value (std::vector,
// std::string, a 16-byte struct): the cell owns the object and each access is an event without
// a value. Unordered conflicting accesses are data races; ordered ones see exactly what the
// explored execution wrote.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "weft/model.hpp"

namespace weft::model {
namespace {

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

template <class A>
concept has_get = requires(const A& a) { a.get(); };

struct MoveOnly {
  MoveOnly() = default;
  MoveOnly(MoveOnly&&) = default;
  MoveOnly& operator=(MoveOnly&&) = default;
  int value = 0;
};
static_assert(has_get<cell<std::string>> && has_get<cell<int>>);
static_assert(!has_get<cell<MoveOnly>>);  // get/set copy; with/with_mut hand out a reference

TEST(CellObjects, SingleThreadedAccessesSeeTheObject) {
  const Report report = check([] {
    cell<std::string> text{"ab", "text"};
    text.with_mut([](std::string& s) { s += "cd"; });
    WEFT_ASSERT(text.get() == "abcd");
    text.set("x");
    WEFT_ASSERT(text.with([](const std::string& s) { return s.size(); }) == 1);
    cell<MoveOnly> m{MoveOnly{}, "m"};
    m.with_mut([](MoveOnly& v) { v.value = 7; });
    WEFT_ASSERT(m.with([](const MoveOnly& v) { return v.value; }) == 7);
    cell<std::array<std::int64_t, 2>> wide{{1, 2}, "wide"};  // 16 bytes: an object cell too
    wide.with_mut([](auto& a) { a[1] = 5; });
    WEFT_ASSERT(wide.get()[1] == 5);
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// Two threads push into one vector. `guard`: under a compare-exchange lock (the notes' lock).
// `join_first`: the main thread pushes only after joining the other thread.
Report push_twice(bool guard, bool join_first, std::set<std::vector<int>>* outcomes) {
  return check([=] {
    atomic<bool> locked{false, "locked"};
    cell<std::vector<int>> items{{}, "items"};
    auto push = [&](int v) {
      if (guard) {
        spin_until([&] {
          bool expected = false;
          return locked.compare_exchange_strong(expected, true, std::memory_order_acquire);
        });
      }
      items.with_mut([v](std::vector<int>& list) { list.push_back(v); });
      if (guard) {
        locked.store(false, std::memory_order_release);
      }
    };
    thread t([&] { push(1); });
    if (join_first) {
      t.join();
      push(2);
    } else {
      push(2);
      t.join();
    }
    const std::vector<int> end = items.get();
    outcomes->insert(end);
    WEFT_ASSERT(end.size() == 2);
  });
}

TEST(CellObjects, UnorderedPushesAreADataRace) {
  std::set<std::vector<int>> outcomes;
  const Report report = push_twice(false, false, &outcomes);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::data_race) << report;
  EXPECT_TRUE(mentions(report.failure->message, "data race on items")) << report;
  // The object's accesses are events without a value.
  EXPECT_TRUE(mentions(report.failure->trace, "write items\n") ||
              mentions(report.failure->trace, "write items "))
      << report;
  EXPECT_FALSE(mentions(report.failure->trace, "items :=")) << report;
}

// Under the lock: one execution per lock order (2), and the vector holds the pushes in that
// order: both orders are seen, nothing else.
TEST(CellObjects, LockedPushesAreCleanAndSeeBothOrders) {
  std::set<std::vector<int>> outcomes;
  const Report report = push_twice(true, false, &outcomes);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 2U) << report;
  EXPECT_EQ(outcomes, (std::set<std::vector<int>>{{1, 2}, {2, 1}}));
}

// Joined first: every access is ordered by the join, one execution.
TEST(CellObjects, JoinedPushesAreCleanAndOrdered) {
  std::set<std::vector<int>> outcomes;
  const Report report = push_twice(false, true, &outcomes);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U) << report;
  EXPECT_EQ(outcomes, (std::set<std::vector<int>>{{1, 2}}));
}

// Message passing of a std::string through a cell: the reader that acquires the flag sees the
// whole string. Two executions: the flag's load reads 0 (the reader does not touch the cell)
// or 1.
TEST(CellObjects, StringPublishedByReleaseAcquire) {
  const Report report = check([] {
    atomic<int> ready{0, "ready"};
    cell<std::string> message{"", "message"};
    thread reader([&] {
      if (ready.load(std::memory_order_acquire) == 1) {
        WEFT_ASSERT(message.get() == "hello, world");
      }
    });
    message.set("hello, world");
    ready.store(1, std::memory_order_release);
    reader.join();
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 2U) << report;
}

}  // namespace
}  // namespace weft::model
