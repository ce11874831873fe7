// The Chase-Lev deque (chase_lev_deque.hpp) under the checker: the owner pushes three items and
// takes them while a thief steals; every item is taken exactly once. The seeded bug, take()
// claiming the last item without the compare-exchange, lets the owner and the thief both take it.

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "chase_lev_deque.hpp"
#include "expect_failure.hpp"
#include "weft/model.hpp"

namespace weft::model::real_code {
namespace {

// The owner pushes 1, 2 and 3 and takes three times while one thief steals (retrying on ABORT),
// so the last item is contended; after joining the thief, the owner takes until the deque says
// empty (at once, unless an item was lost). Each item must have been taken exactly once.
Report owner_and_thief(ChaseLevDeque::LastItem last_item) {
  return check([last_item] {
    constexpr int items = 3;
    ChaseLevDeque deque(4, last_item);
    std::vector<int> stolen;  // the thief's, read after join
    std::vector<int> taken;   // the owner's
    for (int item = 1; item <= items; ++item) {
      deque.push(item);
    }
    thread thief([&] {
      int x = ChaseLevDeque::empty;
      weft::model::spin_until([&] {
        x = deque.steal();
        return x != ChaseLevDeque::abort;
      });
      if (x != ChaseLevDeque::empty) {
        stolen.push_back(x);
      }
    });
    for (int i = 0; i < items; ++i) {
      if (const int x = deque.take(); x != ChaseLevDeque::empty) {
        taken.push_back(x);
      }
    }
    thief.join();
    for (int x = deque.take(); x != ChaseLevDeque::empty; x = deque.take()) {
      taken.push_back(x);
    }
    for (int item = 1; item <= items; ++item) {
      const auto times = std::count(taken.begin(), taken.end(), item) +
                         std::count(stolen.begin(), stolen.end(), item);
      WEFT_ASSERT_MSG(times == 1,
                      times == 0 ? "an item was never taken" : "an item was taken twice");
    }
  });
}

TEST(ChaseLevDeque, OwnerTakesWhileAThiefStealsEveryItemOnce) {
  const Report report = owner_and_thief(ChaseLevDeque::LastItem::compare_exchange);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 14U) << report;
  EXPECT_EQ(report.blocked, 4U) << report;  // a lost steal whose retry re-reads the same
}

TEST(ChaseLevDeque, TakeWithoutCasOnTheLastItemTakesItTwice) {
  const Report report = owner_and_thief(ChaseLevDeque::LastItem::plain_store);
  expect_failure(report, FailureKind::assertion, "an item was taken twice");
  // The trace shows the owner's plain store of top where the compare-exchange belongs.
  EXPECT_TRUE(mentions(report.failure->trace, "store(relaxed) top := 1")) << report;
}

}  // namespace
}  // namespace weft::model::real_code
