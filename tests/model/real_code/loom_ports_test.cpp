// loom's own tests (tokio-rs/loom v0.7.2, tests/*.rs), ported to weft::model as a loom user
// would: Rc/Arc become std::shared_ptr, loom::sync::Mutex weft::model::Mutex (one operation per
// lock and unlock, as loom's: executions are lock orders), UnsafeCell weft::model::cell,
// thread::spawn weft::model::thread, `loop { ...; yield_now() }` spin_until().
// Each test names its source. What the port had to change, because weft::model has no such
// thing, is said where it happens:
//   - loom tests that drop a JoinHandle join it at the end here (weft::model::thread::detach()
//     exists now; the ports keep their joins);
//   - thread has no return value: the result goes through a variable the joiner reads;
//   - Mutex has no into_inner(): the value is read under the lock;
//   - there is no channel: a send is a plain write published by a release store.
// A loom `#[should_panic]` test is a test of the failure weft reports.

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <variant>
#include <vector>

#include "expect_failure.hpp"
#include "weft/model.hpp"

namespace weft::model::real_code {
namespace {

constexpr auto seq_cst = std::memory_order_seq_cst;
constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;

// loom tests/mutex.rs: mutex_enforces_mutual_exclusion.
TEST(LoomMutex, MutexEnforcesMutualExclusion) {
  const Report report = check([] {
    struct Data {
      Mutex<std::size_t> lock{0U};
      atomic<std::size_t> count{0U};
    };
    auto data = std::make_shared<Data>();
    std::vector<thread> ths;
    for (int i = 0; i < 2; ++i) {
      ths.emplace_back([data] {
        auto locked = data->lock.lock();
        const std::size_t prev = data->count.fetch_add(1, seq_cst);
        WEFT_ASSERT(prev == *locked);
        *locked += 1;
      });
    }
    for (thread& th : ths) {
      th.join();
    }
    auto locked = data->lock.lock();
    WEFT_ASSERT(*locked == data->count.load(seq_cst));
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;  // the two threads' lock orders
}

// loom tests/mutex.rs: mutex_establishes_seq_cst. loom leaves the thread detached; here it is
// joined at the end.
TEST(LoomMutex, MutexEstablishesSeqCst) {
  const Report report = check([] {
    struct Data {
      weft::model::cell<std::size_t> cell{0U, "cell"};
      Mutex<bool> flag{false};
    };
    auto data = std::make_shared<Data>();
    thread th([data] {
      data->cell.with_mut([](std::size_t& v) { v = 1; });
      *data->flag.lock() = true;
    });
    const bool flag = *data->flag.lock();
    if (flag) {
      const std::size_t v = data->cell.with([](std::size_t value) { return value; });
      WEFT_ASSERT(v == 1);
    }
    th.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;  // main locks before or after the thread
}

// loom tests/mutex.rs: mutex_into_inner. weft's Mutex has no into_inner(): read under the lock.
TEST(LoomMutex, MutexIntoInner) {
  const Report report = check([] {
    auto lock = std::make_shared<Mutex<int>>(0);
    std::vector<thread> ths;
    for (int i = 0; i < 2; ++i) {
      ths.emplace_back([lock] { *lock->lock() += 1; });
    }
    for (thread& th : ths) {
      th.join();
    }
    WEFT_ASSERT(*lock->lock() == 2);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;  // the two threads' lock orders
}

// loom tests/deadlock.rs: two_mutexes_deadlock (#[should_panic]).
TEST(LoomDeadlock, TwoMutexesDeadlock) {
  const Report report = check([] {
    auto a = std::make_shared<Mutex<int>>(1);
    auto b = std::make_shared<Mutex<int>>(2);
    thread th1([a, b] {
      auto a_lock = a->lock();
      auto b_lock = b->lock();
      WEFT_ASSERT(*a_lock + *b_lock == 3);
    });
    thread th2([a, b] {
      auto b_lock = b->lock();
      auto a_lock = a->lock();
      WEFT_ASSERT(*a_lock + *b_lock == 3);
    });
    th1.join();
    th2.join();
  });
  expect_failure(report, FailureKind::deadlock, "every remaining thread waits for ever");
  EXPECT_TRUE(mentions(report.failure->message, "thread 1 waits")) << report;
  EXPECT_TRUE(mentions(report.failure->message, "thread 2 waits")) << report;
}

// loom tests/atomic.rs: fetch_add_atomic. The spawned thread's result goes through `v2`.
TEST(LoomAtomic, FetchAddAtomic) {
  const Report report = check([] {
    auto a1 = std::make_shared<atomic<std::size_t>>(0U);
    auto a2 = a1;
    std::size_t v2 = 0;
    thread th([a2, &v2] { v2 = a2->fetch_add(1, relaxed); });
    const std::size_t v1 = a1->fetch_add(1, relaxed);
    th.join();
    WEFT_ASSERT(v1 != v2);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;
}

// loom tests/smoke.rs: checks_fail (#[should_panic]): a load and a separate store lose an
// increment.
TEST(LoomSmoke, ChecksFail) {
  struct BuggyInc {
    atomic<std::size_t> num{0U, "num"};
    void inc() {
      const std::size_t curr = num.load(acquire);
      num.store(curr + 1, release);
    }
  };
  const Report report = check([] {
    auto buggy_inc = std::make_shared<BuggyInc>();
    std::vector<thread> ths;
    for (int i = 0; i < 2; ++i) {
      ths.emplace_back([buggy_inc] { buggy_inc->inc(); });
    }
    for (thread& th : ths) {
      th.join();
    }
    WEFT_ASSERT(2 == buggy_inc->num.load(relaxed));
  });
  expect_failure(report, FailureKind::assertion, "WEFT_ASSERT(2 == buggy_inc->num.load(relaxed))");
}

// loom tests/smoke.rs (its later versions): check_ordering_valid, check_ordering_invalid_1 and
// check_ordering_invalid_2 (both #[should_panic]; the first versions' check_ordering), under RC11
// (their subject is orderings): a thread stores n1.0 = 1 (relaxed) then n1.1 = 1 (`flag_store`) and
// is dropped (detached); main reads n1.1 (`flag_load`) and, when it reads 1, asserts that n1.0
// is 1. Only a release store read by an acquire load makes it so.
Report check_ordering(std::memory_order flag_store, std::memory_order flag_load) {
  Options options;
  options.model = Model::rc11;
  return check(
      [flag_store, flag_load] {
        auto n1 = std::make_shared<std::pair<atomic<std::size_t>, atomic<std::size_t>>>();
        auto n2 = n1;
        thread th([n1, flag_store] {
          n1->first.store(1, relaxed);
          n1->second.store(1, flag_store);
        });
        th.detach();
        if (1 == n2->second.load(flag_load)) {
          WEFT_ASSERT(1 == n2->first.load(relaxed));
        }
      },
      options);
}

TEST(LoomSmoke, CheckOrderingValid) {
  const Report report = check_ordering(release, acquire);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;  // main reads n1.1 == 0, or 1 and then n1.0 == 1
}

TEST(LoomSmoke, CheckOrderingInvalid1) {
  const Report report = check_ordering(release, relaxed);
  expect_failure(report, FailureKind::assertion, "1 == n2->first.load(relaxed)");
  EXPECT_TRUE(mentions(report.failure->trace, "newer in coherence")) << report;
}

TEST(LoomSmoke, CheckOrderingInvalid2) {
  const Report report = check_ordering(relaxed, relaxed);
  expect_failure(report, FailureKind::assertion, "1 == n2->first.load(relaxed)");
}

// loom tests/yield.rs: yield_completes. loom's thread is detached; here it is joined. The
// `loop { if 1 == load { return } yield_now() }` is spin_until(): one execution. The loop that
// read 0 takes the store in place when it comes (no blocked execution, as GenMC).
TEST(LoomYield, YieldCompletes) {
  const Report report = check([] {
    auto inc = std::make_shared<atomic<std::size_t>>(0U);
    thread th([inc] { inc->store(1, relaxed); });
    spin_until([&] { return 1 == inc->load(relaxed); });
    th.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
  EXPECT_EQ(report.blocked, 0U) << report;
}

// loom tests/thread_api.rs: many_joins.
TEST(LoomThreadApi, ManyJoins) {
  const Report report = check([] {
    std::vector<thread> handles;
    auto mutex = std::make_shared<Mutex<std::monostate>>();
    {
      auto lock = mutex->lock();
      for (int i = 1; i < 3; ++i) {
        handles.emplace_back([mutex] { static_cast<void>(mutex->lock()); });
      }
    }  // std::mem::drop(lock)
    for (thread& handle : handles) {
      handle.join();
    }
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;  // after main unlocks, either thread first
}

// loom tests/thread_api.rs: alt_join: th1's handle moves into th2's closure, and th2 joins a
// thread it did not spawn.
TEST(LoomThreadApi, AltJoin) {
  const Report report = check([] {
    auto arcmut = std::make_shared<Mutex<std::optional<thread>>>();
    std::optional<MutexGuard<std::optional<thread>>> lock(arcmut->lock());
    auto arcmut2 = arcmut;
    thread th1([] {});
    thread th2([arcmut2, th1 = std::move(th1)]() mutable {
      static_cast<void>(arcmut2->lock());
      th1.join();
    });
    thread th3([] {});
    lock.reset();  // std::mem::drop(lock)
    th3.join();
    th2.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;  // th2 locks only after main unlocks
}

// loom tests/thread_api.rs: threads_have_unique_ids. The channel becomes a plain thread::id
// published by a release store that the receiver spins on.
TEST(LoomThreadApi, ThreadsHaveUniqueIds) {
  const Report report = check([] {
    struct Channel {
      thread::id value;
      atomic<bool> sent{false, "sent"};
      void send(thread::id id) {
        value = id;
        sent.store(true, release);
      }
      thread::id recv() {
        spin_until([&] { return sent.load(acquire); });
        return value;
      }
    };
    Channel chan1;
    thread th1([&] { chan1.send(this_thread::get_id()); });
    const thread::id thread_id_1 = chan1.recv();
    WEFT_ASSERT(th1.get_id() == thread_id_1);
    WEFT_ASSERT(this_thread::get_id() != thread_id_1);
    th1.join();

    Channel chan2;
    thread th2([&] { chan2.send(this_thread::get_id()); });
    const thread::id thread_id_2 = chan2.recv();
    WEFT_ASSERT(th2.get_id() == thread_id_2);
    WEFT_ASSERT(this_thread::get_id() != thread_id_2);
    WEFT_ASSERT(thread_id_1 != thread_id_2);
    th2.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
  // A recv() that read sent == false awaits the send in place: no blocked execution.
  EXPECT_EQ(report.blocked, 0U) << report;
}

// loom tests/unsafe_cell.rs: the Chan of atomic_causality_success / atomic_causality_fail.
struct Chan {
  weft::model::cell<std::size_t> data{0U, "data"};
  atomic<std::size_t> guard{0U, "guard"};

  void set() {
    data.with_mut([](std::size_t& v) { v += 123; });
    guard.store(1, release);
  }
  // atomic_causality_success's get(): reads the data only once the guard says it is there.
  void get() {
    if (0 == guard.load(acquire)) {
      return;
    }
    data.with([](std::size_t v) { WEFT_ASSERT(v == 123); });
  }
  // atomic_causality_fail's get(): reads it regardless.
  void get_unguarded() {
    data.with([](std::size_t v) { WEFT_ASSERT(v == 123); });
  }
};

// loom tests/unsafe_cell.rs: atomic_causality_success.
TEST(LoomUnsafeCell, AtomicCausalitySuccess) {
  const Report report = check([] {
    auto chan = std::make_shared<Chan>();
    thread th([chan] { chan->set(); });
    chan->get();  // try getting before joining
    th.join();
    chan->get();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;
}

// loom tests/unsafe_cell.rs: atomic_causality_fail (#[should_panic]). loom reports a causality
// violation; weft's first execution reads the data before the other thread has written it, so
// the assertion fails before a race exists (the race itself: PlainMemory.FlagRaisedBeforeTheWrite).
TEST(LoomUnsafeCell, AtomicCausalityFail) {
  const Report report = check([] {
    auto chan = std::make_shared<Chan>();
    thread th([chan] { chan->set(); });
    chan->get_unguarded();  // try getting before joining
    th.join();
    chan->get_unguarded();
  });
  expect_failure(report, FailureKind::assertion, "WEFT_ASSERT(v == 123) failed");
  EXPECT_TRUE(mentions(report.failure->trace, "read data -> 0")) << report;
}

// loom tests/unsafe_cell.rs: the Data of the unsafe_cell_* tests.
class Data {
 public:
  explicit Data(std::size_t v) : cell_(std::make_shared<weft::model::cell<std::size_t>>(v)) {}
  std::size_t get() const {
    return cell_->with([](std::size_t v) { return v; });
  }
  std::size_t inc() {
    return cell_->with_mut([](std::size_t& v) { return ++v; });
  }

 private:
  std::shared_ptr<weft::model::cell<std::size_t>> cell_;
};

// loom tests/unsafe_cell.rs: unsafe_cell_race_mut_mut_1 (#[should_panic]).
TEST(LoomUnsafeCell, UnsafeCellRaceMutMut1) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    thread th1([x]() mutable { x.inc(); });
    y.inc();
    th1.join();
    WEFT_ASSERT(4 == y.inc());
  });
  expect_failure(report, FailureKind::data_race, "data race");
}

// loom tests/unsafe_cell.rs: unsafe_cell_ok_3: a thread spawns a thread; reads only.
TEST(LoomUnsafeCell, UnsafeCellOk3) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    thread th1([x] {
      WEFT_ASSERT(1 == x.get());
      Data z = x;
      thread th2([z] { WEFT_ASSERT(1 == z.get()); });
      WEFT_ASSERT(1 == x.get());
      th2.join();
    });
    WEFT_ASSERT(1 == y.get());
    th1.join();
    WEFT_ASSERT(2 == y.inc());
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/spec.rs: test_seq_cst, which loom #[ignore]s because it explores z == 0, an outcome
// seq_cst forbids (loom treats SeqCst as AcqRel: wrong). Checked under RC11, whose SC axiom
// forbids it: z is 1 or 2. The thread storing y is detached in loom; here it is joined.
TEST(LoomSpec, TestSeqCst) {
  std::set<std::size_t> seen;
  Options options;
  options.model = Model::rc11;
  const Report report = check(
      [&seen] {
        atomic<bool> x{false, "x"};
        atomic<bool> y{false, "y"};
        atomic<std::size_t> z{0U, "z"};
        thread ty([&] { y.store(true, seq_cst); });
        thread t1([&] {
          spin_until([&] { return x.load(seq_cst); });
          if (y.load(seq_cst)) {
            z.fetch_add(1, relaxed);
          }
        });
        thread t2([&] {
          spin_until([&] { return y.load(seq_cst); });
          if (x.load(seq_cst)) {
            z.fetch_add(1, relaxed);
          }
        });
        x.store(true, seq_cst);
        t1.join();
        t2.join();
        ty.join();
        const std::size_t z_value = z.load(seq_cst);
        WEFT_ASSERT_MSG(z_value != 0, "z == 0 is not possible with SeqCst");
        seen.insert(z_value);
      },
      options);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 4U) << report;  // z: 1 (two ways), or 2 (two orders of the adds)
  EXPECT_EQ(seen, (std::set<std::size_t>{1, 2})) << report;
}

// loom tests/spec.rs: acq_rel, the same program with release stores and acquire loads. loom
// expects z in {0, 1, 2}: under RC11 z == 0 is reached (the IRIW shape: each waiting thread
// sees its own flag and not the other), in 1 of 5 executions; under SC it is not.
std::set<std::size_t> acq_rel_spec(Model model, Report* report) {
  std::set<std::size_t> seen;
  Options options;  // Options{.model = Model::sc} trips -Wmissing-field-initializers
  options.model = model;
  *report = check(
      [&seen] {
        atomic<bool> x{false, "x"};
        atomic<bool> y{false, "y"};
        atomic<std::size_t> z{0U, "z"};
        thread ty([&] { y.store(true, release); });
        thread t1([&] {
          spin_until([&] { return x.load(acquire); });
          if (y.load(acquire)) {
            z.fetch_add(1, relaxed);
          }
        });
        thread t2([&] {
          spin_until([&] { return y.load(acquire); });
          if (x.load(acquire)) {
            z.fetch_add(1, relaxed);
          }
        });
        x.store(true, release);
        t1.join();
        t2.join();
        ty.join();
        seen.insert(z.load(seq_cst));
      },
      options);
  return seen;
}

TEST(LoomSpec, AcqRel) {
  Report report;
  EXPECT_EQ(acq_rel_spec(Model::rc11, &report), (std::set<std::size_t>{0, 1, 2}));
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 5U) << report;
}

TEST(LoomSpec, AcqRelUnderSequentialConsistency) {
  Report report;
  EXPECT_EQ(acq_rel_spec(Model::sc, &report), (std::set<std::size_t>{1, 2}));
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 4U) << report;  // z: 1 (two ways), or 2 (two orders of the adds)
}

}  // namespace
}  // namespace weft::model::real_code
