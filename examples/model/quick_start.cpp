// README.md's model-checker example (it quotes its lines and output): the notes' first lock, a
// relaxed load then a separate relaxed store, orders nothing between the threads it lets in.

#include <iostream>

#include "weft/model.hpp"

using namespace weft::model;
// clang-format off
int main() {
  Report report = check([] {
    atomic<bool> locked{false, "locked"};
    cell<int> value{0, "value"};
    auto increment = [&] {
      spin_until([&] { return !locked.load(std::memory_order_relaxed); });
      locked.store(true, std::memory_order_relaxed);
      value.set(value.get() + 1);
      locked.store(false, std::memory_order_relaxed);
    };
    thread t(increment);
    increment();
    t.join();
    WEFT_ASSERT(value.get() == 2);
  });
  std::cout << report;
  return report.ok() ? 1 : 0;
}
// clang-format on
