// Optimality, checked from the inside: the explorer hands out every complete execution graph at
// most once. Drives the runtime and the TruSt explorer directly (as check() does) and compares
// a canonical text of each complete graph: every event with its reads-from, and every
// coherence order.

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "explore/trust_explorer.hpp"
#include "memory/memory_model.hpp"
#include "runtime/execution.hpp"
#include "weft/model.hpp"

namespace weft::model {
namespace {

std::string canonical(const graph::ExecutionGraph& g) {
  std::string out;
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (const graph::Event& e : g.thread_events(t)) {
      out +=
          fmt::format("{}:{}:{}.{}:{}:{}.{};", static_cast<int>(e.kind), static_cast<int>(e.wait),
                      e.location.thread, e.location.index, e.value, e.rf.thread, e.rf.index);
    }
    out += '|';
  }
  g.for_each_location([&](graph::LocationId id, const graph::LocationInfo& info) {
    out += fmt::format("{}.{}:", id.thread, id.index);
    for (graph::EventId w : info.co) {
      out += fmt::format("{}.{},", w.thread, w.index);
    }
  });
  return out;
}

struct Census {
  std::size_t counted = 0;  // complete, or failed (deadlocks included)
  std::size_t duplicates = 0;
};

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
      if (!seen.insert(canonical(explorer.graph())).second) {
        ++census.duplicates;
      }
    }
  } while (explorer.advance());
  return census;
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
  EXPECT_EQ(two_ones.duplicates, 0U);
  // 1 complete; deadlocked: all three sleep (6 orders) and one is woken (3), or two sleep (3
  // pairs, 2 orders) and one of them is woken (2).
  const Census one_one = explore_all([] { waiters(1, false); });
  EXPECT_EQ(one_one.counted, 1U + 18U + 12U);
  EXPECT_EQ(one_one.duplicates, 0U);
  const Census one_all = explore_all([] { waiters(0, true); });
  EXPECT_EQ(one_all.counted, 1U);
  EXPECT_EQ(one_all.duplicates, 0U);
}

TEST(UniqueGraphs, MutexWithParkingIsExploredOnce) {
  const Census census = explore_all([] {
    Mutex<int> m{0};
    thread a([&] { m.with_lock([](int& v) { ++v; }); });
    thread b([&] { m.with_lock([](int& v) { ++v; }); });
    m.with_lock([](int& v) { ++v; });
    a.join();
    b.join();
  });
  EXPECT_GT(census.counted, 0U);
  EXPECT_EQ(census.duplicates, 0U);
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
  EXPECT_EQ(census.duplicates, 0U);
}

}  // namespace
}  // namespace weft::model
