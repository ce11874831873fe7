// Stress tests of weft::sync::Mutex's parking and hand-off paths with real threads (run again
// under ThreadSanitizer and ASan+UBSan). Every test checks an exact total; a lost wake-up or a
// hand-off nobody takes hangs, which ctest's timeout turns into a failure. No test asserts a time.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>
#include <vector>

#include "weft/sync/mutex.hpp"

#include "mutex_inspector.hpp"
#include "no_membarrier_atomics.hpp"

namespace weft::sync {
namespace {

// Requests as soon as a parked waiter has slept once (instead of after ~1 ms), the production
// interval between hand-offs, and hand-offs counted.
struct rationed_handoff_atomics : native_atomics {
  static constexpr std::uint64_t handoff_after_ns = 0;
  static inline std::atomic<long> handoffs{0};
  static void handoff_made(const void* lock) noexcept {
    native_atomics::handoff_made(lock);
    handoffs.fetch_add(1, std::memory_order_relaxed);
  }
};

// The test hook: the same, and a hand-off at every unlock() that sees a request (no interval).
struct handoff_often_atomics : rationed_handoff_atomics {
  static bool handoff_due(const void* /*lock*/) noexcept { return true; }
};

// `threads` threads each take the lock `iterations` times; every `sleep_every`-th critical
// section (0: none) sleeps `sleep` while holding the lock, so that the others park.
template <class Atomics>
long hammer(int threads, int iterations, int sleep_every, std::chrono::microseconds sleep) {
  Mutex<long, Atomics> counter{0L};
  std::atomic<bool> go{false};  // all start together, so they contend from the first iteration
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      while (!go.load()) {
        std::this_thread::yield();
      }
      for (int i = 0; i < iterations; ++i) {
        const bool sleeps = sleep_every != 0 && (i + t) % sleep_every == 0;
        counter.with_lock([&](long& c) {
          const long seen = c;
          if (sleeps) {
            std::this_thread::sleep_for(sleep);
          }
          c = seen + 1;  // a lost update if two threads were ever inside together
        });
      }
    });
  }
  go.store(true);
  for (auto& th : pool) {
    th.join();
  }
  // Quiescent: nobody holds it, nobody is parked, no request or hand-off is pending.
  using Inspector = mutex_inspector<Mutex<long, Atomics>>;
  EXPECT_EQ(Inspector::held(counter), 0U);
  EXPECT_EQ(Inspector::flags(counter), 0U);
  return counter.with_lock([](long& c) { return c; });
}

TEST(MutexStress, SleepingCriticalSectionsSixteenThreads) {
  // Every critical section sleeps: the other 15 threads (2 cores) must park and be woken.
  EXPECT_EQ(hammer<native_atomics>(16, 40, 1, std::chrono::microseconds(50)), 16 * 40);
}

TEST(MutexStress, SomeSleepingCriticalSectionsSixteenThreads) {
  // Mostly short critical sections, one in 64 sleeps: spinning, parking and waking all mix.
  EXPECT_EQ(hammer<native_atomics>(16, 4'000, 64, std::chrono::microseconds(20)), 16 * 4'000);
}

TEST(MutexStress, HandoffsHappenThousandsOfTimes) {
  handoff_often_atomics::handoffs.store(0);
  EXPECT_EQ(hammer<handoff_often_atomics>(16, 4'000, 16, std::chrono::microseconds(10)),
            16 * 4'000);
  const long handoffs = handoff_often_atomics::handoffs.load();
  std::printf("hand-offs: %ld\n", handoffs);
  EXPECT_GE(handoffs, 1'000) << "the hand-off path was hardly exercised";
}

TEST(MutexStress, HandoffsAmongShortCriticalSections) {
  // Short critical sections, one in 256 sleeps: waiters park behind it and are then handed the
  // lock while the others barge.
  handoff_often_atomics::handoffs.store(0);
  EXPECT_EQ(hammer<handoff_often_atomics>(16, 20'000, 256, std::chrono::microseconds(5)),
            16 * 20'000);
  const long handoffs = handoff_often_atomics::handoffs.load();
  std::printf("hand-offs: %ld\n", handoffs);
  EXPECT_GE(handoffs, 100) << "the hand-off path was hardly exercised";
}

TEST(MutexStress, HandoffsAreRationedToOnePerInterval) {
  // Every critical section sleeps and every waiter asks for a hand-off once it has slept (10 per
  // millisecond without the interval: HandoffsHappenThousandsOfTimes); the lock hands itself over
  // at most once per handoff_interval_ns all the same.
  rationed_handoff_atomics::handoffs.store(0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(hammer<rationed_handoff_atomics>(8, 100, 1, std::chrono::microseconds(50)), 8 * 100);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const long handoffs = rationed_handoff_atomics::handoffs.load();
  const auto intervals = elapsed / std::chrono::nanoseconds(native_atomics::handoff_interval_ns);
  std::printf("hand-offs: %ld in %lld intervals\n", handoffs, static_cast<long long>(intervals));
  EXPECT_GE(handoffs, 1) << "the hand-off path was not exercised";
  EXPECT_LE(handoffs, intervals + 1);
}

TEST(MutexStress, FallbackWithoutMembarrierOversubscribed) {
  EXPECT_EQ(hammer<no_membarrier_atomics>(16, 50'000, 0, {}), 16 * 50'000);
  EXPECT_EQ(hammer<no_membarrier_atomics>(16, 40, 1, std::chrono::microseconds(50)), 16 * 40);
}

}  // namespace
}  // namespace weft::sync
