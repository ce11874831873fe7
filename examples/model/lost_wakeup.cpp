// A lost wake-up: two threads wait for `ready` to leave 0, and the thread that sets it wakes
// only one of them with notify_one. The checker finds the execution in which both sleep before
// the notify, and the trace shows which one stays asleep. With notify_all the same test is
// verified. Exits 0 when both verdicts are as expected.

#include <iostream>

#include "weft/model.hpp"

namespace {

weft::model::Report two_waiters(bool notify_all) {
  return weft::model::check([notify_all] {
    weft::model::atomic<int> ready{0, "ready"};
    weft::model::thread a([&] { ready.wait(0); });
    weft::model::thread b([&] { ready.wait(0); });
    ready.store(1);
    if (notify_all) {
      ready.notify_all();
    } else {
      ready.notify_one();  // bug: two threads may be asleep
    }
    a.join();
    b.join();
  });
}

}  // namespace

int main() {
  const weft::model::Report one = two_waiters(false);
  std::cout << "--- with notify_one\n" << one;
  const weft::model::Report all = two_waiters(true);
  std::cout << "--- with notify_all\n" << all;
  const bool found = one.failure && one.failure->kind == weft::model::FailureKind::deadlock;
  return found && all.ok() ? 0 : 1;
}
