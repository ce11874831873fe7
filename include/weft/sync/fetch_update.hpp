// weft/sync/fetch_update.hpp
//
// weft::sync::fetch_update(a, set_order, fetch_order, f): Rust's `AtomicT::fetch_update` for a
// std::atomic<T>. It is not one instruction but a compare-exchange loop: load the value with
// `fetch_order`, ask `f` for the value to put in its place, and try to put it there with
// compare_exchange_weak (`set_order` on success, `fetch_order` on failure); when another
// thread changed the value in between, call `f` again with the value found. `f` may decline
// by returning std::nullopt, which ends the loop without a write.
//
//   std::atomic<int> budget{3};
//   auto taken = weft::sync::fetch_update(budget, std::memory_order_acq_rel,
//                                         std::memory_order_acquire,
//                                         [](int b) -> std::optional<int> {
//                                           if (b == 0) return std::nullopt;  // nothing left
//                                           return b - 1;
//                                         });
//   if (taken) { /* taken.previous was the budget before this thread took one */ }
//
// `f` may be called several times (once per retry) and must not have effects beyond computing
// the next value. `fetch_order` is the ordering of a load and of a failed compare-exchange, so
// it must not be release or acq_rel.

#pragma once

#include <atomic>
#include <concepts>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace weft::sync {

// fetch_update_result<T>: what fetch_update returns (Rust's Result<T, T>). `previous` is the
// last value `f` was called with: the value replaced when `updated`, the value `f` declined to
// replace otherwise. Converts to bool: `updated`.
template <class T>
struct fetch_update_result {
  T previous;
  bool updated;

  explicit operator bool() const noexcept { return updated; }
};

// `f` is called with the current value and returns the next one, or std::nullopt to stop.
template <class F, class T>
concept fetch_update_function =
    std::convertible_to<std::invoke_result_t<F&, const T&>, std::optional<T>>;

// See the file comment. Writes at most once; returns whether it did and the value before.
template <class T, fetch_update_function<T> F>
fetch_update_result<T> fetch_update(std::atomic<T>& a, std::memory_order set_order,
                                    std::memory_order fetch_order, F f) {
  T previous = a.load(fetch_order);
  while (std::optional<T> next = std::invoke(f, std::as_const(previous))) {
    // A failed compare-exchange leaves the value it found in `previous`.
    if (a.compare_exchange_weak(previous, *next, set_order, fetch_order)) {
      return {previous, true};
    }
  }
  return {previous, false};
}

}  // namespace weft::sync
