// The reference notes' spinlocks and weft's own Mutex under the checker (acceptance 1 and 2).

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "large_checks.hpp"
#include "notes_locks.hpp"
#include "replay_check.hpp"

namespace weft::model {
namespace {

TEST(NotesLocks, NaiveMutexLosesAnUpdate) {
  auto body = [] { notes::counter_under_lock<notes::NaiveLock>(2, 1); };
  const Report report = check(body);
  ASSERT_EQ(report.verdict, Verdict::failed) << report;
  ASSERT_TRUE(report.failure.has_value());
  // Both threads pass the load before either stores: the cell accesses race (reported first,
  // as soon as the second access happens) and one increment is lost.
  EXPECT_EQ(report.failure->kind, FailureKind::data_race) << report;
  EXPECT_NE(report.failure->message.find("value"), std::string::npos);
  EXPECT_NE(report.failure->trace.find("load(relaxed) locked -> 0"), std::string::npos)
      << report.failure->trace;
  test::expect_replay_reproduces(body, report);
}

TEST(NotesLocks, NaiveMutexAssertionFailsWhenRacesAreNotFatal) {
  Options all;
  all.stop_at_first_failure = false;
  const Report report = check([] { notes::counter_under_lock<notes::NaiveLock>(2, 1); }, all);
  EXPECT_EQ(report.verdict, Verdict::failed);
  ASSERT_TRUE(report.failure.has_value());
  // Every execution is counted; the lost update makes the final assertion fail in some.
  EXPECT_GT(report.failed_executions, 0U);
  EXPECT_GE(report.executions, report.failed_executions);
}

TEST(NotesLocks, ReplayThroughEnvironment) {
  auto body = [] { notes::counter_under_lock<notes::NaiveLock>(2, 1); };
  const Report report = check(body);
  ASSERT_TRUE(report.failure.has_value());
  ::setenv("WEFT_REPLAY", report.failure->replay.c_str(), 1);
  const Report again = check(body);
  ::unsetenv("WEFT_REPLAY");
  ASSERT_TRUE(again.failure.has_value());
  EXPECT_EQ(again.failure->trace, report.failure->trace);
  EXPECT_EQ(again.executions + again.blocked + again.failed_executions, 1U);
}

TEST(NotesLocks, ReplayStringOfAnotherTestIsMisuse) {
  Options replay;
  replay.replay = "sc:0,5,5,5";
  const Report report = check([] { notes::counter_under_lock<notes::CasLock>(2, 1); }, replay);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::misuse);
  EXPECT_NE(report.failure->message.find("does not match"), std::string::npos);
}

TEST(NotesLocks, MalformedReplayStringIsMisuse) {
  Options replay;
  replay.replay = "not a replay";
  const Report report = check([] {}, replay);
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::misuse);
}

struct LockCase {
  const char* name;
  void (*program)(int, int);
  int threads;
  int increments;
  std::uint64_t executions;  // GenMC's count for the same program where it has one; 0: none
  Model model = Model::sc;
  bool large = false;  // seconds in Release (testing::kRunsLargeChecks)
};

class VerifiedLock : public ::testing::TestWithParam<LockCase> {};

TEST_P(VerifiedLock, IsCorrect) {
  const LockCase& c = GetParam();
  if (c.large && !testing::kRunsLargeChecks) {
    GTEST_SKIP() << testing::kLargeCheckSkipped;
  }
  Options options;
  options.model = c.model;
  const Report report = check([&] { c.program(c.threads, c.increments); }, options);
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_GT(report.executions, 0U);
  if (c.executions != 0) {
    EXPECT_EQ(report.executions, c.executions);
  }
}

// mutex-cas in ../shared/bench-programs has GenMC's counts (6 for both sizes); the notes' TTAS
// tries the compare-exchange first, so it has the same complete executions as the CAS lock.
INSTANTIATE_TEST_SUITE_P(
    Notes, VerifiedLock,
    ::testing::Values(
        LockCase{"cas_2x2", notes::counter_under_lock<notes::CasLock>, 2, 2, 6},
        LockCase{"cas_3x1", notes::counter_under_lock<notes::CasLock>, 3, 1, 6},
        LockCase{"ttas_2x2", notes::counter_under_lock<notes::TtasLock>, 2, 2, 6},
        LockCase{"ttas_3x1", notes::counter_under_lock<notes::TtasLock>, 3, 1, 6},
        LockCase{"weak_ttas_2x2", notes::counter_under_lock<notes::WeakTtasLock>, 2, 2, 6},
        LockCase{"weak_ttas_3x1", notes::counter_under_lock<notes::WeakTtasLock>, 3, 1, 6},
        LockCase{"weft_mutex_2x2", notes::counter_under_weft_mutex, 2, 2, 0},
        LockCase{"weft_mutex_3x1", notes::counter_under_weft_mutex, 3, 1, 0, Model::sc, true}),
    [](const ::testing::TestParamInfo<LockCase>& param) { return std::string(param.param.name); });

// weft::model::Mutex<cell<int>> (lock and unlock are one acquire and one release event each).
void counter_under_model_mutex(int threads, int increments) {
  Mutex<cell<int>> counter{0, "value"};
  std::vector<thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < increments; ++i) {
        auto guard = counter.lock();
        guard->set(guard->get() + 1);
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  WEFT_ASSERT(counter.lock()->get() == threads * increments);
}

// The same locks under RC11: their acquire compare-exchanges and release unlocks order the
// counter's accesses, so every lock is still correct (GenMC's --rc11 counts: the same 6), as is
// weft::model::Mutex. (weft::sync's own algorithm, SyncMutex, parks with atomic::wait, which
// RC11 does not support yet.)
INSTANTIATE_TEST_SUITE_P(
    NotesRc11, VerifiedLock,
    ::testing::Values(
        LockCase{"cas_2x2", notes::counter_under_lock<notes::CasLock>, 2, 2, 6, Model::rc11},
        LockCase{"cas_3x1", notes::counter_under_lock<notes::CasLock>, 3, 1, 6, Model::rc11},
        LockCase{"ttas_2x2", notes::counter_under_lock<notes::TtasLock>, 2, 2, 6, Model::rc11},
        LockCase{"ttas_3x1", notes::counter_under_lock<notes::TtasLock>, 3, 1, 6, Model::rc11},
        LockCase{"weak_ttas_2x2", notes::counter_under_lock<notes::WeakTtasLock>, 2, 2, 6,
                 Model::rc11},
        LockCase{"weak_ttas_3x1", notes::counter_under_lock<notes::WeakTtasLock>, 3, 1, 6,
                 Model::rc11},
        LockCase{"model_mutex_2x2", counter_under_model_mutex, 2, 2, 6, Model::rc11},
        LockCase{"model_mutex_3x1", counter_under_model_mutex, 3, 1, 6, Model::rc11}),
    [](const ::testing::TestParamInfo<LockCase>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace weft::model
