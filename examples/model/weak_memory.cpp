// Message passing with relaxed orderings: correct on x86 and under sequential consistency, wrong
// under the C++ memory model. The checker under Model::rc11 (the default, set here anyway to
// say so) reports the data race on the payload and names the edge that does not synchronize;
// with release/acquire it verifies the fix. Exits 0 when both verdicts are as expected.

#include <atomic>
#include <iostream>

#include "weft/model.hpp"

using namespace weft::model;

Report publish(std::memory_order store, std::memory_order load) {
  Options options;
  options.model = Model::rc11;
  return check(
      [store, load] {
        cell<int> payload{0, "payload"};
        atomic<bool> ready{false, "ready"};
        thread consumer([&] {
          spin_until([&] { return ready.load(load); });
          WEFT_ASSERT(payload.get() == 42);
        });
        payload.set(42);
        ready.store(true, store);
        consumer.join();
      },
      options);
}

int main() {
  const Report relaxed = publish(std::memory_order_relaxed, std::memory_order_relaxed);
  std::cout << "--- relaxed store, relaxed load (RC11):\n" << relaxed << "\n";
  const Report fixed = publish(std::memory_order_release, std::memory_order_acquire);
  std::cout << "--- release store, acquire load (RC11):\n" << fixed << "\n";
  const bool race = relaxed.failure && relaxed.failure->kind == FailureKind::data_race;
  return race && fixed.ok() ? 0 : 1;
}
