// The classic ticket spinlock of the Linux kernel (arch/x86/include/asm/spinlock.h before
// queued spinlocks, v3.x): `lock` takes a ticket with xadd on `tail` and spins, re-reading
// `head` with cpu_relax() between reads, until `head` reaches its ticket; `unlock` adds 1 to
// `head`. Written here as that code reads, over weft's atomics (spin_loop() for cpu_relax()).
// N threads that each take the lock once give N! executions, one per order of the tickets, and
// none is blocked: a waiter that read an old `head` takes the next one in place. The seeded
// bug, an unlock before the critical section's last write, is a data race.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "expect_failure.hpp"
#include "notes_locks.hpp"  // notes::counter_under_lock, the notes' harness
#include "weft/model.hpp"

namespace weft::model::real_code {
namespace {

struct TicketSpinlock {
  atomic<std::uint16_t> head{0, "head"};
  atomic<std::uint16_t> tail{0, "tail"};

  void lock() {
    const std::uint16_t ticket = tail.fetch_add(1, std::memory_order_acquire);  // xadd
    std::uint16_t now = head.load(std::memory_order_acquire);
    while (now != ticket) {
      spin_loop();                                 // cpu_relax()
      now = head.load(std::memory_order_acquire);  // READ_ONCE(lock->tickets.head)
    }
  }
  void unlock() { head.fetch_add(1, std::memory_order_release); }  // __add(&head, 1)
};

// Each of `threads` threads increments a plain counter under the lock; `unlock_early` seeds the
// bug (the unlock comes between the counter's read and its write).
void counter_under_ticket_lock(int threads, bool unlock_early) {
  TicketSpinlock lock;
  cell<int> counter{0, "counter"};
  std::vector<thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      lock.lock();
      const int seen = counter.get();
      if (unlock_early) {
        lock.unlock();
      }
      counter.set(seen + 1);
      if (!unlock_early) {
        lock.unlock();
      }
    });
  }
  for (thread& t : workers) {
    t.join();
  }
  WEFT_ASSERT(counter.get() == threads);
}

TEST(TicketSpinlock, ThreeThreadsOneExecutionPerTicketOrder) {
  const Report report = check([] { counter_under_ticket_lock(3, false); });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 6U) << report;
  EXPECT_EQ(report.blocked, 0U) << report;
}

TEST(TicketSpinlock, FourThreadsOneExecutionPerTicketOrder) {
  const Report report = check([] { counter_under_ticket_lock(4, false); });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 24U) << report;
  EXPECT_EQ(report.blocked, 0U) << report;
}

// The same lock with its wait written as atomic::spin_until on the value: the loads of older
// `head` values that fail the loop are not tried, so no run is even moot.
struct TicketSpinlockOnValue {
  atomic<std::uint16_t> head{0, "head"};
  atomic<std::uint16_t> tail{0, "tail"};

  void lock() {
    const std::uint16_t ticket = tail.fetch_add(1, std::memory_order_acquire);
    head.spin_until([ticket](std::uint16_t now) { return now == ticket; },
                    std::memory_order_acquire);
  }
  void unlock() { head.fetch_add(1, std::memory_order_release); }
};

TEST(TicketSpinlock, WaitWrittenAsSpinUntilOnTheValue) {
  const Report report = check([] { notes::counter_under_lock<TicketSpinlockOnValue>(4, 1); });
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 24U) << report;
  EXPECT_EQ(report.blocked, 0U) << report;
  EXPECT_EQ(report.moot, 0U) << report;
}

TEST(TicketSpinlock, UnlockBeforeTheLastWriteIsADataRace) {
  const Report report = check([] { counter_under_ticket_lock(2, true); });
  expect_failure(report, FailureKind::data_race, "counter");
}

}  // namespace
}  // namespace weft::model::real_code
