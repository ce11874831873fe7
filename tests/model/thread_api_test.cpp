// weft::model::thread's detach() and weft::model::thread_local_value<T>.

#include <gtest/gtest.h>

#include <string>

#include "weft/model.hpp"
#include "weft/model/thread_local.hpp"

namespace weft::model {
namespace {

TEST(ModelThread, DetachedThreadRunsToItsEnd) {
  // The detached thread's store may come before or after main's load; either way it runs, and
  // its failure (a seeded one: it asserts what main read) is found after main's end.
  const Report report = check([] {
    auto x = std::make_shared<atomic<int>>(0, "x");
    thread t([x] { x->store(1); });
    t.detach();
    WEFT_ASSERT(!t.joinable());
    const int seen = x->load();
    WEFT_ASSERT(seen == 0 || seen == 1);
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 2U);

  const Report failing = check([] {
    auto x = std::make_shared<atomic<int>>(0, "x");
    thread t([x] { WEFT_ASSERT(x->load() == 0); });
    t.detach();
    x->store(1);
  });
  ASSERT_TRUE(failing.failure.has_value());
  EXPECT_EQ(failing.failure->kind, FailureKind::assertion) << failing;
}

TEST(ModelThread, DetachedThreadThatNeverFinishesIsReported) {
  const Report report = check([] {
    auto flag = std::make_shared<atomic<int>>(0, "flag");
    thread t([flag] { spin_until([&] { return flag->load() == 1; }); });
    t.detach();  // nobody ever sets the flag
  });
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->kind, FailureKind::liveness) << report;
}

TEST(ModelThreadLocal, EachThreadHasItsOwnValueFreshInEveryExecution) {
  // loom tests/thread_local.rs, thread_local: each thread sees its own initial value and its
  // own updates, in every execution.
  const Report report = check([] {
    thread_local_value<int> value{[] { return 1; }};
    auto body = [&](int mine) {
      WEFT_ASSERT(value.get() == 1);
      value.get() = mine;
      WEFT_ASSERT(value.get() == mine);
    };
    thread t1([&] { body(2); });
    thread t2([&] { body(3); });
    body(4);
    t1.join();
    t2.join();
    WEFT_ASSERT(value.get() == 4);
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U);  // plain memory only: one execution
}

TEST(ModelThreadLocal, InitializerRunsOncePerThread) {
  const Report report = check([] {
    atomic<int> made{0, "made"};
    thread_local_value<std::string> name{[&] {
      made.fetch_add(1);
      return std::string("t");
    }};
    thread t([&] {
      name.get() += "1";
      name.get() += "1";
      WEFT_ASSERT(name.get() == "t11");
    });
    WEFT_ASSERT(!name.has_value());
    name.get() += "0";
    t.join();
    WEFT_ASSERT(name.get() == "t0");
    WEFT_ASSERT(made.load() == 2);
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 2U);  // the two initializers' fetch_adds in either order
}

}  // namespace
}  // namespace weft::model

namespace weft::model {
namespace {

// A yield outside any loop is a scheduling hint: it neither blocks nor fails the thread. A loop
// of yields that reads nothing shared can never end: a liveness failure, not a hang.
TEST(ModelYield, AYieldOutsideALoopIsOnlyAHint) {
  const Report once = check([] {
    atomic<int> x{0, "x"};
    thread other([&] { x.store(2); });
    x.store(1);
    yield_now();
    x.store(3);
    other.join();
  });
  EXPECT_TRUE(once.ok()) << once;
  EXPECT_EQ(once.executions, 3U);  // other's store before 1, between 1 and 3, after 3

  const Report forever = check([] {
    for (;;) {
      yield_now();
    }
  });
  ASSERT_EQ(forever.verdict, Verdict::failed) << forever;
  EXPECT_EQ(forever.failure->kind, FailureKind::liveness) << forever;
}

}  // namespace
}  // namespace weft::model

namespace weft::model {
namespace {

// A spawn is recorded at the line that created the thread (a thread with arguments: no line).
TEST(ModelThread, SpawnRecordsTheCallersLine) {
  const Report report = check([] {
    atomic<int> x{0, "x"};
    thread t([&] { x.store(1); });  // the spawn's line
    t.join();
    WEFT_ASSERT(x.load() == 2);
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  const std::string& trace = report.failure->trace;
  const auto spawn = trace.find("spawn thread 1");
  ASSERT_NE(spawn, std::string::npos) << trace;
  const std::string line = trace.substr(spawn, trace.find('\n', spawn) - spawn);
  EXPECT_NE(line.find("thread_api_test.cpp:" + std::to_string(__LINE__ - 9)), std::string::npos)
      << line;
}

}  // namespace
}  // namespace weft::model
