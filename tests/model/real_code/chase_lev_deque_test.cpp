// The Chase-Lev deque (chase_lev_deque.hpp) under the checker: the owner pushes three items and
// takes them while a thief steals; every item is taken exactly once. The seeded bug, take()
// claiming the last item without the compare-exchange, lets the owner and the thief both take it.
// Under RC11 the published orderings are verified, and take() without its seq_cst fence (a bug
// that only weak memory shows) lets an item be taken twice.

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
Report owner_and_thief(ChaseLevDeque::LastItem last_item,
                       ChaseLevDeque::TakeFence take_fence = ChaseLevDeque::TakeFence::seq_cst,
                       Model model = Model::sc, int steals = 1) {
  Options options;
  options.model = model;
  return check(
      [last_item, take_fence, steals] {
        constexpr int items = 3;
        ChaseLevDeque deque(4, last_item, take_fence);
        std::vector<int> stolen;  // the thief's, read after join
        std::vector<int> taken;   // the owner's
        for (int item = 1; item <= items; ++item) {
          deque.push(item);
        }
        thread thief([&] {
          for (int i = 0; i < steals; ++i) {
            int x = ChaseLevDeque::empty;
            weft::model::spin_until([&] {
              x = deque.steal();
              return x != ChaseLevDeque::abort;
            });
            if (x != ChaseLevDeque::empty) {
              stolen.push_back(x);
            }
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
      },
      options);
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

// Under RC11 the deque as published is correct. Without take()'s seq_cst fence, a thief that
// steals twice can take the item the owner takes without a compare-exchange: the owner's
// relaxed load of top misses the thief's first steal while the thief's load of bottom misses the
// owner's decrement (store buffering), so each thinks the item at bottom - 1 is its own.
TEST(ChaseLevDeque, Rc11OwnerTakesWhileAThiefStealsTwiceEveryItemOnce) {
  const Report report = owner_and_thief(ChaseLevDeque::LastItem::compare_exchange,
                                        ChaseLevDeque::TakeFence::seq_cst, Model::rc11, 2);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 64U) << report;
  EXPECT_EQ(report.blocked, 20U) << report;
}

TEST(ChaseLevDeque, Rc11TakeWithoutItsFenceTakesAnItemTwice) {
  const Report report = owner_and_thief(ChaseLevDeque::LastItem::compare_exchange,
                                        ChaseLevDeque::TakeFence::none, Model::rc11, 2);
  expect_failure(report, FailureKind::assertion, "an item was taken twice");
  // The trace shows the thief's stale load of bottom (the owner had already decremented it).
  EXPECT_TRUE(mentions(report.failure->trace,
                       "load(acquire) bottom -> 2  [reads 0.28; newer in "
                       "coherence: "))
      << report;
  // The same program under SC is correct: the bug needs weak memory.
  EXPECT_EQ(owner_and_thief(ChaseLevDeque::LastItem::compare_exchange,
                            ChaseLevDeque::TakeFence::none, Model::sc, 2)
                .verdict,
            Verdict::ok);
}

}  // namespace
}  // namespace weft::model::real_code
