// Tests a user would write on ordinary code: plain C++ data published through atomics, and
// weft::model::Mutex guarding a std::vector and an int. Nothing here is written for the checker
// beyond swapping std:: for weft::model:: types; the data the threads share is plain memory.
// Each pattern comes with a seeded bug the checker must report.
//
// The Treiber stack, the Chase-Lev deque and the ports of loom's tests are in real_code/.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <set>
#include <vector>

#include "real_code/expect_failure.hpp"
#include "weft/model.hpp"

namespace weft::model {
namespace {

using real_code::expect_failure;

// Message passing with a plain int: the release store of `flag` publishes `plain`, so a reader
// that acquires flag == 1 sees 42. Two executions: the load reads the initial 0 or the 1.
TEST(PlainMemory, PublishedByReleaseAcquire) {
  const Report report = check([] {
    int plain = 0;
    atomic<int> flag{0, "flag"};
    thread t([&] {
      plain = 42;
      flag.store(1, std::memory_order_release);
    });
    if (flag.load(std::memory_order_acquire) == 1) {
      WEFT_ASSERT(plain == 42);
    }
    t.join();
    WEFT_ASSERT(plain == 42);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;
}

// The seeded bug: the writer raises the flag before it writes the data. The checker cannot see
// accesses to a plain int, so the shared datum is a cell<int>. With the assertion, the first
// execution that fails reads flag == 1 and then data == 0 (the write has not happened yet, so
// there is no race yet); without it, the read races with the write that follows.
Report flag_raised_before_the_write(bool assert_the_value) {
  return check([assert_the_value] {
    cell<int> data{0, "data"};
    atomic<int> flag{0, "flag"};
    thread t([&] {
      flag.store(1, std::memory_order_release);
      data.set(42);
    });
    if (flag.load(std::memory_order_acquire) == 1) {
      const int value = data.get();
      if (assert_the_value) {
        WEFT_ASSERT(value == 42);
      }
    }
    t.join();
  });
}

TEST(PlainMemory, FlagRaisedBeforeTheWriteFailsTheAssertion) {
  const Report report = flag_raised_before_the_write(/*assert_the_value=*/true);
  expect_failure(report, FailureKind::assertion, "WEFT_ASSERT(value == 42) failed");
  EXPECT_TRUE(real_code::mentions(report.failure->trace, "flag -> 1")) << report;
  EXPECT_TRUE(real_code::mentions(report.failure->trace, "read data -> 0")) << report;
}

TEST(PlainMemory, FlagRaisedBeforeTheWriteRaces) {
  const Report report = flag_raised_before_the_write(/*assert_the_value=*/false);
  expect_failure(report, FailureKind::data_race, "data race on data");
}

// README's "The mutex" example, verbatim but for weft::model::Mutex, as a one-thread body.
TEST(ReadmeMutex, TheReadmeExampleRunsOnce) {
  const Report report = check([] {
    weft::model::Mutex<std::vector<int>> items;
    items.with_lock(
        [](std::vector<int>& v) { v.push_back(1); });  // returns what the lambda returns
    {
      auto guard = items.lock();  // MutexGuard: *guard / guard->, unlocks when destroyed
      guard->push_back(2);
    }
    if (auto guard = items.try_lock()) {
      (*guard)->clear();
    }
    WEFT_ASSERT(items.lock()->empty());
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// README's pattern with two threads: each push_back()s and reads size() under the lock. One of
// them sees 1 and the other 2, and across all executions exactly the sizes {1, 2} are seen.
TEST(ReadmeMutex, TwoThreadsPushBackAndSeeSizesOneAndTwo) {
  std::set<std::size_t> sizes_seen;  // outside the body: the union over every execution
  const Report report = check([&sizes_seen] {
    weft::model::Mutex<std::vector<int>> items;
    std::array<std::size_t, 2> seen{};  // plain: each thread writes its own slot
    auto push = [&](int value, std::size_t& saw) {
      auto guard = items.lock();
      guard->push_back(value);
      saw = guard->size();
    };
    thread a(push, 1, std::ref(seen[0]));
    thread b(push, 2, std::ref(seen[1]));
    a.join();
    b.join();
    WEFT_ASSERT(std::min(seen[0], seen[1]) == 1 && std::max(seen[0], seen[1]) == 2);
    const std::vector<int> final_items = *items.lock();
    WEFT_ASSERT(final_items.size() == 2);
    sizes_seen.insert(seen.begin(), seen.end());
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;  // a first or b first
  EXPECT_EQ(sizes_seen, (std::set<std::size_t>{1, 2})) << report;
}

// The seeded bug: the size is read after the guard is gone, so it may count the other thread's
// element too. Both threads can then see 2.
TEST(ReadmeMutex, SizeReadAfterUnlockIsNotWhatThisThreadPushed) {
  const Report report = check([] {
    weft::model::Mutex<std::vector<int>> items;
    std::array<std::size_t, 2> seen{};
    auto push = [&](int value, std::size_t& saw) {
      items.with_lock([&](std::vector<int>& v) { v.push_back(value); });
      saw = items.lock()->size();  // a second critical section: not the size this push made
    };
    thread a(push, 1, std::ref(seen[0]));
    thread b(push, 2, std::ref(seen[1]));
    a.join();
    b.join();
    WEFT_ASSERT_MSG(seen[0] != seen[1], "both threads saw the same size");
  });
  expect_failure(report, FailureKind::assertion, "both threads saw the same size");
}

// A ticket dispenser: three threads each take the next number under the lock (with_lock returns
// the old value). The tickets are 0, 1 and 2 in some order: one execution per order in which the
// three threads take the lock.
TEST(ModelMutex, ThreeThreadsTakeDistinctTickets) {
  std::set<std::array<int, 3>> orders_seen;
  const Report report = check([&orders_seen] {
    Mutex<int> next_ticket{0};
    std::array<int, 3> tickets{-1, -1, -1};
    auto take = [&](int& ticket) { ticket = next_ticket.with_lock([](int& n) { return n++; }); };
    thread a(take, std::ref(tickets[0]));
    thread b(take, std::ref(tickets[1]));
    thread c(take, std::ref(tickets[2]));
    a.join();
    b.join();
    c.join();
    std::array<int, 3> sorted = tickets;
    std::sort(sorted.begin(), sorted.end());
    WEFT_ASSERT(sorted == (std::array<int, 3>{0, 1, 2}));
    WEFT_ASSERT(*next_ticket.lock() == 3);
    orders_seen.insert(tickets);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 6U) << report;
  EXPECT_EQ(orders_seen.size(), 6U) << report;  // every order of the three threads
}

// The seeded bug: the dispenser reads the counter in one critical section and writes it back in
// another, so two threads can take the same ticket.
TEST(ModelMutex, TicketReadAndBumpInTwoCriticalSectionsRepeatsATicket) {
  const Report report = check([] {
    Mutex<int> next_ticket{0};
    std::array<int, 3> tickets{-1, -1, -1};
    auto take = [&](int& ticket) {
      ticket = *next_ticket.lock();
      next_ticket.with_lock([&](int& n) { n = ticket + 1; });
    };
    thread a(take, std::ref(tickets[0]));
    thread b(take, std::ref(tickets[1]));
    thread c(take, std::ref(tickets[2]));
    a.join();
    b.join();
    c.join();
    WEFT_ASSERT_MSG(
        tickets[0] != tickets[1] && tickets[1] != tickets[2] && tickets[0] != tickets[2],
        "two threads took the same ticket");
  });
  expect_failure(report, FailureKind::assertion, "two threads took the same ticket");
}

}  // namespace
}  // namespace weft::model
