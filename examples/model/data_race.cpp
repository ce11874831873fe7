// A cell written by two threads without a lock: the checker reports the data race, naming both
// accesses and their source lines. Exits 0 when the race is found.

#include <iostream>

#include "weft/model.hpp"

int main() {
  const weft::model::Report report = weft::model::check([] {
    weft::model::cell<int> shared{0, "shared"};
    weft::model::thread t([&] { shared.set(1); });
    shared.set(2);
    t.join();
  });
  std::cout << report;
  return report.failure && report.failure->kind == weft::model::FailureKind::data_race ? 0 : 1;
}
