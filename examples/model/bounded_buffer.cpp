// A bounded buffer of one slot under a mutex and a condition variable, two producers and one
// consumer, written three ways:
//   1. one condition variable for "not full" and "not empty", notify_one: a producer's notify
//      can wake the other producer instead of the consumer, and then all three wait for ever
//      (the checker reports the deadlock and where each thread waits);
//   2. two condition variables, but the consumer waits under `if` instead of `while`: a
//      spurious wake-up (the standard allows them; the checker explores them) lets it take from
//      an empty buffer;
//   3. two condition variables and `while` loops: verified, every execution. (Spurious wake-ups
//      are left out of this one: a `while` loop is what makes them harmless, and exploring
//      them multiplies the executions, 2,432 without them, 627,792 with them.)
// Exits 0 when the three verdicts are as expected.

#include <deque>
#include <iostream>
#include <mutex>

#include "weft/model.hpp"

namespace {

using weft::model::condition_variable;
using weft::model::mutex;

enum class Variant { one_variable, wait_under_if, correct };

weft::model::Report buffer(Variant variant) {
  weft::model::Options options;
  options.spurious_wakeups = variant != Variant::correct;
  return weft::model::check(
      [variant] {
        mutex m{"m"};
        condition_variable not_full{variant == Variant::one_variable ? "changed" : "not_full"};
        condition_variable not_empty_own{"not_empty"};
        condition_variable& not_empty = variant == Variant::one_variable ? not_full : not_empty_own;
        std::deque<int> slot;  // plain memory, guarded by m; holds at most one item
        auto produce = [&](int item) {
          for (int i = 0; i < 2; ++i) {
            std::unique_lock<mutex> lock(m);
            not_full.wait(lock, [&] { return slot.empty(); });
            slot.push_back(item);
            not_empty.notify_one();
          }
        };
        weft::model::thread p1(produce, 1);
        weft::model::thread p2(produce, 2);
        for (int taken = 0; taken < 4; ++taken) {
          std::unique_lock<mutex> lock(m);
          if (variant == Variant::wait_under_if) {
            if (slot.empty()) {
              not_empty.wait(lock);  // bug: a spurious wake-up returns with the slot still empty
            }
          } else {
            not_empty.wait(lock, [&] { return !slot.empty(); });
          }
          WEFT_ASSERT_MSG(!slot.empty(), "the consumer takes from an empty slot");
          slot.pop_front();
          not_full.notify_one();
        }
        p1.join();
        p2.join();
      },
      options);
}

}  // namespace

int main() {
  const weft::model::Report one = buffer(Variant::one_variable);
  std::cout << "--- one condition variable, notify_one\n" << one;
  const weft::model::Report under_if = buffer(Variant::wait_under_if);
  std::cout << "--- two condition variables, wait under if\n" << under_if;
  const weft::model::Report correct = buffer(Variant::correct);
  std::cout << "--- two condition variables, while loops\n" << correct;
  const bool deadlock = one.failure && one.failure->kind == weft::model::FailureKind::deadlock;
  const bool empty_take =
      under_if.failure && under_if.failure->kind == weft::model::FailureKind::assertion;
  return deadlock && empty_take && correct.ok() ? 0 : 1;
}
