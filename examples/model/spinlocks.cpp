// The notes' compare-exchange spinlock, its test-and-test-and-set and compare_exchange_weak
// variants (Acquire/Release), and weft::model::SyncMutex<T> (weft::sync::Mutex's algorithm): each
// verified with 2 threads x 2 increments and 3 threads x 1. Exits 0 when all are correct.

#include <functional>
#include <iostream>
#include <string>

#include "notes_locks.hpp"

namespace {

bool verify(const std::string& name, const std::function<void(int, int)>& program) {
  bool all_ok = true;
  for (auto [threads, increments] : {std::pair{2, 2}, std::pair{3, 1}}) {
    const weft::model::Report report =
        weft::model::check([&, t = threads, k = increments] { program(t, k); });
    std::cout << name << ", " << threads << " threads x " << increments << ": " << report;
    all_ok = all_ok && report.ok();
  }
  return all_ok;
}

}  // namespace

int main() {
  bool ok = verify("compare_exchange lock", notes::counter_under_lock<notes::CasLock>);
  ok = verify("test-and-test-and-set lock", notes::counter_under_lock<notes::TtasLock>) && ok;
  ok = verify("compare_exchange_weak lock", notes::counter_under_lock<notes::WeakTtasLock>) && ok;
  ok = verify("weft::model::SyncMutex<T>", notes::counter_under_weft_mutex) && ok;
  return ok ? 0 : 1;
}
