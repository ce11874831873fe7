// Two weft::model::Mutexes locked in opposite orders by two threads: the checker reports the
// deadlock and what each thread waits for. Exits 0 when the deadlock is found.

#include <iostream>
#include <utility>

#include "weft/model.hpp"

int main() {
  using weft::model::Mutex;
  const weft::model::Report report = weft::model::check([] {
    Mutex<int> a{std::in_place, "a", 0};  // named: reports say which lock a thread waits for
    Mutex<int> b{std::in_place, "b", 0};
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
