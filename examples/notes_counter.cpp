// The reference notes' program: 10 threads each add 1 to a shared counter 100 times under
// weft::sync::Mutex::with_lock. Prints the total, which must be 1000.

#include <cstdio>
#include <thread>
#include <vector>

#include "weft/sync/mutex.hpp"

int main() {
  weft::sync::Mutex<int> counter{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < 100; ++i) {
        counter.with_lock([](int& c) { ++c; });
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  const int total = counter.with_lock([](int& c) { return c; });
  std::printf("%d\n", total);
  return total == 1000 ? 0 : 1;
}
