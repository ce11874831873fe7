// bench/programs/programs.cpp: the bodies and the registry; see programs.hpp.
//
// Every body is a line-by-line port of /work/shared/bench-programs/c/<file>.c. The C globals
// become model objects created at the top of the body (the body runs once per execution);
// `atomic_int` is atomic<int>, `atomic_uint` atomic<unsigned>, `atomic_bool` atomic<bool>, a
// plain shared `int` (counter, r0, ...) is cell<int>; locals stay plain C++. The C files'
// unused globals (e.g. `y` in corr.c) have no accesses: some are left out, and the two-thread
// litmus programs share one set of globals (Litmus), as their C files do.

#include "programs.hpp"

#include <atomic>
#include <cstddef>
#include <deque>
#include <vector>

#include "weft/model.hpp"

namespace weft::bench_programs {
namespace {

using weft::model::atomic;
using weft::model::cell;
using weft::model::fence;
using weft::model::spin_loop;
using weft::model::spin_until;
using weft::model::thread;

constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;
constexpr auto seq_cst = std::memory_order_seq_cst;

// Joins every thread, in creation order (the C files' join loops).
void join_all(std::vector<thread>& threads) {
  for (auto& t : threads) {
    t.join();
  }
}

// ---------------------------------------------------------------------------------------------
// Loop-free programs

// fadd.c: N threads each do one relaxed fetch_add(x, 1); main asserts x == N.
void fadd(int n) {
  atomic<int> x{0, "x"};
  std::vector<thread> t;
  for (int i = 0; i < n; i++) {
    t.emplace_back([&] { x.fetch_add(1, relaxed); });
  }
  join_all(t);
  WEFT_ASSERT(x.load(relaxed) == n);
}

// indep.c: thread i stores 1 (relaxed) to its own x[i]; main asserts every x[i] == 1.
void indep(int n) {
  static constexpr const char* names[] = {"x[0]", "x[1]", "x[2]", "x[3]",
                                          "x[4]", "x[5]", "x[6]", "x[7]"};
  std::deque<atomic<int>> x;
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); i++) {
    x.emplace_back(0, i < std::size(names) ? names[i] : nullptr);
  }
  std::vector<thread> t;
  for (int i = 0; i < n; i++) {
    t.emplace_back([&x, i] { x[static_cast<std::size_t>(i)].store(1, relaxed); });
  }
  join_all(t);
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); i++) {
    WEFT_ASSERT(x[i].load(relaxed) == 1);
  }
}

// store-load.c: A: x = 1.  B: r = x.  All relaxed.  Main asserts r == 0 || r == 1.
void store_load(int /*n*/) {
  atomic<int> x{0, "x"};
  cell<int> r{0, "r"};
  thread a([&] { x.store(1, relaxed); });
  thread b([&] { r.set(x.load(relaxed)); });
  a.join();
  b.join();
  WEFT_ASSERT(r.get() == 0 || r.get() == 1);
}

// The two-thread litmus shapes with globals x, y (atomic) and r0, r1 (plain).
struct Litmus {
  atomic<int> x{0, "x"};
  atomic<int> y{0, "y"};
  cell<int> r0{0, "r0"};
  cell<int> r1{0, "r1"};
};

template <class T0, class T1>
void run2(T0 t0, T1 t1) {
  thread a(t0);
  thread b(t1);
  a.join();
  b.join();
}

// sb-rlx.c / sb-sc.c: T0: x=1; r0=y.  T1: y=1; r1=x.  Assert !(r0 == 0 && r1 == 0).
template <std::memory_order O>
void sb(int /*n*/) {
  Litmus m;
  run2(
      [&] {
        m.x.store(1, O);
        m.r0.set(m.y.load(O));
      },
      [&] {
        m.y.store(1, O);
        m.r1.set(m.x.load(O));
      });
  WEFT_ASSERT(!(m.r0.get() == 0 && m.r1.get() == 0));
}

// sb-scfence.c: T0: x=1 (rlx); fence(seq_cst); r0=y (rlx).  T1 symmetric.
void sb_scfence(int /*n*/) {
  Litmus m;
  run2(
      [&] {
        m.x.store(1, relaxed);
        fence(seq_cst);
        m.r0.set(m.y.load(relaxed));
      },
      [&] {
        m.y.store(1, relaxed);
        fence(seq_cst);
        m.r1.set(m.x.load(relaxed));
      });
  WEFT_ASSERT(!(m.r0.get() == 0 && m.r1.get() == 0));
}

// mp-rlx.c (Store = Load = relaxed) / mp-relacq.c (release / acquire):
// T0: x=1 (rlx); y=1 (Store).  T1: r0=y (Load); r1=x (rlx).  Assert !(r0 == 1 && r1 == 0).
template <std::memory_order Store, std::memory_order Load>
void mp(int /*n*/) {
  Litmus m;
  run2(
      [&] {
        m.x.store(1, relaxed);
        m.y.store(1, Store);
      },
      [&] {
        m.r0.set(m.y.load(Load));
        m.r1.set(m.x.load(relaxed));
      });
  WEFT_ASSERT(!(m.r0.get() == 1 && m.r1.get() == 0));
}

// mp-fences.c: T0: x=1; fence(release); y=1.  T1: r0=y; fence(acquire); r1=x.  Accesses rlx.
void mp_fences(int /*n*/) {
  Litmus m;
  run2(
      [&] {
        m.x.store(1, relaxed);
        fence(release);
        m.y.store(1, relaxed);
      },
      [&] {
        m.r0.set(m.y.load(relaxed));
        fence(acquire);
        m.r1.set(m.x.load(relaxed));
      });
  WEFT_ASSERT(!(m.r0.get() == 1 && m.r1.get() == 0));
}

// lb-rlx.c: T0: r0=x; y=1.  T1: r1=y; x=1.  All relaxed.  Assert !(r0 == 1 && r1 == 1).
void lb_rlx(int /*n*/) {
  Litmus m;
  run2(
      [&] {
        m.r0.set(m.x.load(relaxed));
        m.y.store(1, relaxed);
      },
      [&] {
        m.r1.set(m.y.load(relaxed));
        m.x.store(1, relaxed);
      });
  WEFT_ASSERT(!(m.r0.get() == 1 && m.r1.get() == 1));
}

// iriw-relacq.c (release / acquire) / iriw-sc.c (seq_cst): W1: x=1.  W2: y=1.
// R1: a=x; b=y.  R2: c=y; d=x.  Assert !(a == 1 && b == 0 && c == 1 && d == 0).
template <std::memory_order Store, std::memory_order Load>
void iriw(int /*n*/) {
  atomic<int> x{0, "x"};
  atomic<int> y{0, "y"};
  cell<int> a{0, "a"};
  cell<int> b{0, "b"};
  cell<int> c{0, "c"};
  cell<int> d{0, "d"};
  std::vector<thread> t;
  t.emplace_back([&] { x.store(1, Store); });
  t.emplace_back([&] { y.store(1, Store); });
  t.emplace_back([&] {
    a.set(x.load(Load));
    b.set(y.load(Load));
  });
  t.emplace_back([&] {
    c.set(y.load(Load));
    d.set(x.load(Load));
  });
  join_all(t);
  WEFT_ASSERT(!(a.get() == 1 && b.get() == 0 && c.get() == 1 && d.get() == 0));
}

// 2p2w-rlx.c / 2p2w-sc.c: T0: x=1; y=2.  T1: y=1; x=2.  Main asserts !(x == 1 && y == 1).
template <std::memory_order O>
void two_plus_two_w(int /*n*/) {
  atomic<int> x{0, "x"};
  atomic<int> y{0, "y"};
  run2(
      [&] {
        x.store(1, O);
        y.store(2, O);
      },
      [&] {
        y.store(1, O);
        x.store(2, O);
      });
  WEFT_ASSERT(!(x.load(O) == 1 && y.load(O) == 1));
}

// wrc-relacq.c: T0: x=1 (rel).  T1: r0=x (acq); y=1 (rel).  T2: r1=y (acq); r2=x (acq).
// Assert !(r0 == 1 && r1 == 1 && r2 == 0).
void wrc_relacq(int /*n*/) {
  atomic<int> x{0, "x"};
  atomic<int> y{0, "y"};
  cell<int> r0{0, "r0"};
  cell<int> r1{0, "r1"};
  cell<int> r2{0, "r2"};
  thread a([&] { x.store(1, release); });
  thread b([&] {
    r0.set(x.load(acquire));
    y.store(1, release);
  });
  thread c([&] {
    r1.set(y.load(acquire));
    r2.set(x.load(acquire));
  });
  a.join();
  b.join();
  c.join();
  WEFT_ASSERT(!(r0.get() == 1 && r1.get() == 1 && r2.get() == 0));
}

// corr.c: T0: x=1.  T1: r0=x; r1=x.  All relaxed.  Assert !(r0 == 1 && r1 == 0).
void corr(int /*n*/) {
  Litmus m;
  run2([&] { m.x.store(1, relaxed); },
       [&] {
         m.r0.set(m.x.load(relaxed));
         m.r1.set(m.x.load(relaxed));
       });
  WEFT_ASSERT(!(m.r0.get() == 1 && m.r1.get() == 0));
}

// corw.c: T0: r0=x; x=1.  T1: x=2.  Assert !(r0 == 1 || (r0 == 2 && x == 2)).
void corw(int /*n*/) {
  Litmus m;
  run2(
      [&] {
        m.r0.set(m.x.load(relaxed));
        m.x.store(1, relaxed);
      },
      [&] { m.x.store(2, relaxed); });
  // As in C, r0 is read once per comparison and x is loaded only when r0 == 2.
  WEFT_ASSERT(!(m.r0.get() == 1 || (m.r0.get() == 2 && m.x.load(relaxed) == 2)));
}

// cowr.c: T0: x=1; r0=x.  T1: x=2.  Assert !(r0 == 0 || (r0 == 2 && x == 1)).
void cowr(int /*n*/) {
  Litmus m;
  run2(
      [&] {
        m.x.store(1, relaxed);
        m.r0.set(m.x.load(relaxed));
      },
      [&] { m.x.store(2, relaxed); });
  WEFT_ASSERT(!(m.r0.get() == 0 || (m.r0.get() == 2 && m.x.load(relaxed) == 1)));
}

// coww.c: T0: x=1; x=2.  T1: x=3.  All relaxed.  Assert x != 1.
void coww(int /*n*/) {
  atomic<int> x{0, "x"};
  run2(
      [&] {
        x.store(1, relaxed);
        x.store(2, relaxed);
      },
      [&] { x.store(3, relaxed); });
  WEFT_ASSERT(x.load(relaxed) != 1);
}

// readers.c: a writer stores x = 1 (relaxed); N readers each load x once (relaxed) and
// assert it is 0 or 1.
void readers(int n) {
  atomic<int> x{0, "x"};
  thread w([&] { x.store(1, relaxed); });
  std::vector<thread> r;
  for (int i = 0; i < n; i++) {
    r.emplace_back([&] {
      const int v = x.load(relaxed);
      WEFT_ASSERT(v == 0 || v == 1);
    });
  }
  w.join();
  join_all(r);
}

// ---------------------------------------------------------------------------------------------
// Programs with spin loops

// xyz-sc.c (all seq_cst) / xyz-relacq.c (release stores, acquire loads, relaxed fetch_add):
// tx: x=true.  ty: y=true.  t1: while(!x){} if (y) z++.  t2: while(!y){} if (x) z++.
// Main asserts z != 0.
template <std::memory_order Store, std::memory_order Load, std::memory_order Add>
void xyz(int /*n*/) {
  atomic<bool> x{false, "x"};
  atomic<bool> y{false, "y"};
  atomic<int> z{0, "z"};
  std::vector<thread> t;
  t.emplace_back([&] { x.store(true, Store); });
  t.emplace_back([&] { y.store(true, Store); });
  t.emplace_back([&] {
    while (!x.load(Load)) {
      spin_loop();
    }
    if (y.load(Load)) {
      z.fetch_add(1, Add);
    }
  });
  t.emplace_back([&] {
    while (!y.load(Load)) {
      spin_loop();
    }
    if (x.load(Load)) {
      z.fetch_add(1, Add);
    }
  });
  join_all(t);
  WEFT_ASSERT(z.load(Add) != 0);
}

constexpr int kUnlocked = 0;
constexpr int kLocked = 1;

// The mutex-* harness: T threads each do K iterations of lock(); counter++; unlock();
// main asserts counter == T*K. `Lock` provides lock(locked) and unlock(locked).
template <class Lock, int K>
void mutex_harness(int t_count) {
  atomic<int> locked{kUnlocked, "locked"};
  cell<int> counter{0, "counter"};
  std::vector<thread> t;
  for (int i = 0; i < t_count; i++) {
    t.emplace_back([&] {
      for (int j = 0; j < K; j++) {
        Lock::lock(locked);
        counter.with_mut([](int& c) { c++; });
        Lock::unlock(locked);
      }
    });
  }
  join_all(t);
  WEFT_ASSERT(counter.get() == t_count * K);
}

// mutex-naive.c: spin with relaxed loads until UNLOCKED, then a separate relaxed store of
// LOCKED; unlock is a relaxed store.
struct NaiveLock {
  static void lock(atomic<int>& locked) {
    while (locked.load(relaxed) != kUnlocked) {
      spin_loop();
    }
    locked.store(kLocked, relaxed);
  }
  static void unlock(atomic<int>& locked) { locked.store(kUnlocked, relaxed); }
};

// mutex-cas.c: strong CAS UNLOCKED->LOCKED (acquire / relaxed) retried, `expected` reset after
// each failure; unlock is a release store. The retry loop is spin_until over the
// compare-exchange: what GenMC's spin-assume pass makes of the C loop (a failed iteration has no
// effect, so the loop becomes an assume that the compare-exchange succeeds).
struct CasLock {
  static void lock(atomic<int>& locked) {
    spin_until([&] {
      int expected = kUnlocked;
      return locked.compare_exchange_strong(expected, kLocked, acquire, relaxed);
    });
  }
  static void unlock(atomic<int>& locked) { locked.store(kUnlocked, release); }
};

// The same loop written by hand, spin_loop() ending each failed iteration (the
// mutex-cas-by-hand rows: the runtime does not know where such an iteration starts, so a
// compare-exchange that fails on the newest write stays in the graph and its run ends blocked).
struct CasLockByHand {
  static void lock(atomic<int>& locked) {
    int expected = kUnlocked;
    while (!locked.compare_exchange_strong(expected, kLocked, acquire, relaxed)) {
      expected = kUnlocked;
      spin_loop();
    }
  }
  static void unlock(atomic<int>& locked) { locked.store(kUnlocked, release); }
};

// mutex-ttas.c (Success = acquire, Unlock = release) and mutex-ttas-relaxed.c (both relaxed):
// spin with relaxed loads while LOCKED, then a weak CAS UNLOCKED->LOCKED (Success / relaxed);
// on failure the outer loop repeats. As spin_until: an iteration is one test load that fails
// the loop when it reads LOCKED (the C inner loop's iteration), else that load and the
// compare-exchange (the outer loop's); the accesses and their order are the C program's.
template <std::memory_order Success, std::memory_order Unlock>
struct TtasLock {
  static void lock(atomic<int>& locked) {
    spin_until([&] {
      if (locked.load(relaxed) == kLocked) {
        return false;
      }
      int expected = kUnlocked;
      return locked.compare_exchange_weak(expected, kLocked, Success, relaxed);
    });
  }
  static void unlock(atomic<int>& locked) { locked.store(kUnlocked, Unlock); }
};

// The same two loops written by hand (the mutex-ttas-by-hand and ttas-by-hand rows).
struct TtasLockByHand {
  static void lock(atomic<int>& locked) {
    for (;;) {
      while (locked.load(relaxed) == kLocked) {
        spin_loop();
      }
      int expected = kUnlocked;
      if (locked.compare_exchange_weak(expected, kLocked, acquire, relaxed)) {
        break;
      }
      spin_loop();
    }
  }
  static void unlock(atomic<int>& locked) { locked.store(kUnlocked, release); }
};

template <int K>
void mutex_naive(int t) {
  mutex_harness<NaiveLock, K>(t);
}
template <int K>
void mutex_cas(int t) {
  mutex_harness<CasLock, K>(t);
}
template <int K>
void mutex_ttas(int t) {
  mutex_harness<TtasLock<acquire, release>, K>(t);
}
template <int K>
void mutex_ttas_relaxed(int t) {
  mutex_harness<TtasLock<relaxed, relaxed>, K>(t);
}
template <int K>
void mutex_cas_by_hand(int t) {
  mutex_harness<CasLockByHand, K>(t);
}
template <int K>
void mutex_ttas_by_hand(int t) {
  mutex_harness<TtasLockByHand, K>(t);
}

// ticketlock.c: N threads each: my = relaxed fetch_add(next_ticket, 1); spin while
// acquire-load(now_serving) != my; counter++; release-store now_serving = my + 1.
// Main asserts counter == N. The wait is atomic::spin_until, a loop of one load whose exit
// depends on the loaded value alone: what GenMC's spin-assume makes of ticketlock.c's loop.
void ticketlock(int n) {
  atomic<unsigned> next_ticket{0U, "next_ticket"};
  atomic<unsigned> now_serving{0U, "now_serving"};
  cell<int> counter{0, "counter"};
  std::vector<thread> t;
  for (int i = 0; i < n; i++) {
    t.emplace_back([&] {
      const unsigned my = next_ticket.fetch_add(1U, relaxed);
      now_serving.spin_until([my](unsigned v) { return v == my; }, acquire);
      counter.with_mut([](int& c) { c++; });
      now_serving.store(my + 1U, release);
    });
  }
  join_all(t);
  WEFT_ASSERT(counter.get() == n);
}

// seqlock.c: one writer (seq=1 rlx; fence(release); d1=1; d2=1 rlx; seq=2 release) and N
// readers retrying { s1 = acquire seq; a = d1; b = d2 (rlx); fence(acquire); s2 = rlx seq }
// while s1 is odd or s1 != s2, then asserting a == b.
void seqlock(int n) {
  atomic<int> seq{0, "seq"};
  atomic<int> d1{0, "d1"};
  atomic<int> d2{0, "d2"};
  thread w([&] {
    seq.store(1, relaxed);
    fence(release);
    d1.store(1, relaxed);
    d2.store(1, relaxed);
    seq.store(2, release);
  });
  std::vector<thread> r;
  for (int i = 0; i < n; i++) {
    r.emplace_back([&] {
      int s1 = 0;
      int s2 = 0;
      int a = 0;
      int b = 0;
      for (;;) {
        s1 = seq.load(acquire);
        a = d1.load(relaxed);
        b = d2.load(relaxed);
        fence(acquire);
        s2 = seq.load(relaxed);
        if (!((s1 & 1) != 0 || s1 != s2)) {
          break;
        }
        spin_loop();
      }
      WEFT_ASSERT(a == b);
    });
  }
  w.join();
  join_all(r);
}

// ---------------------------------------------------------------------------------------------
// The registry

std::uint64_t factorial(int n) {
  std::uint64_t f = 1;
  for (int i = 2; i <= n; i++) {
    f *= static_cast<std::uint64_t>(i);
  }
  return f;
}

Row fixed(Body body, std::uint64_t genmc) {
  Row row;
  row.genmc_rc11_executions = genmc;  // unless the program says otherwise (weak_outcome)
  row.body = body;
  row.genmc_executions = genmc;
  row.work = genmc;
  return row;
}

Row sized(int n, Body body, std::uint64_t genmc, double genmc_seconds = 0) {
  Row row;
  row.genmc_rc11_executions = genmc;  // unless the program says otherwise (weak_outcome)
  row.size = "N=" + std::to_string(n);
  row.n = n;
  row.body = body;
  row.genmc_executions = genmc;
  row.genmc_seconds = genmc_seconds;
  row.work = genmc;
  return row;
}

Row txk(int t, int k, Body body, std::uint64_t genmc) {
  Row row;
  row.genmc_rc11_executions = genmc;  // unless the program says otherwise (weak_outcome)
  row.size = std::to_string(t) + "x" + std::to_string(k);
  row.n = t;
  row.k = k;
  row.body = body;
  row.genmc_executions = genmc;
  row.work = genmc;
  return row;
}

// Sets a spin-loop row's Row::work: weft's complete + blocked executions, as measured.
Row work(Row row, std::uint64_t explored) {
  row.work = explored;
  return row;
}

// A program whose weak outcome RC11 allows: under RC11 its assertion fails, and GenMC's
// counts (of every execution, the program explored to the end) are `rc11_all`, row by row.
Program weak_outcome(Program p, std::vector<std::uint64_t> rc11_all,
                     weft::model::FailureKind failure = weft::model::FailureKind::assertion) {
  p.rc11_safe = false;
  p.rc11_failure = failure;
  p.rc11_all_count = true;
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    p.rows[i].genmc_rc11_executions = rc11_all.at(i);
  }
  return p;
}

Program safe(std::string name, std::string description, std::vector<Row> rows) {
  Program p;
  p.file = name + ".c";
  p.name = std::move(name);
  p.description = std::move(description);
  p.rows = std::move(rows);
  return p;
}

std::vector<Program> make_programs() {
  std::vector<Program> p;

  // Loop-free programs.
  {
    std::vector<Row> rows;
    for (int n = 2; n <= 6; n++) {
      rows.push_back(sized(n, fadd, factorial(n), n == 6 ? 0.07 : 0));
    }
    p.push_back(
        safe("fadd", "N threads, one relaxed fetch_add each: N! executions", std::move(rows)));
  }
  p.push_back(
      safe("indep", "N threads store to their own x[i]: one execution", {sized(4, indep, 1)}));
  p.push_back(safe("store-load", "one relaxed store, one relaxed load", {fixed(store_load, 2)}));
  p.push_back(weak_outcome(safe("sb-rlx", "store buffering, relaxed (weak outcome forbidden by SC)",
                                {fixed(sb<relaxed>, 3)}),
                           {4}));
  p.push_back(safe("sb-sc", "store buffering, seq_cst", {fixed(sb<seq_cst>, 3)}));
  p.push_back(safe("sb-scfence", "store buffering, relaxed accesses with seq_cst fences",
                   {fixed(sb_scfence, 3)}));
  p.push_back(weak_outcome(safe("mp-rlx", "message passing, relaxed (weak outcome forbidden by SC)",
                                {fixed(mp<relaxed, relaxed>, 3)}),
                           {4}));
  p.push_back(safe("mp-relacq", "message passing, release store / acquire load",
                   {fixed(mp<release, acquire>, 3)}));
  p.push_back(safe("mp-fences", "message passing, relaxed accesses with release/acquire fences",
                   {fixed(mp_fences, 3)}));
  p.push_back(safe("lb-rlx", "load buffering, relaxed", {fixed(lb_rlx, 3)}));
  p.push_back(weak_outcome(
      safe("iriw-relacq", "IRIW, release stores / acquire loads (weak outcome forbidden by SC)",
           {fixed(iriw<release, acquire>, 15)}),
      {16}));
  p.push_back(safe("iriw-sc", "IRIW, seq_cst", {fixed(iriw<seq_cst, seq_cst>, 15)}));
  p.push_back(weak_outcome(safe("2p2w-rlx", "2+2W, relaxed (weak outcome forbidden by SC)",
                                {fixed(two_plus_two_w<relaxed>, 3)}),
                           {4}));
  p.push_back(safe("2p2w-sc", "2+2W, seq_cst", {fixed(two_plus_two_w<seq_cst>, 3)}));
  p.push_back(
      safe("wrc-relacq", "write-to-read causality, release/acquire", {fixed(wrc_relacq, 7)}));
  p.push_back(safe("corr", "coherence read-read", {fixed(corr, 3)}));
  p.push_back(safe("corw", "coherence read-write", {fixed(corw, 3)}));
  p.push_back(safe("cowr", "coherence write-read", {fixed(cowr, 3)}));
  p.push_back(safe("coww", "coherence write-write", {fixed(coww, 3)}));
  p.push_back(safe("xyz-sc", "x/y/z with spin loops, all seq_cst",
                   {work(fixed(xyz<seq_cst, seq_cst, seq_cst>, 4), 4)}));
  p.push_back(weak_outcome(
      safe("xyz-relacq",
           "x/y/z with spin loops, release stores / acquire loads (z == 0 forbidden by SC)",
           {work(fixed(xyz<release, acquire, relaxed>, 4), 4)}),
      {5}));
  {
    std::vector<Row> rows;
    for (int n = 2; n <= 16; n += 2) {
      const double seconds = n == 12 ? 0.11 : n == 14 ? 0.36 : n == 16 ? 1.56 : 0;
      rows.push_back(sized(n, readers, std::uint64_t{1} << n, seconds));
      rows.back().genmc_rc11_seconds = n == 16 ? 1.35 : 0;
    }
    p.push_back(
        safe("readers", "one relaxed writer, N relaxed readers: 2^N executions", std::move(rows)));
  }

  // Programs with spin loops.
  {
    Program naive = safe(
        "mutex-naive",
        "check-then-set spinlock (relaxed load loop, then a relaxed store): "
        "data race on counter; all executions counted",
        {work(txk(2, 2, mutex_naive<2>, 1334), 1368), work(txk(3, 1, mutex_naive<1>, 2100), 2143)});
    naive.safe = false;
    naive.failure = weft::model::FailureKind::data_race;
    naive.all_count = true;
    naive = weak_outcome(std::move(naive), {5536, 6264}, weft::model::FailureKind::data_race);
    p.push_back(std::move(naive));
  }
  p.push_back(safe("mutex-cas", "strong-CAS spinlock (acquire / release)",
                   {txk(2, 2, mutex_cas<2>, 6), txk(3, 1, mutex_cas<1>, 6)}));
  p.push_back(safe("mutex-ttas", "test-and-test-and-set spinlock (acquire CAS, release unlock)",
                   {txk(2, 2, mutex_ttas<2>, 34), txk(3, 1, mutex_ttas<1>, 36)}));
  p.push_back(weak_outcome(
      safe("mutex-ttas-relaxed",
           "test-and-test-and-set spinlock, all relaxed (racy under RC11, safe under SC)",
           {txk(2, 2, mutex_ttas_relaxed<2>, 34), txk(3, 1, mutex_ttas_relaxed<1>, 36)}),
      {638, 648}, weft::model::FailureKind::data_race));
  {
    Program ttas =
        safe("ttas", "mutex-ttas with T=N threads, K=1 iteration: (N!)^2 executions", {});
    ttas.file = "mutex-ttas.c";
    for (int n = 2; n <= 6; n++) {
      const std::uint64_t f = factorial(n);
      const double seconds = n == 5 ? 0.65 : n == 6 ? 25.8 : 0;
      ttas.rows.push_back(sized(n, mutex_ttas<1>, f * f, seconds));
      ttas.rows.back().genmc_rc11_seconds = n == 6 ? 20.6 : 0;
    }
    p.push_back(std::move(ttas));
  }
  {
    std::vector<Row> rows;
    // weft's runs at N = 2..9: N! complete ones, none blocked or moot since the waiting reads
    // are revisited in place and their failing sources left out (as GenMC). N=8 about 5 s in
    // Release, N=9 about a minute.
    const std::uint64_t explored[] = {2, 6, 24, 120, 720, 5'040, 40'320, 362'880};
    for (int n = 2; n <= 9; n++) {
      // N=7: the README's first table (RC11, on a faster machine of the same kind).
      const double seconds = n == 5 ? 0.04 : n == 7 ? 0.51 : n == 8 ? 5.77 : n == 9 ? 60.9 : 0;
      rows.push_back(work(sized(n, ticketlock, factorial(n), seconds), explored[n - 2]));
      rows.back().genmc_rc11_seconds = n == 7 ? 0.51 : n == 8 ? 4.4 : n == 9 ? 46.5 : 0;
    }
    p.push_back(
        safe("ticketlock", "ticket lock, N threads once each: N! executions", std::move(rows)));
  }
  {
    std::vector<Row> rows;
    // weft's complete + blocked executions at N = 1..7: 10^N (2^N complete and, as GenMC,
    // 10^N - 2^N blocked), measured up to N=5.
    const std::uint64_t explored[] = {10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000};
    for (int n = 1; n <= 7; n++) {
      // N=7: the README's first table (RC11, on a faster machine of the same kind).
      const double seconds = n == 4 ? 0.13 : n == 5 ? 0.82 : n == 6 ? 8.3 : n == 7 ? 73.7 : 0;
      rows.push_back(work(sized(n, seqlock, std::uint64_t{1} << n, seconds), explored[n - 1]));
      rows.back().genmc_rc11_seconds = n == 6 ? 7.0 : n == 7 ? 73.7 : 0;
    }
    p.push_back(safe("seqlock", "seqlock, one writer and N retrying readers: 2^N executions",
                     std::move(rows)));
  }
  // The lock loops written by hand with spin_loop() (GenMC has no such form: its spin-assume
  // pass sees the C loop, as spin_until does). Same complete executions; weft's blocked runs are
  // above GenMC's 0 here, the cost of a loop whose iterations the runtime cannot delimit.
  {
    Program cas = safe("mutex-cas-by-hand", "mutex-cas, its retry loop written with spin_loop()",
                       {work(txk(2, 2, mutex_cas_by_hand<2>, 6), 11),
                        work(txk(3, 1, mutex_cas_by_hand<1>, 6), 12)});
    cas.file = "mutex-cas.c";
    p.push_back(std::move(cas));
    Program ttas = safe("mutex-ttas-by-hand", "mutex-ttas, its two loops written with spin_loop()",
                        {work(txk(2, 2, mutex_ttas_by_hand<2>, 34), 47),
                         work(txk(3, 1, mutex_ttas_by_hand<1>, 36), 55)});
    ttas.file = "mutex-ttas.c";
    p.push_back(std::move(ttas));
    Program ttas_n = safe("ttas-by-hand", "ttas, its two loops written with spin_loop()", {});
    ttas_n.file = "mutex-ttas.c";
    // weft's complete + blocked executions at N = 2..5.
    const std::uint64_t explored[] = {5, 55, 1'040, 29'767};
    for (int n = 2; n <= 5; n++) {
      const std::uint64_t f = factorial(n);
      ttas_n.rows.push_back(work(sized(n, mutex_ttas_by_hand<1>, f * f), explored[n - 2]));
    }
    p.push_back(std::move(ttas_n));
  }
  return p;
}

}  // namespace

const std::vector<Program>& programs() {
  static const std::vector<Program> all = make_programs();
  return all;
}

Answer genmc_answer(const Program& program, const Row& row, weft::model::Model model) {
  if (model == weft::model::Model::rc11) {
    return {program.rc11_safe, program.rc11_failure, program.rc11_all_count,
            row.genmc_rc11_executions, row.genmc_rc11_seconds};
  }
  return {program.safe, program.failure, program.all_count, row.genmc_executions,
          row.genmc_seconds};
}

weft::model::Options options_for(const Program& program, weft::model::Model model) {
  weft::model::Options options;
  options.model = model;
  options.spurious_cas_failures = false;  // GenMC's weak compare-exchange never fails spuriously
  const bool all_count =
      model == weft::model::Model::rc11 ? program.rc11_all_count : program.all_count;
  options.stop_at_first_failure = !all_count;
  return options;
}

std::string row_name(const Program& program, const Row& row) {
  return row.size.empty() ? program.name : program.name + " " + row.size;
}

}  // namespace weft::bench_programs
