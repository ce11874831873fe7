// Two weft::model::Mutexes locked in opposite orders by two threads: the checker reports the
// deadlock and what each thread waits for. Exits 0 when the deadlock is found.

#include <iostream>

#include "weft/model.hpp"

int main() {
  using weft::model::Mutex;
  const weft::model::Report report = weft::model::check([] {
    Mutex<int> a{0};
    Mutex<int> b{0};
    weft::model::thread t([&] {
      auto ga = a.lock();
      auto gb = b.lock();
    });
    {
      auto gb = b.lock();
      auto ga = a.lock();
    }
    t.join();
  });
  std::cout << report;
  return report.failure && report.failure->kind == weft::model::FailureKind::deadlock ? 0 : 1;
}
