// weft::model::atomic<T> beyond integers and pointers: an enum class, a struct of two int16s,
// double, and atomic_flag, each driving a compare-exchange or test-and-set loop with exact
// execution counts and a seeded bug the checker must report; fetch_max/fetch_min and
// fetch_update. Counts are those of the graphs the program can produce (every graph counted
// once), derived in the comment of each test: under RC11, the default, where a
// compare_exchange_weak that finds its expected value may also fail spuriously (at most once in
// a row on one write), and without those failures, where these programs have their SC counts.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "weft/model.hpp"

namespace weft::model {
namespace {

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_assertion(const Report& report, const std::string& what) {
  EXPECT_EQ(report.verdict, Verdict::failed) << report;
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::assertion) << report;
  EXPECT_TRUE(mentions(report.failure->message, what)) << report;
  EXPECT_FALSE(report.failure->trace.empty()) << report;
  EXPECT_FALSE(report.failure->replay.empty()) << report;
}

// A correct program's report: ok, with exactly `executions` complete executions.
void expect_verified(const Report& report, std::uint64_t executions) {
  EXPECT_TRUE(report.ok()) << report;
  EXPECT_EQ(report.executions, executions) << report;
}

// Under RC11 a second thread in the critical section is first seen as a data race on the plain
// counter it updates: its read is not ordered after the first thread's write.
void expect_race_on_total(const Report& report) {
  EXPECT_EQ(report.verdict, Verdict::failed) << report;
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::data_race) << report;
  EXPECT_TRUE(mentions(report.failure->message, "data race on total")) << report;
  EXPECT_FALSE(report.failure->replay.empty()) << report;
}

// --- What std::atomic allows for which T, checked at compile time ---------------------------

enum class Color : std::uint8_t { red = 1, green = 2, blue = 4 };
struct Pair16 {
  std::int16_t a;
  std::int16_t b;
  friend bool operator==(Pair16, Pair16) = default;
};

template <class A>
concept has_fetch_add = requires(A& a) {
  a.fetch_add({});
};
template <class A>
concept has_fetch_and = requires(A& a) {
  a.fetch_and({});
};
template <class A>
concept has_fetch_max = requires(A& a) {
  a.fetch_max({});
};
template <class A>
concept has_increment = requires(A& a) {
  ++a;
};

static_assert(has_fetch_add<atomic<int>> && has_fetch_and<atomic<int>> &&
              has_fetch_max<atomic<int>> && has_increment<atomic<int>>);
static_assert(has_fetch_add<atomic<double>> && !has_fetch_and<atomic<double>> &&
              !has_fetch_max<atomic<double>> && !has_increment<atomic<double>>);
static_assert(!has_fetch_add<atomic<Color>> && !has_fetch_and<atomic<Color>> &&
              !has_fetch_max<atomic<Color>>);
static_assert(!has_fetch_add<atomic<Pair16>> && !has_fetch_and<atomic<Pair16>>);
static_assert(!has_fetch_add<atomic<bool>> && !has_fetch_and<atomic<bool>> &&
              !has_fetch_max<atomic<bool>>);
static_assert(has_fetch_add<atomic<int*>> && !has_fetch_and<atomic<int*>> &&
              !has_fetch_max<atomic<int*>>);

// --- Single-threaded semantics (one execution each, but for spurious failures) --------------

template <class F>
void run_alone(F&& body, std::uint64_t executions = 1) {
  expect_verified(check(std::forward<F>(body)), executions);
}

// Options without spurious compare_exchange_weak failures.
Options never_spurious() {
  Options options;
  options.spurious_cas_failures = false;
  return options;
}

Options under_sc() {
  Options options;
  options.model = Model::sc;
  return options;
}

// 2 executions: the weak compare-exchange that finds {-1, 7} succeeds, or fails spuriously once
// first (nothing else writes p).
TEST(AtomicTypes, EnumAndStructLoadStoreExchangeCompareExchange) {
  auto body = [] {
    atomic<Color> c{Color::red, "c"};
    WEFT_ASSERT(c.load() == Color::red);
    WEFT_ASSERT(c.exchange(Color::green) == Color::red);
    Color expected = Color::blue;
    WEFT_ASSERT(!c.compare_exchange_strong(expected, Color::red));
    WEFT_ASSERT(expected == Color::green);  // a failed compare-exchange returns what it found
    WEFT_ASSERT(c.compare_exchange_strong(expected, Color::blue));
    WEFT_ASSERT(c == Color::blue);

    atomic<Pair16> p{Pair16{-1, 7}, "p"};
    Pair16 seen = p.load();
    WEFT_ASSERT(seen.a == -1 && seen.b == 7);
    Pair16 wrong{-1, 8};
    WEFT_ASSERT(!p.compare_exchange_weak(wrong, Pair16{0, 0}));
    WEFT_ASSERT(wrong == (Pair16{-1, 7}));
    while (!p.compare_exchange_weak(wrong, Pair16{-32768, 32767})) {
      WEFT_ASSERT(wrong == (Pair16{-1, 7}));
    }
    WEFT_ASSERT(p.load() == (Pair16{-32768, 32767}));
    p = Pair16{1, 2};
    WEFT_ASSERT(static_cast<Pair16>(p) == (Pair16{1, 2}));
  };
  run_alone(body, 2);
}

TEST(AtomicTypes, FloatingFetchAddAndBitPatternCompare) {
  run_alone([] {
    atomic<double> d{1.5, "d"};
    WEFT_ASSERT(d.fetch_add(0.25) == 1.5);
    WEFT_ASSERT(d.fetch_sub(2.0) == 1.75);
    WEFT_ASSERT(d.load() == -0.25);
    WEFT_ASSERT((d += 1.0) == 0.75);
    WEFT_ASSERT((d -= 0.75) == 0.0);
    // compare_exchange compares bit patterns: +0.0 (what d holds) is not -0.0.
    double negative_zero = -0.0;
    WEFT_ASSERT(!d.compare_exchange_strong(negative_zero, 9.0));
    WEFT_ASSERT(!std::signbit(negative_zero));
    // ... and a NaN equals itself.
    d.store(std::numeric_limits<double>::quiet_NaN());
    double nan = std::numeric_limits<double>::quiet_NaN();
    WEFT_ASSERT(d.compare_exchange_strong(nan, 3.0));
    WEFT_ASSERT(d.load() == 3.0);

    atomic<float> f{0.5F, "f"};
    WEFT_ASSERT(f.fetch_add(0.25F) == 0.5F);
    WEFT_ASSERT(f.fetch_sub(1.0F) == 0.75F);
    WEFT_ASSERT(f.load() == -0.25F);
  });
}

TEST(AtomicTypes, FetchMaxAndMinCompareSignedAndUnsigned) {
  run_alone([] {
    atomic<int> i{-5, "i"};
    WEFT_ASSERT(i.fetch_max(-7) == -5);
    WEFT_ASSERT(i.load() == -5);
    WEFT_ASSERT(i.fetch_max(3) == -5);
    WEFT_ASSERT(i.fetch_min(-9) == 3);
    WEFT_ASSERT(i.load() == -9);
    // The same bits, 200 and -56, compared as the type says.
    atomic<std::uint8_t> u{100, "u"};
    WEFT_ASSERT(u.fetch_max(200) == 100);
    WEFT_ASSERT(u.load() == 200);
    atomic<std::int8_t> s{100, "s"};
    WEFT_ASSERT(s.fetch_max(-56) == 100);
    WEFT_ASSERT(s.load() == 100);
    WEFT_ASSERT(s.fetch_min(-56) == 100);
    WEFT_ASSERT(s.load() == -56);
    atomic<std::uint64_t> big{1, "big"};
    WEFT_ASSERT(big.fetch_max(~std::uint64_t{0}) == 1);
    WEFT_ASSERT(big.fetch_min(2) == ~std::uint64_t{0});
    WEFT_ASSERT(big.load() == 2);
  });
}

// Two fetch_max and a fetch_min on one location: every RMW reads the one before it in
// coherence order, so the graphs are the 3! orders of the three RMWs. The result is the same in
// all of them.
TEST(AtomicTypes, ConcurrentFetchMaxIsOneExecutionPerOrder) {
  std::set<int> finals;
  const Report report = check([&] {
    atomic<int> high{0, "high"};
    thread a([&] { high.fetch_max(5, std::memory_order_relaxed); });
    thread b([&] { high.fetch_max(3, std::memory_order_relaxed); });
    high.fetch_min(4, std::memory_order_relaxed);
    a.join();
    b.join();
    finals.insert(high.load());
  });
  expect_verified(report, 6U);
  // min(4) first: 0 -> 0 -> 5/3 -> 5. Otherwise: 5 or 3 and then min(4) gives 4 unless 5 came
  // after it. Orders (m = min, 5, 3): m53 5, m35 5, 5m3 4, 53m 4, 3m5 5, 35m 4.
  EXPECT_EQ(finals, (std::set<int>{4, 5}));
}

TEST(AtomicTypes, TracesPrintTheOperandsAsTheProgramWroteThem) {
  const Report report = check([] {
    atomic<std::int8_t> s{0, "s"};
    atomic<double> d{0.0, "d"};
    s.fetch_min(-3);
    d.fetch_add(0.5);
    WEFT_ASSERT(false);
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_TRUE(mentions(report.failure->trace, "fetch_min(-3, seq_cst) s")) << report;
  EXPECT_TRUE(mentions(report.failure->trace, "fetch_add(0.5, seq_cst) d")) << report;
}

// --- atomic<enum class>: a compare-exchange lock ---------------------------------------------

// The lock word has two values that are neither 0 nor 1, two bytes wide.
enum class LockWord : std::uint16_t { unlocked = 0x0100, locked = 0x0200 };

// The notes' compare-exchange lock over any state type.
template <class State, State unlocked, State locked>
struct CasLock {
  atomic<State> state{unlocked, "lock"};
  void lock() {
    spin_until([&] {
      State expected = unlocked;
      return state.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                           std::memory_order_relaxed);
    });
  }
  void unlock() { state.store(unlocked, std::memory_order_release); }
};

// The seeded bug: `expected` is declared outside the loop, so after one failed compare-exchange
// it holds `locked`, and the next compare-exchange (locked -> locked) "acquires" a held lock.
struct ReusedExpectedLock {
  atomic<LockWord> state{LockWord::unlocked, "lock"};
  void lock() {
    LockWord expected = LockWord::unlocked;
    while (!state.compare_exchange_weak(expected, LockWord::locked, std::memory_order_acquire,
                                        std::memory_order_relaxed)) {
    }
  }
  void unlock() { state.store(LockWord::unlocked, std::memory_order_release); }
};

// `threads` threads each enter the critical section `rounds` times; `inside` counts who is in
// it, so a second thread inside fails the assertion there.
template <class Lock>
void mutual_exclusion(int threads, int rounds) {
  Lock lock;
  atomic<int> inside{0, "inside"};
  cell<int> total{0, "total"};
  std::vector<thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int r = 0; r < rounds; ++r) {
        lock.lock();
        WEFT_ASSERT(inside.fetch_add(1, std::memory_order_relaxed) == 0);
        total.set(total.get() + 1);
        inside.fetch_sub(1, std::memory_order_relaxed);
        lock.unlock();
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  WEFT_ASSERT(total.get() == threads * rounds);
}

using EnumLock = CasLock<LockWord, LockWord::unlocked, LockWord::locked>;
using BoolLock = CasLock<bool, false, true>;

// Every complete execution is one order of the critical sections (each spin_until's
// compare-exchange succeeds in its first counted iteration; everything inside is ordered by
// the lock): 3 threads x 1 gives 3! = 6, 2 threads x 2 gives 4!/(2! 2!) = 6. The enum lock
// makes the same graphs as the same lock over bool (values 0x100/0x200 instead of 0/1), so
// every counter of the two reports is equal.
TEST(AtomicEnumClass, CompareExchangeLockGivesOneExecutionPerLockOrder) {
  for (auto [threads, rounds] : {std::pair{3, 1}, std::pair{2, 2}}) {
    const Report with_enum = check([t = threads, r = rounds] { mutual_exclusion<EnumLock>(t, r); });
    const Report with_bool = check([t = threads, r = rounds] { mutual_exclusion<BoolLock>(t, r); });
    EXPECT_TRUE(with_enum.ok()) << with_enum;
    EXPECT_EQ(with_enum.executions, 6U) << with_enum;
    EXPECT_EQ(with_enum.blocked, with_bool.blocked) << with_enum << with_bool;
    EXPECT_EQ(with_enum.moot, with_bool.moot) << with_enum << with_bool;
    EXPECT_EQ(with_enum.runs, with_bool.runs) << with_enum << with_bool;
  }
}

// The compare-exchange that lets the second thread in expects `locked` (0x200 = 512). Under SC
// both threads are then inside at once; under RC11 it also reads a write that releases
// nothing, so the race on the counter is found first.
TEST(AtomicEnumClass, SeededBugReusedExpectedValueIsCaught) {
  auto body = [] { mutual_exclusion<ReusedExpectedLock>(2, 1); };
  const Report sc = check(body, under_sc());
  expect_assertion(sc, "WEFT_ASSERT(inside.fetch_add(1, std::memory_order_relaxed) == 0)");
  EXPECT_TRUE(mentions(sc.failure->trace, "compare_exchange(512 -> 512, acquire) lock")) << sc;
  const Report rc11 = check(body);
  expect_race_on_total(rc11);
  EXPECT_TRUE(mentions(rc11.failure->trace, "compare_exchange(512 -> 512, acquire) lock")) << rc11;
}

// --- atomic<struct {int16 a, b;}>: a compare-exchange update loop ---------------------------

// Both halves move together: lo down by one, hi up by one.
Pair16 widened(Pair16 r) {
  return Pair16{static_cast<std::int16_t>(r.a - 1), static_cast<std::int16_t>(r.b + 1)};
}

// Two threads widen the range once each with a load and a compare_exchange_weak loop (not a
// waiting loop: it retries only when the other thread wrote in between).
//   Coherence order init < w1 < w2, where w1 is thread 1's and w2 thread 2's successful
//   compare-exchange: thread 1 loads init and succeeds at once (its load cannot read w2, which
//   reads w1, which follows the load). Thread 2's load reads init or w1: reading w1, its first
//   compare-exchange succeeds; reading init, its first compare-exchange reads w1 and fails
//   (reading init would make two successful RMWs of one write) and its second succeeds.
//   2 graphs, and 2 for the other order: 4.
// With spurious failures (RC11's default), per order: thread 1's compare-exchanges all read
// init: it succeeds at once or after one spurious failure (2 ways). Thread 2 loading w1: the
// same 2 ways. Loading init: a spurious failure on init may come first (it cannot succeed
// there: w1 took init), then a real failure on w1, then success or a spurious failure and
// success (2 x 2 = 4). 2 x (2 + 4) = 12 per order: 24.
void widen_twice(bool stale_desired) {
  atomic<Pair16> range{Pair16{0, 0}, "range"};
  auto widen = [&] {
    Pair16 old = range.load(std::memory_order_relaxed);
    const Pair16 first_guess = widened(old);
    while (!range.compare_exchange_weak(old, stale_desired ? first_guess : widened(old),
                                        std::memory_order_relaxed)) {
    }
  };
  thread t(widen);
  widen();
  t.join();
  const Pair16 end = range.load();
  WEFT_ASSERT(end.a == -2 && end.b == 2);
}

TEST(AtomicSmallStruct, CompareExchangeLoopIsFourGraphsOr24WithSpuriousFailures) {
  const Report report = check([] { widen_twice(false); });
  expect_verified(report, 24U);
  EXPECT_EQ(report.blocked, 0U) << report;  // no spin loop
  const Report strict = check([] { widen_twice(false); }, never_spurious());
  expect_verified(strict, 4U);
  const Report sc = check([] { widen_twice(false); }, under_sc());
  expect_verified(sc, 4U);
}

// The seeded bug: the new value is computed once, before the loop, so a retry writes a value
// derived from a stale read and one widening is lost.
TEST(AtomicSmallStruct, SeededBugStaleDesiredValueIsCaught) {
  const Report report = check([] { widen_twice(true); });
  expect_assertion(report, "WEFT_ASSERT(end.a == -2 && end.b == 2) failed in thread 0");
}

// --- atomic<double>: fetch_add against a compare-exchange loop ------------------------------

// Thread 1 adds 0.5 with fetch_add; the main thread doubles the value with a load and a
// compare_exchange_weak loop. Initial 1.0.
//   fetch_add first (reads init): the doubling's load reads init (then its first
//   compare-exchange fails on the sum and the second succeeds) or the sum: 2 graphs, result 3.
//   Doubling first: its load and compare-exchange read init, the fetch_add reads the product:
//   1 graph, result 2.5. 3 executions, results {2.5, 3}.
// With spurious failures (RC11's default; each at most once in a row on one write): fetch_add
// first, the load reading init: the first compare-exchange fails on the sum, or fails
// spuriously on init and then on the sum; then it succeeds at once or after a spurious failure
// (2 x 2). The load reading the sum: 2. Doubling first: success at once or after a spurious
// failure: 2. 8 executions, the same results.
void add_and_double(bool split_doubling, std::set<double>* results) {
  atomic<double> x{1.0, "x"};
  thread adder([&] { x.fetch_add(0.5); });
  if (split_doubling) {
    x.store(x.load() * 2.0);  // the seeded bug: a load and a store, not one update
  } else {
    double old = x.load();
    while (!x.compare_exchange_weak(old, old * 2.0)) {
    }
  }
  adder.join();
  const double end = x.load();
  results->insert(end);
  WEFT_ASSERT(end == 2.5 || end == 3.0);
}

TEST(AtomicDouble, FetchAddAndCompareExchangeLoopAreThreeGraphsOr8WithSpuriousFailures) {
  std::set<double> results;
  const Report report = check([&] { add_and_double(false, &results); });
  expect_verified(report, 8U);
  EXPECT_EQ(results, (std::set<double>{2.5, 3.0}));
  results.clear();
  const Report strict = check([&] { add_and_double(false, &results); }, never_spurious());
  expect_verified(strict, 3U);
  EXPECT_EQ(results, (std::set<double>{2.5, 3.0}));
}

TEST(AtomicDouble, SeededBugSplitUpdateLosesTheAddition) {
  std::set<double> results;
  const Report report = check([&] { add_and_double(true, &results); });
  expect_assertion(report, "WEFT_ASSERT(end == 2.5 || end == 3.0) failed in thread 0");
  EXPECT_TRUE(results.count(2.0) == 1) << report;  // the addition was lost
  EXPECT_TRUE(mentions(report.failure->trace, "fetch_add(0.5, seq_cst) x")) << report;
}

// --- atomic_flag: a test-and-test-and-set lock ---------------------------------------------

struct FlagLock {
  atomic_flag flag{"flag"};
  void lock() {
    while (flag.test_and_set(std::memory_order_acquire)) {
      spin_until([&] { return !flag.test(std::memory_order_relaxed); });
    }
  }
  void unlock() { flag.clear(std::memory_order_release); }
};

// The seeded bug: test, then set, as two operations; both threads can see the flag clear.
struct TestThenSetLock {
  atomic_flag flag{"flag"};
  void lock() {
    spin_until([&] { return !flag.test(std::memory_order_relaxed); });
    flag.test_and_set(std::memory_order_acquire);
  }
  void unlock() { flag.clear(std::memory_order_release); }
};

// Two threads, one round each. Say thread A takes the lock first (its test_and_set reads the
// initial clear flag; B's cannot read it too: two RMWs of one write). B's first test_and_set
// reads either A's clear (it takes the lock at once) or A's set (it fails, writing 1 right after
// A's set, so before A's clear; its spin_until completes only by reading A's clear, and the
// second test_and_set then reads A's clear and succeeds). 2 complete graphs per lock order: 4.
TEST(AtomicFlag, TestAndTestAndSetLockIsFourExecutions) {
  const Report report = check([] { mutual_exclusion<FlagLock>(2, 1); });
  expect_verified(report, 4U);
}

// Under SC both threads end up inside; under RC11 the second one's acquire exchange reads the
// first one's, which releases nothing, so the race on the counter is found first.
TEST(AtomicFlag, SeededBugTestThenSetIsCaught) {
  auto body = [] { mutual_exclusion<TestThenSetLock>(2, 1); };
  const Report sc = check(body, under_sc());
  expect_assertion(sc, "WEFT_ASSERT(inside.fetch_add(1, std::memory_order_relaxed) == 0)");
  EXPECT_TRUE(mentions(sc.failure->trace, "exchange(1, acquire) flag")) << sc;
  const Report rc11 = check(body);
  expect_race_on_total(rc11);
  EXPECT_TRUE(mentions(rc11.failure->trace, "exchange(1, acquire) flag")) << rc11;
}

TEST(AtomicFlag, SingleThreadedSemantics) {
  run_alone([] {
    atomic_flag f{"f"};
    WEFT_ASSERT(!f.test());
    WEFT_ASSERT(!f.test_and_set());
    WEFT_ASSERT(f.test());
    WEFT_ASSERT(f.test_and_set());
    f.clear();
    WEFT_ASSERT(!f.test(std::memory_order_acquire));
    atomic_flag unnamed;
    WEFT_ASSERT(!unnamed.test());
  });
}

// wait/notify on a flag, as on any atomic: the waiter's wait(false) reads the set flag and
// returns, or sleeps until the notify wakes it; the sleep changes nothing any thread sees, so
// it is not a second execution (see WaitNotify.OneWaiterOneNotify). Notifying before setting
// loses the wake-up when the waiter sleeps in between: a deadlock.
Report flag_signal(bool notify_first) {
  return check([notify_first] {
    atomic_flag ready{"ready"};
    thread waiter([&] {
      ready.wait(false);
      WEFT_ASSERT(ready.test());
    });
    if (notify_first) {
      ready.notify_one();
    }
    ready.test_and_set();
    if (!notify_first) {
      ready.notify_all();
    }
    waiter.join();
  });
}

TEST(AtomicFlag, WaitUntilSetAndNotified) {
  const Report report = flag_signal(false);
  expect_verified(report, 1U);
  EXPECT_EQ(report.blocked, 0U) << report;
}

TEST(AtomicFlag, NotifyBeforeSetLosesTheWakeUp) {
  const Report report = flag_signal(true);
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::deadlock) << report;
  EXPECT_TRUE(mentions(report.failure->trace, "[asleep: no notify wakes it]")) << report;
}

// --- fetch_update -------------------------------------------------------------------------

// Two threads each take one unit of a budget of 1, declining (nullopt) when none is left.
//   Say A's update writes (its compare-exchange reads init, after its load read init). B's
//   load reads A's write (0: f declines, no compare-exchange) or init (1: its compare-exchange
//   reads A's write and fails, f is called with 0 and declines). 2 graphs per winner: 4.
// With spurious failures (RC11's default): A succeeds at once or after one spurious failure
// (2); B's compare-exchange after loading init may first fail spuriously on init (3 ways for
// B). 6 per winner: 12.
TEST(FetchUpdate, ExactlyOneOfTwoTakesTheLastUnit) {
  auto body = [] {
    atomic<int> budget{1, "budget"};
    auto take = [&] {
      return fetch_update(budget, std::memory_order_acq_rel, std::memory_order_acquire,
                          [](int b) -> std::optional<int> {
                            if (b == 0) {
                              return std::nullopt;
                            }
                            return b - 1;
                          });
    };
    fetch_update_result<int> other{};
    thread t([&] { other = take(); });
    const fetch_update_result<int> mine = take();
    t.join();
    WEFT_ASSERT(mine.updated != other.updated);
    WEFT_ASSERT((mine ? mine : other).previous == 1);  // the winner took it from 1
    WEFT_ASSERT((mine ? other : mine).previous == 0);  // the loser saw none left
    WEFT_ASSERT(budget.load() == 0);
  };
  const Report report = check(body);
  expect_verified(report, 12U);
  const Report strict = check(body, never_spurious());
  expect_verified(strict, 4U);
}

// f may return T itself (always update): fetch_update is then a fetch-and-modify. Two threads
// updating once each: as for the struct above, 2 graphs per coherence order of the writes, 12
// with spurious failures.
TEST(FetchUpdate, AlwaysUpdatingFunctionBehavesLikeAnRmw) {
  std::set<int> finals;
  auto body = [&] {
    atomic<int> x{3, "x"};
    thread t([&] {
      fetch_update(x, std::memory_order_relaxed, std::memory_order_relaxed,
                   [](int v) { return v * 2; });
    });
    const auto r = fetch_update(x, std::memory_order_relaxed, std::memory_order_relaxed,
                                [](int v) { return v + 1; });
    WEFT_ASSERT(r.updated);
    t.join();
    finals.insert(x.load());
  };
  const Report report = check(body);
  expect_verified(report, 24U);
  EXPECT_EQ(finals, (std::set<int>{7, 8}));  // (3 * 2) + 1 and (3 + 1) * 2
  finals.clear();
  const Report strict = check(body, never_spurious());
  expect_verified(strict, 4U);
  EXPECT_EQ(finals, (std::set<int>{7, 8}));
}

}  // namespace
}  // namespace weft::model
