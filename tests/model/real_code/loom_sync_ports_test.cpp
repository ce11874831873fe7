// loom's condvar, rwlock, thread_local, unsafe_cell and atomic tests (tokio-rs/loom v0.7.2,
// tests/*.rs at 948c8cc), ported to weft::model (issue 13, point 1), in the style of
// loom_ports_test.cpp: Rc/Arc become std::shared_ptr, loom::sync::Mutex weft::model::mutex,
// RwLock weft::model::RwLock or shared_mutex, Condvar condition_variable, UnsafeCell cell,
// thread::spawn weft::model::thread (a handle loom drops is detach()ed), thread_local!
// thread_local_value. Each test names its loom file and test; a loom #[should_panic] test
// asserts the failure weft reports. Execution counts are explained where they are asserted.
//
// The seven files' tests and where their ports are:
//   - mutex.rs (mutex_enforces_mutual_exclusion, mutex_establishes_seq_cst, mutex_into_inner),
//     deadlock.rs (two_mutexes_deadlock), atomic.rs: fetch_add_atomic, unsafe_cell.rs:
//     atomic_causality_success, atomic_causality_fail, unsafe_cell_race_mut_mut_1,
//     unsafe_cell_ok_3: loom_ports_test.cpp.
//   - Everything else that can be ported: this file. (thread_local.rs: thread_local and
//     rwlock.rs: rwlock_read_one have looser versions in thread_api_test.cpp and
//     locks_test.cpp; here they are ported as loom wrote them.)
//
// No test in these seven files needs weak memory for loom's verdict. compare_and_swap_reads_
// old_values is the one whose subject is weak memory: it is checked under both models
// (under SC, then RC11).
//
// Two weft bugs these ports found, now fixed: a yield_now() outside a loop was taken as a spin
// loop's failed iteration (rwlock.rs: rwlock_read_two_write_one, rwlock_write_three reported a
// liveness failure; their ...NoYield twins give the same counts), and thread_local_value kept a
// thread's value until the object died instead of destroying it when the thread returned
// (thread_local.rs: drop).
//
// Not ported:
//   - atomic.rs: lazy_static_arc_shutdown, lazy_static_arc_race, lazy_static_arc_doesnt_leak:
//     they test loom's lazy_static! (statics initialized once per execution, torn down at its
//     end, an access during the teardown reported) and loom's Arc leak check. weft::model has
//     neither: a C++ static is shared by every execution, and every model object is created
//     inside the body (legal_load_after_lazy_static is ported that way below).
//   - atomic.rs: invalid_unsync_load_relaxed (#[should_panic]): unsync_load() is a non-atomic
//     read of an atomic's location; weft::model::atomic, like std::atomic, has no non-atomic
//     access, and a cell is a different location.
// Changed in the ports (weft has no such thing):
//   - rwlock.rs's try_read/try_write tests try the lock from the thread that holds it. weft's
//     RwLock<T> has no try_read/try_write, and shared_mutex's try_lock()/try_lock_shared() by a
//     thread that holds the lock is misuse (undefined behaviour for std::shared_mutex), not
//     Rust's Err(WouldBlock). The ports hold the lock in the main thread and try it from a
//     second thread, spawned and joined while the guard is held: the try must fail, as in loom.
//   - A thread has no return value: it is read through a variable after join().

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "expect_failure.hpp"
#include "weft/model.hpp"

namespace weft::model::real_code {
namespace {

constexpr auto seq_cst = std::memory_order_seq_cst;
constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;
constexpr auto acq_rel = std::memory_order_acq_rel;

// ---------------------------------------------------------------------------------------------
// condvar.rs

// loom tests/condvar.rs: the Inc of notify_one and notify_all. `drop(self.mutex.lock())` is a
// lock() and an unlock().
struct Inc {
  atomic<std::size_t> num{0U, "num"};
  mutex lock{"mutex"};
  condition_variable condvar{"condvar"};

  void wait() {
    lock.lock();
    std::unique_lock<mutex> guard(lock, std::adopt_lock);
    for (;;) {
      const std::size_t val = num.load(seq_cst);
      if (1 == val) {
        break;
      }
      condvar.wait(guard);
    }
  }
  void inc() {
    num.store(1, seq_cst);
    lock.lock();
    lock.unlock();
    condvar.notify_one();
  }
  void inc_all() {
    num.store(1, seq_cst);
    lock.lock();
    lock.unlock();
    condvar.notify_all();
  }
};

// loom's Condvar never wakes spuriously: its counts are weft's with Options::spurious_wakeups
// off. With them (the default, as the standard allows them) the verdicts are the same.
Options without_spurious_wakeups() {
  Options options;
  options.spurious_wakeups = false;
  return options;
}

// loom tests/condvar.rs: notify_one. loom drops the spawned thread's handle: detached here.
TEST(LoomCondvar, NotifyOne) {
  auto body = [] {
    auto inc = std::make_shared<Inc>();
    for (int i = 0; i < 1; ++i) {
      thread th([inc] { inc->inc(); });
      th.detach();
    }
    inc->wait();
  };
  const Report spurious = check(body);
  EXPECT_EQ(spurious.verdict, Verdict::ok) << spurious;
  // Also: main's wait after reading 0 wakes spuriously, and its second look reads 0 (it then
  // sleeps until notified) or 1, before or after the notifier's lock: 3 more.
  EXPECT_EQ(spurious.executions, 6U) << spurious;
  const Report report = check(body, without_spurious_wakeups());
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  // Main locks first and reads num == 0 (then waits: its wait reads the notifier's increment,
  // whether it fell asleep before it or not: one execution), main locks first and reads 1 (the
  // store came before its load), or the notifier locks first (main reads 1): 3. No run blocks:
  // a lock() whose compare-exchange a revisit makes fail (the notifier holds the lock) leaves
  // the graph and takes the lock when the notifier releases it, in the same run.
  EXPECT_EQ(report.executions, 3U) << report;
  EXPECT_EQ(report.blocked, 0U) << report;
}

// loom tests/condvar.rs: notify_all.
TEST(LoomCondvar, NotifyAll) {
  auto body = [] {
    auto inc = std::make_shared<Inc>();
    std::vector<thread> waiters;
    for (int i = 0; i < 2; ++i) {
      waiters.emplace_back([inc] { inc->wait(); });
    }
    thread notifier([inc] { inc->inc_all(); });
    notifier.join();
    for (thread& th : waiters) {
      th.join();
    }
  };
  const Report spurious = check(body);
  EXPECT_EQ(spurious.verdict, Verdict::ok) << spurious;
  const Report report = check(body, without_spurious_wakeups());
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  // The first lock()s of the two waiters (A1, A2) and the notifier's (B) in any of 6 orders; a
  // waiter that locks before B reads num == 0 or 1 (once one reads 1, a later one does too), one
  // after B reads 1; a waiter that read 0 waits and locks again (C) after notify_all.
  //   B last (2 orders): (0,0) with C1, C2 in either order: 2; (0,1): 1; (1,1): 1. 4 each: 8.
  //   B second (2 orders): the first waiter reads 1: 1; reads 0: its C before or after the
  //   other waiter's A (which follows B): 2. 3 each: 6.
  //   B first (2 orders): both read 1: 1 each: 2.
  // 8 + 6 + 2 = 16.
  EXPECT_EQ(report.executions, 16U) << report;
}

// ---------------------------------------------------------------------------------------------
// rwlock.rs

// loom tests/rwlock.rs: rwlock_read_one. read() never fails in weft (no poisoning): the
// thread's `assert!(r.is_ok())` is taking the guard.
TEST(LoomRwLock, RwlockReadOne) {
  const Report report = check([] {
    auto lock = std::make_shared<RwLock<int>>(1);
    auto c_lock = lock;
    const auto n = lock->read();
    WEFT_ASSERT(*n == 1);
    thread th([c_lock] {
      const auto r = c_lock->read();
      WEFT_ASSERT(*r == 1);
    });
    th.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;  // ordered by spawn and join
}

// loom tests/rwlock.rs: rwlock_read_two_write_one, as loom wrote it (the yield_now() after
// taking each lock is a scheduling hint in loom and std::thread::yield_now).
TEST(LoomRwLock, RwlockReadTwoWriteOne) {
  const Report report = check([] {
    auto lock = std::make_shared<RwLock<int>>(1);
    for (int i = 0; i < 2; ++i) {
      thread th([lock] {
        const auto l = lock->read();
        yield_now();
      });
      th.detach();
    }
    auto l = lock->write();
    yield_now();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 34U) << report;  // as ...NoYield: a yield is only a hint
}

// loom tests/rwlock.rs: rwlock_read_two_write_one without its yield_now()s (see above).
TEST(LoomRwLock, RwlockReadTwoWriteOneNoYield) {
  const Report report = check([] {
    auto lock = std::make_shared<RwLock<int>>(1);
    for (int i = 0; i < 2; ++i) {
      thread th([lock] { const auto l = lock->read(); });
      th.detach();
    }
    auto l = lock->write();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  // Every operation is on the lock's word, so an execution is the word's modification order
  // (the writer's compare-exchange W and store U; each reader's compare-exchange C and
  // fetch_sub D) and the write each reader's load L reads: a write of the value its C then
  // finds, no later than C's predecessor. A complete execution takes each lock at the first try.
  //   Readers one after the other (C1 D1 C2 D2, or 2 first), the writer's W U before, between
  //   or after them. Values: W U before: 0 w 0 1 0 1 0: L1 reads init or U (2), L2 init, U or D1
  //   (3): 6. Between: L1 init (1), L2 init, D1 or U (3): 3. After: 1 x 2 = 2. 11, twice: 22.
  //   Readers overlapping (C1 C2 then D1 D2 in either order; or C2 first: 4 patterns), W U
  //   before or after them: the second C finds 1, written only by the first C, so its L reads
  //   that; the first L reads init or U (writer before: 2) or init (after: 1). 3 each: 12.
  // 22 + 12 = 34.
  EXPECT_EQ(report.executions, 34U) << report;
}

// loom tests/rwlock.rs: rwlock_write_three, as loom wrote it.
TEST(LoomRwLock, RwlockWriteThree) {
  const Report report = check([] {
    auto lock = std::make_shared<RwLock<int>>(1);
    for (int i = 0; i < 2; ++i) {
      thread th([lock] {
        auto l = lock->write();
        yield_now();
      });
      th.detach();
    }
    auto l = lock->write();
    yield_now();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 6U) << report;  // the 3! orders of the three write locks
}

// loom tests/rwlock.rs: rwlock_write_three without its yield_now()s (see above).
TEST(LoomRwLock, RwlockWriteThreeNoYield) {
  const Report report = check([] {
    auto lock = std::make_shared<RwLock<int>>(1);
    for (int i = 0; i < 2; ++i) {
      thread th([lock] { auto l = lock->write(); });
      th.detach();
    }
    auto l = lock->write();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 6U) << report;  // the 3! orders of the three write locks
}

// loom tests/rwlock.rs: rwlock_write_then_try_write. The try comes from a second thread (see
// the file comment); Err(WouldBlock) is try_lock() returning false.
TEST(LoomRwLock, RwlockWriteThenTryWrite) {
  const Report report = check([] {
    auto lock = std::make_shared<shared_mutex>("lock");
    const std::unique_lock<shared_mutex> l1(*lock);
    bool would_block = false;
    thread th([lock, &would_block] { would_block = !lock->try_lock(); });
    th.join();
    WEFT_ASSERT(would_block);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;  // ordered by spawn and join
}

// loom tests/rwlock.rs: rwlock_write_then_try_read.
TEST(LoomRwLock, RwlockWriteThenTryRead) {
  const Report report = check([] {
    auto lock = std::make_shared<shared_mutex>("lock");
    const std::unique_lock<shared_mutex> l1(*lock);
    bool would_block = false;
    thread th([lock, &would_block] { would_block = !lock->try_lock_shared(); });
    th.join();
    WEFT_ASSERT(would_block);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/rwlock.rs: rwlock_read_then_try_write. Despite its name, loom's test takes the
// write lock, not a read lock, before try_write(): ported as written (rwlock_try_write below
// is the read-then-try-write case).
TEST(LoomRwLock, RwlockReadThenTryWrite) {
  const Report report = check([] {
    auto lock = std::make_shared<shared_mutex>("lock");
    const std::unique_lock<shared_mutex> l1(*lock);
    bool would_block = false;
    thread th([lock, &would_block] { would_block = !lock->try_lock(); });
    th.join();
    WEFT_ASSERT(would_block);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/rwlock.rs: rwlock_try_read. One thread: the try succeeds.
TEST(LoomRwLock, RwlockTryRead) {
  const Report report = check([] {
    shared_mutex lock{"lock"};
    const int value = 1;
    const std::shared_lock<shared_mutex> n(lock, std::try_to_lock);
    WEFT_ASSERT(n.owns_lock());  // Err(_) => unreachable!()
    WEFT_ASSERT(value == 1);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/rwlock.rs: rwlock_write: a write guard is held, try_read() fails.
TEST(LoomRwLock, RwlockWrite) {
  const Report report = check([] {
    auto lock = std::make_shared<shared_mutex>("lock");
    int value = 1;
    const std::unique_lock<shared_mutex> n(*lock);
    value = 2;
    bool is_err = false;
    thread th([lock, &is_err] { is_err = !lock->try_lock_shared(); });
    th.join();
    WEFT_ASSERT(is_err);
    WEFT_ASSERT(value == 2);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/rwlock.rs: rwlock_try_write: a read guard is held, try_write() fails.
TEST(LoomRwLock, RwlockTryWrite) {
  const Report report = check([] {
    auto lock = std::make_shared<shared_mutex>("lock");
    const int value = 1;
    const std::shared_lock<shared_mutex> n(*lock);
    WEFT_ASSERT(value == 1);
    bool is_err = false;
    thread th([lock, &is_err] { is_err = !lock->try_lock(); });
    th.join();
    WEFT_ASSERT(is_err);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/rwlock.rs: rwlock_into_inner. RwLock has no into_inner(): read under the lock.
TEST(LoomRwLock, RwlockIntoInner) {
  const Report report = check([] {
    auto lock = std::make_shared<RwLock<int>>(0);
    std::vector<thread> ths;
    for (int i = 0; i < 2; ++i) {
      ths.emplace_back([lock] { *lock->write() += 1; });
    }
    for (thread& th : ths) {
      th.join();
    }
    WEFT_ASSERT(*lock->read() == 2);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;  // the two writers' lock orders
}

// ---------------------------------------------------------------------------------------------
// thread_local.rs

// loom tests/thread_local.rs: thread_local. THREAD_LOCAL.with(...) is value.get(); the RefCell
// is the int itself.
TEST(LoomThreadLocal, ThreadLocal) {
  const Report report = check([] {
    thread_local_value<std::size_t> thread_local_{[] { return std::size_t{1}; }};
    auto do_test = [&](std::size_t n) {
      WEFT_ASSERT(thread_local_.get() == 1);
      {
        std::size_t& local = thread_local_.get();
        WEFT_ASSERT(local == 1);
        local = n;
        WEFT_ASSERT(local == n);
      }
      WEFT_ASSERT(thread_local_.get() == n);
    };
    thread t1([&] { do_test(2); });
    thread t2([&] { do_test(3); });
    do_test(4);
    t1.join();
    t2.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;  // thread-local (plain) memory only
}

// loom tests/thread_local.rs: nested_with: one thread-local read inside another's access.
TEST(LoomThreadLocal, NestedWith) {
  const Report report = check([] {
    thread_local_value<std::size_t> local1{[] { return std::size_t{1}; }};
    thread_local_value<std::size_t> local2{[] { return std::size_t{2}; }};
    std::size_t& l1 = local1.get();
    l1 = local2.get();
    WEFT_ASSERT(local1.get() == 2);
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/thread_local.rs: the CountDrops of drop. Moved-from objects count nothing
// (thread_local_value moves the initializer's value into place).
class CountDrops {
 public:
  explicit CountDrops(std::size_t* drops) : drops_(drops) {}
  CountDrops(CountDrops&& other) noexcept
      : drops_(std::exchange(other.drops_, nullptr)), dummy_(other.dummy_) {}
  CountDrops(const CountDrops&) = delete;
  CountDrops& operator=(const CountDrops&) = delete;
  CountDrops& operator=(CountDrops&&) = delete;
  ~CountDrops() {
    if (drops_ != nullptr) {
      ++*drops_;
    }
  }
  bool dummy() const { return dummy_; }

 private:
  std::size_t* drops_;
  bool dummy_ = true;
};

// loom tests/thread_local.rs: drop: a thread's value is destroyed when the thread ends. loom's
// DROPS is a std (not a model) atomic shared by every execution: here a plain counter outside
// the body, which runs once (no thread has a choice to make).
TEST(LoomThreadLocal, Drop) {
  std::size_t drops = 0;
  const Report report = check([&drops] {
    thread_local_value<CountDrops> dropped_local{[&drops] { return CountDrops(&drops); }};
    WEFT_ASSERT(drops == 0);

    thread([&] {
      WEFT_ASSERT(dropped_local.get().dummy());  // initializes this thread's value
      WEFT_ASSERT(drops == 0);
    }).join();
    // The first thread's value was dropped when it ended.
    WEFT_ASSERT(drops == 1);

    thread([&] {
      WEFT_ASSERT(dropped_local.get().dummy());
      WEFT_ASSERT(drops == 1);
    }).join();
    WEFT_ASSERT(drops == 2);

    WEFT_ASSERT(dropped_local.get().dummy());
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
  // The main thread's value is dropped when the body ends.
  EXPECT_EQ(drops, 3U);
}

// ---------------------------------------------------------------------------------------------
// unsafe_cell.rs

// loom tests/unsafe_cell.rs: the Data of the unsafe_cell_* tests (a clone shares the cell).
class Data {
 public:
  explicit Data(std::size_t v) : cell_(std::make_shared<weft::model::cell<std::size_t>>(v, "x")) {}
  std::size_t get() const {
    return cell_->with([](std::size_t v) { return v; });
  }
  std::size_t inc() {
    return cell_->with_mut([](std::size_t& v) { return ++v; });
  }

 private:
  std::shared_ptr<weft::model::cell<std::size_t>> cell_;
};

// loom tests/unsafe_cell.rs: unsafe_cell_race_mut_mut_2 (#[should_panic]).
TEST(LoomUnsafeCell, UnsafeCellRaceMutMut2) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    Data z = x;
    thread th1([x]() mutable { x.inc(); });
    thread th2([y]() mutable { y.inc(); });
    th1.join();
    th2.join();
    WEFT_ASSERT(4 == z.inc());
  });
  expect_failure(report, FailureKind::data_race, "data race on x");
}

// loom tests/unsafe_cell.rs: unsafe_cell_race_mut_immut_1 (#[should_panic]).
TEST(LoomUnsafeCell, UnsafeCellRaceMutImmut1) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    thread th1([x]() mutable { WEFT_ASSERT(2 == x.inc()); });
    y.get();
    th1.join();
    WEFT_ASSERT(3 == y.inc());
  });
  expect_failure(report, FailureKind::data_race, "data race on x");
}

// loom tests/unsafe_cell.rs: unsafe_cell_race_mut_immut_2 (#[should_panic]).
TEST(LoomUnsafeCell, UnsafeCellRaceMutImmut2) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    thread th1([x] { x.get(); });
    WEFT_ASSERT(2 == y.inc());
    th1.join();
    WEFT_ASSERT(3 == y.inc());
  });
  expect_failure(report, FailureKind::data_race, "data race on x");
}

// loom tests/unsafe_cell.rs: unsafe_cell_race_mut_immut_3 (#[should_panic]).
TEST(LoomUnsafeCell, UnsafeCellRaceMutImmut3) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    Data z = x;
    thread th1([x]() mutable { WEFT_ASSERT(2 == x.inc()); });
    thread th2([y] { y.get(); });
    th1.join();
    th2.join();
    WEFT_ASSERT(3 == z.inc());
  });
  expect_failure(report, FailureKind::data_race, "data race on x");
}

// loom tests/unsafe_cell.rs: unsafe_cell_race_mut_immut_4 (#[should_panic]).
TEST(LoomUnsafeCell, UnsafeCellRaceMutImmut4) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    Data z = x;
    thread th1([x] { x.get(); });
    thread th2([y]() mutable { WEFT_ASSERT(2 == y.inc()); });
    th1.join();
    th2.join();
    WEFT_ASSERT(3 == z.inc());
  });
  expect_failure(report, FailureKind::data_race, "data race on x");
}

// loom tests/unsafe_cell.rs: unsafe_cell_race_mut_immut_5 (#[should_panic]).
TEST(LoomUnsafeCell, UnsafeCellRaceMutImmut5) {
  const Report report = check([] {
    Data x(1);
    Data y = x;
    Data z = x;
    thread th1([x] { x.get(); });
    thread th2([y]() mutable {
      WEFT_ASSERT(1 == y.get());
      WEFT_ASSERT(2 == y.inc());
    });
    th1.join();
    th2.join();
    WEFT_ASSERT(3 == z.inc());
  });
  expect_failure(report, FailureKind::data_race, "data race on x");
}

// loom tests/unsafe_cell.rs: unsafe_cell_ok_1. The thread hands `x` back through its return
// value in loom; here main keeps a copy (the same cell) and uses it after the join.
TEST(LoomUnsafeCell, UnsafeCellOk1) {
  const Report report = check([] {
    Data x(1);
    WEFT_ASSERT(2 == x.inc());
    thread th1([x]() mutable { WEFT_ASSERT(3 == x.inc()); });
    th1.join();
    WEFT_ASSERT(4 == x.inc());
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;  // ordered by spawn and join
}

// loom tests/unsafe_cell.rs: unsafe_cell_ok_2.
TEST(LoomUnsafeCell, UnsafeCellOk2) {
  const Report report = check([] {
    Data x(1);
    WEFT_ASSERT(1 == x.get());
    WEFT_ASSERT(2 == x.inc());
    thread th1([x]() mutable {
      WEFT_ASSERT(2 == x.get());
      WEFT_ASSERT(3 == x.inc());
    });
    th1.join();
    WEFT_ASSERT(3 == x.get());
    WEFT_ASSERT(4 == x.inc());
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

// loom tests/unsafe_cell.rs: unsafe_cell_access_after_sync (#[should_panic]): the thread
// writes the cell after its release store, so main's write after the acquire load that reads
// it is not ordered after the thread's write. loom drops the handle: detached here.
TEST(LoomUnsafeCell, UnsafeCellAccessAfterSync) {
  const Report report = check([] {
    struct Shared {
      atomic<std::size_t> flag{0U, "flag"};
      weft::model::cell<std::size_t> value{0U, "value"};
    };
    auto s1 = std::make_shared<Shared>();
    auto s2 = s1;
    thread th([s1] {
      s1->flag.store(1, release);
      s1->value.with_mut([](std::size_t& v) { v = 1; });
    });
    th.detach();
    if (1 == s2->flag.load(acquire)) {
      s2->value.with_mut([](std::size_t& v) { v = 2; });
    }
  });
  expect_failure(report, FailureKind::data_race, "data race on value");
}

// ---------------------------------------------------------------------------------------------
// atomic.rs

// loom tests/atomic.rs: legal_load_after_lazy_static. The lazy static A becomes an atomic made
// in the body (weft has no lazy statics: see the file comment); the thread-local B is
// initialized from a relaxed load of A; B.try_with(...) fails only while B is being destroyed,
// so it is B.get().
TEST(LoomAtomic, LegalLoadAfterLazyStatic) {
  const Report report = check([] {
    atomic<std::size_t> a{0U, "A"};
    thread_local_value<std::size_t> b{[&a] { return a.load(relaxed); }};
    thread t1([&] { static_cast<void>(b.get()); });
    thread t2([&] { static_cast<void>(b.get()); });
    t1.join();
    t2.join();
  });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;  // two loads of A, no store
}

// loom tests/atomic.rs: compare_and_swap_reads_old_values (#[ignore], #[should_panic]).
// compare_and_swap(0, 2, AcqRel) is compare_exchange_strong(0, 2, acq_rel).
//
// loom is wrong to expect a panic, under every memory model: each location's last write in
// modification order is the plain store of 1 (a successful compare-exchange read 0, so it comes
// before the store in modification order; a failed one writes nothing), and the loads after
// the join read that last write (coherence: both writes happen-before them). a_val == 1 and
// b_val == 1 in every execution, so the panic is unreachable. What the test's name is about,
// both compare-exchanges reading the old value 0, is the store-buffering outcome: sequential
// consistency forbids it, RC11 allows it (both acq_rel RMWs read the initial value; nothing
// orders them). Under SC (this test) it is never seen; under RC11 (the next) it is.
Report compare_and_swap_reads_old_values(Model model, std::size_t* both_read_old) {
  Options options;
  options.model = model;
  return check(
      [both_read_old] {
        auto a = std::make_shared<atomic<std::size_t>>(0U, "a");
        auto b = std::make_shared<atomic<std::size_t>>(0U, "b");
        bool b_swapped = false;
        thread th([a, b, &b_swapped] {
          a->store(1, release);
          std::size_t expected = 0;
          b_swapped = b->compare_exchange_strong(expected, 2, acq_rel);
        });
        b->store(1, release);
        std::size_t expected = 0;
        const bool a_swapped = a->compare_exchange_strong(expected, 2, acq_rel);
        th.join();
        const std::size_t a_val = a->load(acquire);
        const std::size_t b_val = b->load(acquire);
        WEFT_ASSERT_MSG(!(a_val == 2 && b_val == 2), "panic!()");
        WEFT_ASSERT(a_val == 1 && b_val == 1);
        if (a_swapped && b_swapped) {
          ++*both_read_old;
        }
      },
      options);
}

TEST(LoomAtomic, CompareAndSwapReadsOldValues) {
  std::size_t both_read_old = 0;
  const Report report = compare_and_swap_reads_old_values(Model::sc, &both_read_old);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  // Each compare-exchange reads 0 (before the other thread's store: it succeeds) or 1 (after
  // it: it fails): 4 combinations, less the one in which both read 0, an SC cycle (store a ->
  // CAS b -> store b -> CAS a -> store a).
  EXPECT_EQ(report.executions, 3U) << report;
  EXPECT_EQ(both_read_old, 0U);
}

// loom tests/atomic.rs: compare_and_swap_reads_old_values under RC11: still no panic, and the
// outcome in which both compare-exchanges read 0 is reached.
TEST(LoomAtomic, CompareAndSwapReadsOldValuesRc11) {
  std::size_t both_read_old = 0;
  const Report report = compare_and_swap_reads_old_values(Model::rc11, &both_read_old);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  // All 4 combinations of what the compare-exchanges read are RC11-consistent; the final loads
  // are determined (they read each location's last write, which happens-before them).
  EXPECT_EQ(report.executions, 4U) << report;
  EXPECT_EQ(both_read_old, 1U);
}

}  // namespace
}  // namespace weft::model::real_code
