// Tests of weft::sync::SpinLock with real threads (run again under ThreadSanitizer).

#include "weft/sync/spin_lock.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

namespace weft::sync {
namespace {

TEST(SpinLock, CountsExactlyUnderContention) {
  SpinLock lock;
  long counter = 0;
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < 50'000; ++i) {
        std::lock_guard<SpinLock> g(lock);
        ++counter;
      }
    });
  }
  for (auto& th : pool) {
    th.join();
  }
  EXPECT_EQ(counter, 200'000);
}

TEST(SpinLock, TryLockFailsWhileHeld) {
  SpinLock lock;
  lock.lock();
  bool other = true;
  std::thread t([&] { other = lock.try_lock(); });
  t.join();
  EXPECT_FALSE(other);
  lock.unlock();
  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
}

}  // namespace
}  // namespace weft::sync
