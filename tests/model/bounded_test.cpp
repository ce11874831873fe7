// Bounded exploration: Options::max_preemptions (preemption bounding over the optimal explorer)
// and Options::sample (random PCT schedules run operationally). Both end with their own verdict
// and name the bound in the report, also when they find a failure; their failures replay.

#include <gtest/gtest.h>

#include <cstdint>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "notes_locks.hpp"
#include "weft/model.hpp"
#include "weft/model/condition_variable.hpp"
#include "weft/model/std_mutex.hpp"

namespace weft::model {
namespace {

// Five workers increment a counter three times each under a mutex; with `seeded_bug`, the
// last worker's last increment reads the counter under the lock and writes it back after
// unlocking (a lost update needs another worker's increment in between).
Report five_workers(const Options& options, bool seeded_bug) {
  return check(
      [seeded_bug] {
        mutex m{"m"};
        atomic<int> counter{0, "counter"};
        std::vector<thread> workers;
        for (int w = 0; w < 5; ++w) {
          workers.emplace_back([&, w] {
            for (int k = 0; k < 3; ++k) {
              if (seeded_bug && w == 0 && k == 0) {
                m.lock();
                const int seen = counter.load();
                m.unlock();
                counter.store(seen + 1);
              } else {
                const std::lock_guard<mutex> guard(m);
                counter.store(counter.load() + 1);
              }
            }
          });
        }
        for (thread& t : workers) {
          t.join();
        }
        WEFT_ASSERT(counter.load() == 15);
      },
      options);
}

Options preemption_bound(std::uint32_t k) {
  Options options;
  options.max_preemptions = k;
  return options;
}

Options sampling(std::uint64_t count, std::uint64_t seed) {
  Options options;
  options.sample = {count, seed};
  return options;
}

// The failure replays: the same kind, the same trace.
void expect_replays(const Options& options, bool seeded_bug, const Report& found) {
  ASSERT_TRUE(found.failure);
  Options replay = options;
  replay.replay = found.failure->replay;
  const Report again = five_workers(replay, seeded_bug);
  ASSERT_TRUE(again.failure) << again;
  EXPECT_EQ(again.failure->kind, found.failure->kind);
  EXPECT_EQ(again.failure->trace, found.failure->trace);
}

// 15!/(3!)^5 = 168,168,000 lock orders: exhaustive exploration does not find the lost update in
// its first 20,000 executions (nor in 300,000, 89 s on the 2-core VM).
TEST(BoundedExploration, ExhaustiveSearchDoesNotReachTheSeededBugSoon) {
  Options options;
  options.max_executions = 20'000;
  const Report report = five_workers(options, true);
  EXPECT_EQ(report.verdict, Verdict::bound_reached) << report;
  EXPECT_EQ(report.executions, 20'000U);
  EXPECT_EQ(report.bound, "max_executions = 20000");
}

TEST(BoundedExploration, TwoPreemptionsFindTheSeededBugAndSayTheyWereBounded) {
  const Options options = preemption_bound(2);
  const Report report = five_workers(options, true);
  ASSERT_EQ(report.verdict, Verdict::failed) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::assertion);
  EXPECT_EQ(report.bound, "max_preemptions = 2");
  std::ostringstream printed;
  printed << report;
  EXPECT_NE(printed.str().find("bounded by max_preemptions = 2"), std::string::npos);
  expect_replays(options, true, report);
}

TEST(BoundedExploration, TenThousandSamplesFindTheSeededBugAndSayTheyWereSampled) {
  const Options options = sampling(10'000, 1);
  const Report report = five_workers(options, true);
  ASSERT_EQ(report.verdict, Verdict::failed) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::assertion);
  EXPECT_EQ(report.bound, "sample = {10000, seed 1}");
  EXPECT_EQ(report.failure->replay.rfind("rc11!", 0), 0U) << report.failure->replay;
  expect_replays(options, true, report);
}

TEST(BoundedExploration, BoundedRunsOfTheCorrectProgramAreNeverOk) {
  const Report bounded = five_workers(preemption_bound(1), false);
  EXPECT_EQ(bounded.verdict, Verdict::bound_reached) << bounded;
  EXPECT_GT(bounded.executions, 0U);
  EXPECT_EQ(bounded.bound, "max_preemptions = 1");
  const Report sampled = five_workers(sampling(2'000, 9), false);
  EXPECT_EQ(sampled.verdict, Verdict::sampled) << sampled;
  EXPECT_EQ(sampled.executions, 2'000U);
  EXPECT_EQ(sampled.runs, 2'000U);
  std::ostringstream printed;
  printed << sampled;
  EXPECT_NE(printed.str().find("SAMPLED"), std::string::npos) << printed.str();
}

// A bound that leaves nothing out says so, and the verdict is the truth: ok.
TEST(BoundedExploration, ABoundNeverReachedGivesOk) {
  const Report report = check(
      [] {
        mutex m{"m"};
        cell<int> counter{0, "counter"};
        thread a([&] {
          const std::lock_guard<mutex> guard(m);
          counter.set(counter.get() + 1);
        });
        {
          const std::lock_guard<mutex> guard(m);
          counter.set(counter.get() + 1);
        }
        a.join();
        WEFT_ASSERT(counter.get() == 2);
      },
      preemption_bound(3));
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 2U);
  EXPECT_EQ(report.bound, "max_preemptions = 3 (never reached)");
}

// The lost update of two unlocked increments needs one preemption under SC: none finds it, one
// does. Without preemptions, main runs on after its spawn: its increment comes first. Under
// RC11 it needs none: the spawned thread's load may read the initial value even after main's
// store (a stale read, not a schedule).
TEST(BoundedExploration, ALostUpdateNeedsOnePreemption) {
  auto body = [] {
    atomic<int> counter{0, "counter"};
    thread a([&] { counter.store(counter.load() + 1); });
    counter.store(counter.load() + 1);
    a.join();
    WEFT_ASSERT(counter.load() == 2);
  };
  Options sc_none = preemption_bound(0);
  sc_none.model = Model::sc;
  const Report none = check(body, sc_none);
  EXPECT_EQ(none.verdict, Verdict::bound_reached) << none;
  EXPECT_EQ(none.executions, 1U);
  Options sc_one = preemption_bound(1);
  sc_one.model = Model::sc;
  const Report one = check(body, sc_one);
  EXPECT_EQ(one.verdict, Verdict::failed) << one;
  const Report rc11_none = check(body, preemption_bound(0));
  ASSERT_EQ(rc11_none.verdict, Verdict::failed) << rc11_none;
  EXPECT_TRUE(rc11_none.failure->trace.find("newer in coherence") != std::string::npos)
      << rc11_none;
}

// Sampled runs are operational: a spin loop waits for the write that ends it, a sleeper for
// its notify, and a thread that can never go on is reported as in exhaustive exploration.
TEST(Sampling, SpinLoopsAndWaitsRunAsOnAMachine) {
  const Report spins = check(
      [] {
        atomic<int> flag{0, "flag"};
        atomic<int> data{0, "data"};
        thread producer([&] {
          data.store(42);
          flag.store(1);
        });
        spin_until([&] { return flag.load() == 1; });
        WEFT_ASSERT(data.load() == 42);
        producer.join();
      },
      sampling(500, 3));
  EXPECT_EQ(spins.verdict, Verdict::sampled) << spins;
  EXPECT_EQ(spins.executions, 500U);

  const Report waits = check(
      [] {
        atomic<int> state{0, "state"};
        thread waker([&] {
          state.store(1);
          state.notify_one();
        });
        state.wait(0);
        WEFT_ASSERT(state.load() == 1);
        waker.join();
      },
      sampling(500, 4));
  EXPECT_EQ(waits.verdict, Verdict::sampled) << waits;
  EXPECT_EQ(waits.executions, 500U);
}

TEST(Sampling, AWaitNobodyNotifiesIsADeadlockAndASpinNobodyEndsIsALivenessFailure) {
  const Report deadlock = check(
      [] {
        atomic<int> state{0, "state"};
        thread setter([&] { state.store(1); });  // forgets notify_one()
        state.wait(0);
        setter.join();
      },
      sampling(200, 5));
  ASSERT_EQ(deadlock.verdict, Verdict::failed) << deadlock;
  EXPECT_EQ(deadlock.failure->kind, FailureKind::deadlock) << deadlock;

  const Report spins = check(
      [] {
        atomic<int> flag{0, "flag"};
        thread other([&] { flag.store(2); });  // never 1
        spin_until([&] { return flag.load() == 1; });
        other.join();
      },
      sampling(200, 6));
  ASSERT_EQ(spins.verdict, Verdict::failed) << spins;
  EXPECT_EQ(spins.failure->kind, FailureKind::liveness) << spins;
}

// A bounded buffer of 2 under a condition variable, 2 producers and 1 consumer of 3 items each
// (sampled: exhaustively it is the producer/consumer test of locks_test.cpp). The seeded bug:
// a producer waits under `if` instead of `while`, so a producer woken when the buffer had room
// may find it full again (the other producer filled it first) and overfill it.
Report sampled_buffer(bool if_bug, const Options& options) {
  return check(
      [if_bug] {
        mutex m{"m"};
        condition_variable changed{"changed"};
        cell<int> size{0, "size"};
        cell<int> consumed{0, "consumed"};
        auto notify = [&] { changed.notify_one(); };
        auto produce = [&] {
          for (int i = 0; i < 3; ++i) {
            std::unique_lock<mutex> lock(m);
            if (if_bug) {
              if (size.get() == 2) {
                changed.wait(lock);
              }
            } else {
              changed.wait(lock, [&] { return size.get() < 2; });
            }
            size.set(size.get() + 1);
            WEFT_ASSERT(size.get() <= 2);
            notify();
          }
        };
        thread p1(produce);
        thread p2(produce);
        for (int i = 0; i < 6; ++i) {
          std::unique_lock<mutex> lock(m);
          changed.wait(lock, [&] { return size.get() > 0; });
          size.set(size.get() - 1);
          consumed.set(consumed.get() + 1);
          notify();
        }
        p1.join();
        p2.join();
        WEFT_ASSERT(consumed.get() == 6);
      },
      options);
}

TEST(Sampling, ConditionVariableBufferAndItsWaitUnderIf) {
  const Report correct = sampled_buffer(false, sampling(2'000, 11));
  EXPECT_EQ(correct.verdict, Verdict::sampled) << correct;
  EXPECT_EQ(correct.executions, 2'000U);
  const Options options = sampling(2'000, 12);
  const Report buggy = sampled_buffer(true, options);
  ASSERT_EQ(buggy.verdict, Verdict::failed) << buggy;
  EXPECT_EQ(buggy.failure->kind, FailureKind::assertion) << buggy;
  Options replay = options;
  replay.replay = buggy.failure->replay;
  const Report again = sampled_buffer(true, replay);
  ASSERT_TRUE(again.failure) << again;
  EXPECT_EQ(again.failure->kind, FailureKind::assertion);
  EXPECT_EQ(again.failure->trace, buggy.failure->trace);
}

// A sampled run reads the newest write, but under RC11 (the default) relaxed accesses still
// synchronize nothing: the notes' relaxed lock races on the counter in a sampled run, and its
// replay string names the model, so the replay finds the same race (under SC it would not).
TEST(Sampling, ARaceFoundUnderRc11ReplaysUnderRc11) {
  auto body = [] { notes::counter_under_lock<notes::NaiveLock>(2, 1); };
  const Report found = check(body, sampling(100, 1));
  ASSERT_EQ(found.verdict, Verdict::failed) << found;
  ASSERT_EQ(found.failure->kind, FailureKind::data_race) << found;
  EXPECT_EQ(found.failure->replay.rfind("rc11!", 0), 0U) << found.failure->replay;
  Options replay;
  replay.replay = found.failure->replay;
  const Report again = check(body, replay);
  ASSERT_TRUE(again.failure) << again;
  EXPECT_EQ(again.failure->kind, FailureKind::data_race) << again;
  EXPECT_EQ(again.failure->trace, found.failure->trace);
  EXPECT_EQ(again.failure->replay, found.failure->replay);
}

TEST(Sampling, TheSameSeedGivesTheSameRuns) {
  const Report a = five_workers(sampling(10'000, 77), true);
  const Report b = five_workers(sampling(10'000, 77), true);
  ASSERT_TRUE(a.failure && b.failure);
  EXPECT_EQ(a.executions, b.executions);
  EXPECT_EQ(a.failure->replay, b.failure->replay);
}

}  // namespace
}  // namespace weft::model
