// Uses an installed weft: 4 threads each add 1 to a weft::sync::Mutex<int> 1000 times.
// Exits 0 iff the total is 4000.
#include <cstdio>
#include <thread>
#include <vector>

#include <weft/sync.hpp>
#include <weft/sync/mutex.hpp>

int main() {
  constexpr int kThreads = 4;
  constexpr int kIncrements = 1000;

  weft::sync::Mutex<int> counter(0);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < kIncrements; ++i) {
        counter.with_lock([](int& value) { ++value; });
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  const int total = counter.with_lock([](int& value) { return value; });
  std::printf("weft_consumer: total = %d (expected %d)\n", total, kThreads * kIncrements);
  return total == kThreads * kIncrements ? 0 : 1;
}
