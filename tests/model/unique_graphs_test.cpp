// Optimality and replay, checked from the inside: the explorer hands out every counted execution
// graph at most once, and each one's trace order, replayed as a schedule, gives the same graph
// back. Drives the runtime, the TruSt explorer and schedule replay directly (as check() does) and
// compares a text of each graph (graph_text.hpp): every event with its reads-from, and every
// coherence order.

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "atomic_wait_mutex.hpp"
#include "explore/linearize.hpp"
#include "explore/schedule_replay.hpp"
#include "explore/trust_explorer.hpp"
#include "graph_text.hpp"
#include "large_checks.hpp"
#include "memory/memory_model.hpp"
#include "notes_locks.hpp"
#include "runtime/execution.hpp"
#include "weft/model.hpp"

namespace weft::model {
namespace {

struct Census {
  std::size_t counted = 0;  // complete, or failed (deadlocks included)
  std::size_t duplicates = 0;
  std::size_t replay_mismatches = 0;
};

// The graph that schedule replay builds from `g`'s trace order.
std::string replayed(const graph::ExecutionGraph& g, const memory::MemoryModel& model,
                     const std::function<void()>& body, runtime::StackPool& stacks) {
  const std::optional<std::vector<graph::EventId>> order =
      explore::linearize(model, g, explore::Prefer::added_first);
  if (!order) {
    return "(no trace order)";
  }
  std::vector<graph::ThreadId> schedule;
  std::vector<graph::Value> choices;
  for (graph::EventId e : *order) {
    schedule.push_back(e.thread);
    if (g[e].kind == graph::EventKind::choice) {
      choices.push_back(g[e].value);
    }
  }
  explore::ScheduleReplay driver(model, std::move(schedule), std::move(choices),
                                 /*operational=*/false);
  Options options;
  options.stop_at_first_failure = false;
  runtime::Execution execution(driver, model, options, stacks, body);
  execution.run();
  return test::graph_text(driver.graph());
}

Census explore_all(const std::function<void()>& body) {
  Options options;
  options.stop_at_first_failure = false;
  const auto model = memory::MemoryModel::make(Model::sc);
  runtime::StackPool stacks;
  explore::TrustExplorer explorer(*model);
  std::set<std::string> seen;
  Census census;
  do {
    runtime::Execution execution(explorer, *model, options, stacks, body);
    const runtime::RunResult result = execution.run();
    if (result.outcome == runtime::Outcome::complete || result.failure) {
      ++census.counted;
      const std::string text = test::graph_text(explorer.graph());
      if (!seen.insert(text).second) {
        ++census.duplicates;
      }
      if (replayed(explorer.graph(), *model, body, stacks) != text) {
        ++census.replay_mismatches;
      }
    }
  } while (explorer.advance());
  return census;
}

// Every counted graph was explored once and replays to itself.
void expect_once_and_replayable(const Census& census) {
  EXPECT_EQ(census.duplicates, 0U);
  EXPECT_EQ(census.replay_mismatches, 0U);
}

// Three waiters and a notifier that makes `notifies` notify_one calls, or one notify_all.
void waiters(int notifies, bool all) {
  atomic<int> flag{0, "flag"};
  thread a([&] { flag.wait(0); });
  thread b([&] { flag.wait(0); });
  thread c([&] { flag.wait(0); });
  flag.store(1);
  if (all) {
    flag.notify_all();
  }
  for (int i = 0; i < notifies; ++i) {
    flag.notify_one();
  }
  a.join();
  b.join();
  c.join();
}

TEST(UniqueGraphs, WaitersAndNotifiesAreExploredOnce) {
  // 1 complete + 36 deadlocked (see WaitNotify.ThreeSleepersTwoNotifyOnes).
  const Census two_ones = explore_all([] { waiters(2, false); });
  EXPECT_EQ(two_ones.counted, 37U);
  expect_once_and_replayable(two_ones);
  // 1 complete; deadlocked: all three sleep (6 orders) and one is woken (3), or two sleep (3
  // pairs, 2 orders) and one of them is woken (2).
  const Census one_one = explore_all([] { waiters(1, false); });
  EXPECT_EQ(one_one.counted, 1U + 18U + 12U);
  expect_once_and_replayable(one_one);
  const Census one_all = explore_all([] { waiters(0, true); });
  EXPECT_EQ(one_all.counted, 1U);
  expect_once_and_replayable(one_all);
}

// weft's lock over the futex queue (sync_mutex_model_test.cpp's 2x2 count), and over atomic
// wait/notify (WaitNotify.MutexCountsOnlyExecutionsThatDiffer's 3x1 count).
TEST(UniqueGraphs, MutexWithParkingIsExploredOnce) {
  const Census futex = explore_all([] { notes::counter_under_weft_mutex(2, 2); });
  EXPECT_EQ(futex.counted, 24'112U);
  expect_once_and_replayable(futex);
  if (!testing::kRunsLargeChecks) {
    GTEST_SKIP() << "over atomic wait/notify: " << testing::kLargeCheckSkipped;
  }
  const Census atomic_wait = explore_all([] {
    testing::AtomicWaitMutex<int> m{0};
    std::vector<thread> others;
    for (int t = 1; t < 3; ++t) {
      others.emplace_back([&] { m.with_lock([](int& v) { ++v; }); });
    }
    m.with_lock([](int& v) { ++v; });
    for (auto& t : others) {
      t.join();
    }
  });
  EXPECT_EQ(atomic_wait.counted, 41'934U);
  expect_once_and_replayable(atomic_wait);
}

TEST(UniqueGraphs, NotifiersFromTwoThreadsAreExploredOnce) {
  const Census census = explore_all([] {
    atomic<int> flag{0, "flag"};
    thread w([&] {
      while (flag.load() < 2) {
        flag.wait(flag.load());
      }
    });
    thread n([&] {
      flag.fetch_add(1);
      flag.notify_one();
    });
    flag.fetch_add(1);
    flag.notify_one();
    w.join();
    n.join();
  });
  EXPECT_GT(census.counted, 0U);
  expect_once_and_replayable(census);
}

TEST(UniqueGraphs, SpinLocksAndRacesAreExploredOnce) {
  // RMWs and spin loops: the notes' test-and-test-and-set lock, 3 threads x 1.
  const Census ttas = explore_all([] { notes::counter_under_lock<notes::TtasLock>(3, 1); });
  EXPECT_EQ(ttas.counted, 6U);  // as Notes/VerifiedLock.IsCorrect/ttas_3x1
  expect_once_and_replayable(ttas);
  // Races and failed assertions on the way: the notes' naive lock, 2 threads x 2.
  const Census naive = explore_all([] { notes::counter_under_lock<notes::NaiveLock>(2, 2); });
  EXPECT_GT(naive.counted, 0U);
  expect_once_and_replayable(naive);
}

}  // namespace
}  // namespace weft::model
