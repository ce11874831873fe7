// weft::sync::fetch_update over std::atomic: the notes' compare-exchange loop. Single-threaded
// results, then real threads (run again under ThreadSanitizer): updates are never lost, and a
// declining function stops the loop without a write.

#include "weft/sync/fetch_update.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

namespace weft::sync {
namespace {

std::optional<int> take_one(int budget) {
  if (budget == 0) {
    return std::nullopt;
  }
  return budget - 1;
}

TEST(FetchUpdate, ReturnsThePreviousValueAndWhetherItWrote) {
  std::atomic<int> budget{1};
  const auto first = fetch_update(budget, std::memory_order_acq_rel, std::memory_order_acquire,
                                  take_one);
  EXPECT_TRUE(first);
  EXPECT_EQ(first.previous, 1);
  EXPECT_EQ(budget.load(), 0);
  const auto second = fetch_update(budget, std::memory_order_acq_rel, std::memory_order_acquire,
                                   take_one);
  EXPECT_FALSE(second);
  EXPECT_EQ(second.previous, 0);  // what f declined
  EXPECT_EQ(budget.load(), 0);
}

TEST(FetchUpdate, FunctionReturningTheValueAlwaysUpdates) {
  std::atomic<std::uint8_t> x{200};
  const auto r = fetch_update(x, std::memory_order_relaxed, std::memory_order_relaxed,
                              [](std::uint8_t v) { return static_cast<std::uint8_t>(v + 100); });
  EXPECT_TRUE(r.updated);
  EXPECT_EQ(r.previous, 200);
  EXPECT_EQ(x.load(), 44);  // wraps like the type
}

TEST(FetchUpdate, ConcurrentUpdatesAreNotLost) {
  constexpr int threads = 4;
  constexpr int per_thread = 20'000;
  std::atomic<std::int64_t> total{0};
  std::atomic<int> budget{threads * per_thread / 2};
  std::atomic<int> taken{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        fetch_update(total, std::memory_order_relaxed, std::memory_order_relaxed,
                     [](std::int64_t v) { return v + 3; });
        if (fetch_update(budget, std::memory_order_acq_rel, std::memory_order_acquire,
                         take_one)) {
          taken.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  for (auto& th : pool) {
    th.join();
  }
  EXPECT_EQ(total.load(), std::int64_t{3} * threads * per_thread);
  EXPECT_EQ(taken.load(), threads * per_thread / 2);  // exactly the budget, never more
  EXPECT_EQ(budget.load(), 0);
}

}  // namespace
}  // namespace weft::sync
