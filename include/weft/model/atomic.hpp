// weft/model/atomic.hpp
//
// weft::model::atomic<T>: stands in for std::atomic<T> inside weft::model::check(), for every
// trivially copyable T of 1, 2, 4 or 8 bytes: integers, bool, pointers, enums, float and
// double, small structs. Same members, same names, std::memory_order arguments defaulting to
// seq_cst: fetch_add/fetch_sub for integers, pointers and (as in C++20) floating types, the
// bitwise fetch_* for integers only. Every operation is an event of the execution being
// explored: a load returns what the explored execution makes it read, not what the hardware
// did. weft::model::fetch_update (below) is Rust's compare-exchange loop of that name.
//
// Differences from std::atomic:
//   - The constructor takes an optional name, used in traces: atomic<int> flag{0, "flag"}, or
//     a std::string built at run time ("slots[" + std::to_string(i) + "]").
//   - Must be created inside the check body (it is a location of the current execution).
//   - compare_exchange_weak never fails spuriously.
//   - compare_exchange and wait compare object representations (bit patterns, as std::atomic
//     does for types without padding): T must have no padding bits (has_unique_object_
//     representations), floating types excepted (+0.0 and -0.0 differ, a NaN equals itself).
//   - fetch_max/fetch_min (C++26) exist for integers.
//   - Operators (++, +=, =, conversion) take the seq_cst ordering and cannot report their call
//     site; the named member functions record the caller's source line.

#pragma once

#include <atomic>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "weft/model/detail/runtime.hpp"
#include "weft/model/spin.hpp"
#include "weft/sync/fetch_update.hpp"

namespace weft::model {

namespace detail {
// The unsigned integer with the size of T (1, 2, 4 or 8 bytes).
template <std::size_t Size>
using bits_of_size = std::conditional_t<
    Size == 1, std::uint8_t,
    std::conditional_t<Size == 2, std::uint16_t,
                       std::conditional_t<Size == 4, std::uint32_t, std::uint64_t>>>;
}  // namespace detail

template <class T>
class atomic {
  static_assert(std::is_trivially_copyable_v<T> && std::is_copy_constructible_v<T> &&
                    std::is_move_constructible_v<T> && std::is_copy_assignable_v<T> &&
                    std::is_move_assignable_v<T> && std::is_same_v<T, std::remove_cv_t<T>>,
                "weft::model::atomic<T> needs a trivially copyable T, as std::atomic<T> does");
  static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8,
                "weft::model::atomic<T> supports values of 1, 2, 4 or 8 bytes");
  static_assert(std::has_unique_object_representations_v<T> || std::is_floating_point_v<T>,
                "weft::model::atomic<T> compares bit patterns: T must have no padding bits");

  using src = detail::SourceLine;
  using bits = detail::bits_of_size<sizeof(T)>;
  static constexpr bool integral = std::is_integral_v<T> && !std::is_same_v<T, bool>;
  static constexpr bool floating = std::is_floating_point_v<T>;
  static constexpr bool pointer = std::is_pointer_v<T>;
  // fetch_add/fetch_sub and += / -= (++ and -- are for integers and pointers only).
  static constexpr bool additive = integral || floating || pointer;

 public:
  using value_type = T;
  static constexpr bool is_always_lock_free = true;

  atomic() : atomic(T{}) {}
  // `name` (optional; copied) labels this atomic in traces.
  atomic(T desired, std::string_view name = {})  // NOLINT(google-explicit-constructor)
      : id_(detail::new_location(detail::LocationKind::atomic, sizeof(T), to_value(desired), name,
                                 pointer)) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;
  atomic& operator=(const atomic&) volatile = delete;

  bool is_lock_free() const noexcept { return true; }

  T load(std::memory_order order = std::memory_order_seq_cst, src loc = src::current()) const {
    return from_value(detail::load(id_, order, loc));
  }

  // Waits until `until(value)` holds for a value loaded with `order`, and returns that value:
  // the loop `T v; while (!until(v = a.load(order))) {}` (a CPU pause or yield in real code),
  // one load per iteration. `until` must depend on the value alone (no other memory, no state):
  // then the checker does not try the sources a load could read whose value fails it (they
  // would only repeat the loop), as GenMC does for its spin loops, and each waiting thread
  // costs no blocked executions. Example: a ticket lock's wait,
  //   now_serving.spin_until([my](unsigned v) { return v == my; }, std::memory_order_acquire);
  template <class Until>
  T spin_until(Until&& until, std::memory_order order = std::memory_order_seq_cst,
               src loc = src::current()) const {
    const detail::ValueFilter ends_loop{
        [](const void* self, detail::Value v) {
          return static_cast<bool>(
              (*static_cast<const std::remove_reference_t<Until>*>(self))(from_value(v)));
        },
        &until};
    std::optional<T> v;
    ::weft::model::spin_until(
        [&] {
          v = from_value(detail::load_until(id_, order, ends_loop, loc));
          return static_cast<bool>(until(*v));
        },
        loc);
    return *v;
  }
  void store(T desired, std::memory_order order = std::memory_order_seq_cst,
             src loc = src::current()) {
    detail::store(id_, to_value(desired), order, loc);
  }
  T exchange(T desired, std::memory_order order = std::memory_order_seq_cst,
             src loc = src::current()) {
    return rmw(detail::RmwOp::exchange, to_value(desired), order, loc);
  }

  bool compare_exchange_weak(T& expected, T desired, std::memory_order success,
                             std::memory_order failure, src loc = src::current()) {
    return cas(expected, desired, success, failure, true, loc);
  }
  bool compare_exchange_weak(T& expected, T desired,
                             std::memory_order order = std::memory_order_seq_cst,
                             src loc = src::current()) {
    return cas(expected, desired, order, failure_order_for(order), true, loc);
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order success,
                               std::memory_order failure, src loc = src::current()) {
    return cas(expected, desired, success, failure, false, loc);
  }
  bool compare_exchange_strong(T& expected, T desired,
                               std::memory_order order = std::memory_order_seq_cst,
                               src loc = src::current()) {
    return cas(expected, desired, order, failure_order_for(order), false, loc);
  }

  T fetch_add(difference_type_for<T> arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires additive {
    return rmw(floating ? detail::RmwOp::float_add : detail::RmwOp::add, scaled(arg), order, loc);
  }
  T fetch_sub(difference_type_for<T> arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires additive {
    return rmw(floating ? detail::RmwOp::float_sub : detail::RmwOp::sub, scaled(arg), order, loc);
  }
  T fetch_and(T arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires integral {
    return rmw(detail::RmwOp::bit_and, to_value(arg), order, loc);
  }
  T fetch_or(T arg, std::memory_order order = std::memory_order_seq_cst,
             src loc = src::current()) requires integral {
    return rmw(detail::RmwOp::bit_or, to_value(arg), order, loc);
  }
  T fetch_xor(T arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires integral {
    return rmw(detail::RmwOp::bit_xor, to_value(arg), order, loc);
  }
  // Stores the larger (smaller) of the value and `arg`; returns the old value (C++26).
  T fetch_max(T arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires integral {
    return rmw(std::is_signed_v<T> ? detail::RmwOp::max_signed : detail::RmwOp::max_unsigned,
               to_value(arg), order, loc);
  }
  T fetch_min(T arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires integral {
    return rmw(std::is_signed_v<T> ? detail::RmwOp::min_signed : detail::RmwOp::min_unsigned,
               to_value(arg), order, loc);
  }

  // Blocks while the value equals `old` (see docs/architecture.md for how waiting is explored).
  void wait(T old, std::memory_order order = std::memory_order_seq_cst,
            src loc = src::current()) const {
    detail::wait(id_, to_value(old), order, loc);
  }
  void notify_one(src loc = src::current()) { detail::notify(id_, false, loc); }
  void notify_all(src loc = src::current()) { detail::notify(id_, true, loc); }

  operator T() const { return load(); }  // NOLINT(google-explicit-constructor)
  T operator=(T desired) {
    store(desired);
    return desired;
  }
  T operator++() requires(integral || pointer) { return advance(fetch_add(1), 1); }
  T operator++(int) requires(integral || pointer) { return fetch_add(1); }
  T operator--() requires(integral || pointer) { return advance(fetch_sub(1), -1); }
  T operator--(int) requires(integral || pointer) { return fetch_sub(1); }
  T operator+=(difference_type_for<T> arg) requires additive {
    return advance(fetch_add(arg), arg);
  }
  T operator-=(difference_type_for<T> arg) requires additive {
    return advance(fetch_sub(arg), -arg);
  }
  T operator&=(T arg) requires integral { return static_cast<T>(fetch_and(arg) & arg); }
  T operator|=(T arg) requires integral { return static_cast<T>(fetch_or(arg) | arg); }
  T operator^=(T arg) requires integral { return static_cast<T>(fetch_xor(arg) ^ arg); }

 private:
  // The value's object representation, zero-extended (bool as 0 or 1).
  static detail::Value to_value(T v) {
    if constexpr (pointer) {
      return reinterpret_cast<std::uintptr_t>(v);
    } else if constexpr (std::is_same_v<T, bool>) {
      return v ? 1U : 0U;
    } else {
      return std::bit_cast<bits>(v);
    }
  }
  static T from_value(detail::Value v) {
    if constexpr (pointer) {
      const std::uintptr_t address = v;
      return reinterpret_cast<T>(address);
    } else if constexpr (std::is_same_v<T, bool>) {
      return v != 0;
    } else if constexpr (sizeof(T) == sizeof(detail::Value)) {
      return std::bit_cast<T>(v);
    } else {
      return std::bit_cast<T>(static_cast<bits>(v));
    }
  }
  static detail::Value scaled(difference_type_for<T> arg) {
    if constexpr (pointer) {
      return static_cast<detail::Value>(
          arg * static_cast<std::ptrdiff_t>(sizeof(std::remove_pointer_t<T>)));
    } else {
      return to_value(arg);
    }
  }
  static T advance(T old, difference_type_for<T> by) {
    if constexpr (pointer || floating) {
      return old + by;
    } else {
      return from_value(to_value(old) + to_value(by));
    }
  }
  static constexpr std::memory_order failure_order_for(std::memory_order o) {
    if (o == std::memory_order_acq_rel) {
      return std::memory_order_acquire;
    }
    if (o == std::memory_order_release) {
      return std::memory_order_relaxed;
    }
    return o;
  }
  T rmw(detail::RmwOp op, detail::Value operand, std::memory_order order, src loc) {
    return from_value(detail::fetch_op(id_, op, operand, order, loc));
  }
  bool cas(T& expected, T desired, std::memory_order success, std::memory_order failure, bool weak,
           src loc) {
    detail::Value e = to_value(expected);
    const bool ok =
        detail::compare_exchange(id_, e, to_value(desired), success, failure, weak, loc);
    if (!ok) {
      expected = from_value(e);
    }
    return ok;
  }

  detail::LocationId id_;
};

// fetch_update(a, set_order, fetch_order, f): weft::sync::fetch_update (Rust's fetch_update)
// over a model atomic: a load with `fetch_order`, then compare_exchange_weak(previous,
// *f(previous), set_order, fetch_order) until it succeeds or `f` returns std::nullopt. Each load
// and compare-exchange is an event at the caller's line. Not a waiting loop: a compare-exchange
// fails only when another thread wrote in between, so the loop ends when no one interferes.
template <class T>
using fetch_update_result = weft::sync::fetch_update_result<T>;

template <class T, weft::sync::fetch_update_function<T> F>
fetch_update_result<T> fetch_update(atomic<T>& a, std::memory_order set_order,
                                    std::memory_order fetch_order, F f,
                                    detail::SourceLine loc = detail::SourceLine::current()) {
  T previous = a.load(fetch_order, loc);
  while (std::optional<T> next = std::invoke(f, std::as_const(previous))) {
    if (a.compare_exchange_weak(previous, *next, set_order, fetch_order, loc)) {
      return {previous, true};
    }
  }
  return {previous, false};
}

}  // namespace weft::model
