// weft::model's std-like API behaves like the standard types in a single-threaded body (where
// exactly one execution exists), and the single-execution counts prove nothing else happens.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "weft/model.hpp"

namespace weft::model {
namespace {

// Runs `body` alone and expects exactly one execution without failure.
template <class F>
void run_alone(F&& body) {
  const Report report = check(std::forward<F>(body));
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 1U);
}

TEST(AtomicApi, LoadStoreExchange) {
  run_alone([] {
    atomic<int> x{5, "x"};
    WEFT_ASSERT(x.load() == 5);
    x.store(-3, std::memory_order_release);
    WEFT_ASSERT(x.load(std::memory_order_acquire) == -3);
    WEFT_ASSERT(x.exchange(7) == -3);
    WEFT_ASSERT(x == 7);
    x = 9;
    WEFT_ASSERT(static_cast<int>(x) == 9);
  });
}

TEST(AtomicApi, CompareExchangeOverloads) {
  run_alone([] {
    atomic<unsigned> x{1};
    unsigned expected = 2;
    WEFT_ASSERT(!x.compare_exchange_strong(expected, 3));
    WEFT_ASSERT(expected == 1);
    WEFT_ASSERT(x.compare_exchange_strong(expected, 3, std::memory_order_acq_rel));
    WEFT_ASSERT(x.load() == 3);
    expected = 0;
    WEFT_ASSERT(!x.compare_exchange_weak(expected, 5));  // a real failure: 3 is not 0
    WEFT_ASSERT(expected == 3);
  });
}

// A compare_exchange_weak that finds its expected value may still fail (the standard allows
// it): alone in its body it gives two executions under RC11, the default, one in which it
// writes and one in which it fails and leaves `expected` as it was; one without spurious
// failures or under SC.
TEST(AtomicApi, CompareExchangeWeakMayFailSpuriously) {
  auto body = [] {
    atomic<unsigned> x{3};
    unsigned expected = 3;
    const bool swapped =
        x.compare_exchange_weak(expected, 4, std::memory_order_acquire, std::memory_order_relaxed);
    WEFT_ASSERT(expected == 3);
    WEFT_ASSERT(x.load() == (swapped ? 4U : 3U));
  };
  const Report rc11 = check(body);
  EXPECT_TRUE(rc11.ok()) << rc11;
  EXPECT_EQ(rc11.executions, 2U) << rc11;
  Options never_spurious;
  never_spurious.spurious_cas_failures = false;
  const Report rc11_strict = check(body, never_spurious);
  EXPECT_TRUE(rc11_strict.ok()) << rc11_strict;
  EXPECT_EQ(rc11_strict.executions, 1U) << rc11_strict;
  Options sc;
  sc.model = Model::sc;
  const Report sequential = check(body, sc);
  EXPECT_TRUE(sequential.ok()) << sequential;
  EXPECT_EQ(sequential.executions, 1U) << sequential;
}

TEST(AtomicApi, FetchOperationsAndOperators) {
  run_alone([] {
    atomic<int> x{10};
    WEFT_ASSERT(x.fetch_add(5) == 10);
    WEFT_ASSERT(x.fetch_sub(3) == 15);
    WEFT_ASSERT(x.fetch_and(0b1010) == 12);
    WEFT_ASSERT(x.fetch_or(0b0101) == 8);
    WEFT_ASSERT(x.fetch_xor(0b1111) == 13);
    WEFT_ASSERT(x.load() == 2);
    WEFT_ASSERT(++x == 3);
    WEFT_ASSERT(x++ == 3);
    WEFT_ASSERT(--x == 3);
    WEFT_ASSERT(x-- == 3);
    WEFT_ASSERT((x += 10) == 12);
    WEFT_ASSERT((x -= 2) == 10);
    WEFT_ASSERT((x &= 6) == 2);
    WEFT_ASSERT((x |= 5) == 7);
    WEFT_ASSERT((x ^= 1) == 6);
  });
}

TEST(AtomicApi, NarrowTypesWrapAround) {
  run_alone([] {
    atomic<std::uint8_t> u{250};
    u.fetch_add(10);
    WEFT_ASSERT(u.load() == 4);
    atomic<std::int8_t> s{-128};
    s.fetch_sub(1);
    WEFT_ASSERT(s.load() == 127);
    atomic<std::int64_t> big{-1};
    WEFT_ASSERT(big.fetch_add(1) == -1);
    WEFT_ASSERT(big.load() == 0);
  });
}

TEST(AtomicApi, BoolAndPointer) {
  run_alone([] {
    atomic<bool> flag{false};
    WEFT_ASSERT(!flag.exchange(true));
    WEFT_ASSERT(flag.load());
    static int values[4] = {1, 2, 3, 4};
    atomic<int*> p{&values[0]};
    WEFT_ASSERT(p.fetch_add(2) == &values[0]);
    WEFT_ASSERT(*p.load() == 3);
    WEFT_ASSERT(--p == &values[1]);
  });
}

TEST(CellApi, GetSetWithAndWithMut) {
  run_alone([] {
    cell<double> c{1.5, "c"};
    WEFT_ASSERT(c.get() == 1.5);
    c.set(2.5);
    WEFT_ASSERT(c.with([](const double& v) { return v * 2; }) == 5.0);
    c.with_mut([](double& v) { v += 1; });
    WEFT_ASSERT(c.get() == 3.5);
    const int r = c.with_mut([](double& v) {
      v = 0;
      return 7;
    });
    WEFT_ASSERT(r == 7 && c.get() == 0.0);
  });
}

TEST(ThreadApi, IdsJoinableAndArguments) {
  run_alone([] {
    const thread::id main_id = this_thread::get_id();
    atomic<int> sum{0};
    thread t(
        [&](int a, int b) {
          WEFT_ASSERT(this_thread::get_id() != main_id);
          sum.fetch_add(a + b);
        },
        2, 3);
    WEFT_ASSERT(t.joinable());
    WEFT_ASSERT(t.get_id() != thread::id());
    thread moved = std::move(t);
    WEFT_ASSERT(!t.joinable());
    moved.join();
    WEFT_ASSERT(!moved.joinable());
    WEFT_ASSERT(sum.load() == 5);
  });
}

TEST(ThreadApi, FenceIsAnEvent) {
  const Report report = check([] {
    atomic<int> x{0};
    thread t([&] {
      x.store(1, std::memory_order_relaxed);
      fence(std::memory_order_seq_cst);
    });
    fence(std::memory_order_acquire);
    (void)x.load(std::memory_order_relaxed);
    t.join();
  });
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, 2U);  // the load reads 0 or 1
}

// Options::on_execution: once per counted execution, numbered, after the body returned, with
// whether it failed. Two threads store to a cell: 2 coherence orders, both racy; with a
// relaxed atomic instead, 2 executions without failure.
TEST(CheckOptions, OnExecutionSeesEveryCountedExecutionOnceAfterItsBody) {
  for (const bool racy : {true, false}) {
    std::vector<std::uint64_t> numbers;
    std::vector<bool> failed;
    int last_value = -1;
    int seen_value = -1;
    std::vector<std::string> graphs;
    Options options;
    options.stop_at_first_failure = false;
    options.on_execution = [&](const CountedExecution& e) {
      numbers.push_back(e.number());
      failed.push_back(e.failed());
      seen_value = last_value;
      graphs.push_back(e.graphviz("t"));
    };
    const Report report = check(
        [&] {
          last_value = -1;
          cell<int> c{0, "c"};
          atomic<int> a{0, "a"};
          thread t([&] { racy ? c.set(1) : a.store(1, std::memory_order_relaxed); });
          racy ? c.set(2) : a.store(2, std::memory_order_relaxed);
          t.join();
          last_value = racy ? c.get() : a.load();
        },
        options);
    EXPECT_EQ(report.executions, 2U) << report;
    EXPECT_EQ(numbers, (std::vector<std::uint64_t>{1, 2}));
    // Both executions race (the second has the pair by replay, in the other coherence order).
    EXPECT_EQ(failed, (std::vector<bool>{racy, racy}));
    EXPECT_EQ(report.failed_executions, racy ? 2U : 0U) << report;
    EXPECT_NE(seen_value, -1);  // called after the body's last statement
    // The graphs: the two stores in both coherence orders, read by the load after the join.
    ASSERT_EQ(graphs.size(), 2U);
    EXPECT_NE(graphs[0], graphs[1]);
    for (const std::string& dot : graphs) {
      EXPECT_EQ(dot.rfind("digraph \"weft\" {", 0), 0U) << dot;
      EXPECT_NE(dot.find("label=\"mo " + std::string(racy ? "c" : "a") + "\""), std::string::npos)
          << dot;
      EXPECT_NE(dot.find("[color=red, fontcolor=red, label=\"rf\"]"), std::string::npos) << dot;
    }
  }
}

// Options::time_limit_seconds: 9! orders of nine fetch_adds take far longer than 50 ms; the
// exploration stops there with bound_reached, never ok.
TEST(CheckOptions, TimeLimitIsABoundNotAPass) {
  Options options;
  options.time_limit_seconds = 0.05;
  const Report report = check(
      [] {
        atomic<int> x{0, "x"};
        std::vector<thread> threads;
        for (int i = 0; i < 8; ++i) {
          threads.emplace_back([&] { x.fetch_add(1, std::memory_order_relaxed); });
        }
        x.fetch_add(1, std::memory_order_relaxed);
        for (thread& t : threads) {
          t.join();
        }
      },
      options);
  EXPECT_EQ(report.verdict, Verdict::bound_reached) << report;
  EXPECT_EQ(report.bound, "time_limit_seconds = 0.05") << report;
  EXPECT_GT(report.executions, 0U);
  EXPECT_LT(report.executions, 362'880U);
}

}  // namespace
}  // namespace weft::model
