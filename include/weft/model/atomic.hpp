// weft/model/atomic.hpp
//
// weft::model::atomic<T>: stands in for std::atomic<T> (integral types, bool, pointers) inside
// weft::model::check(). Same members, same names, std::memory_order arguments defaulting to
// seq_cst. Every operation is an event of the execution being explored: a load returns what
// the explored execution makes it read, not what the hardware did.
//
// Differences from std::atomic:
//   - The constructor takes an optional name, used in traces: atomic<int> flag{0, "flag"}.
//   - Must be created inside the check body (it is a location of the current execution).
//   - compare_exchange_weak never fails spuriously.
//   - Operators (++, +=, =, conversion) take the seq_cst ordering and cannot report their call
//     site; the named member functions record the caller's source line.

#pragma once

#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

template <class T>
class atomic {
  static_assert(std::is_integral_v<T> || std::is_pointer_v<T>,
                "weft::model::atomic<T> supports integral types, bool and pointers");
  static_assert(sizeof(T) <= 8, "weft::model::atomic<T> supports values of at most 8 bytes");

  using src = detail::SourceLine;
  static constexpr bool arithmetic = std::is_integral_v<T> && !std::is_same_v<T, bool>;

 public:
  using value_type = T;
  static constexpr bool is_always_lock_free = true;

  atomic() : atomic(T{}) {}
  // `name` (optional, must outlive the check) labels this atomic in traces.
  atomic(T desired, const char* name = nullptr)  // NOLINT(google-explicit-constructor)
      : id_(detail::new_location(detail::LocationKind::atomic, sizeof(T), to_value(desired), name,
                                 std::is_pointer_v<T>)) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;
  atomic& operator=(const atomic&) volatile = delete;

  bool is_lock_free() const noexcept { return true; }

  T load(std::memory_order order = std::memory_order_seq_cst, src loc = src::current()) const {
    return from_value(detail::load(id_, order, loc));
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
              src loc = src::current()) requires(arithmetic || std::is_pointer_v<T>) {
    return rmw(detail::RmwOp::add, scaled(arg), order, loc);
  }
  T fetch_sub(difference_type_for<T> arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires(arithmetic || std::is_pointer_v<T>) {
    return rmw(detail::RmwOp::sub, scaled(arg), order, loc);
  }
  T fetch_and(T arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires arithmetic {
    return rmw(detail::RmwOp::bit_and, to_value(arg), order, loc);
  }
  T fetch_or(T arg, std::memory_order order = std::memory_order_seq_cst,
             src loc = src::current()) requires arithmetic {
    return rmw(detail::RmwOp::bit_or, to_value(arg), order, loc);
  }
  T fetch_xor(T arg, std::memory_order order = std::memory_order_seq_cst,
              src loc = src::current()) requires arithmetic {
    return rmw(detail::RmwOp::bit_xor, to_value(arg), order, loc);
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
  T operator++() requires(arithmetic || std::is_pointer_v<T>) { return advance(fetch_add(1), 1); }
  T operator++(int) requires(arithmetic || std::is_pointer_v<T>) { return fetch_add(1); }
  T operator--() requires(arithmetic || std::is_pointer_v<T>) { return advance(fetch_sub(1), -1); }
  T operator--(int) requires(arithmetic || std::is_pointer_v<T>) { return fetch_sub(1); }
  T operator+=(difference_type_for<T> arg) requires(arithmetic || std::is_pointer_v<T>) {
    return advance(fetch_add(arg), arg);
  }
  T operator-=(difference_type_for<T> arg) requires(arithmetic || std::is_pointer_v<T>) {
    return advance(fetch_sub(arg), -arg);
  }
  T operator&=(T arg) requires arithmetic { return static_cast<T>(fetch_and(arg) & arg); }
  T operator|=(T arg) requires arithmetic { return static_cast<T>(fetch_or(arg) | arg); }
  T operator^=(T arg) requires arithmetic { return static_cast<T>(fetch_xor(arg) ^ arg); }

 private:
  static detail::Value to_value(T v) {
    if constexpr (std::is_pointer_v<T>) {
      return reinterpret_cast<std::uintptr_t>(v);
    } else if constexpr (std::is_same_v<T, bool>) {
      return v ? 1U : 0U;
    } else if constexpr (std::is_same_v<std::make_unsigned_t<T>, detail::Value>) {
      return detail::Value(v);
    } else {
      return static_cast<std::make_unsigned_t<T>>(v);
    }
  }
  static T from_value(detail::Value v) {
    if constexpr (std::is_pointer_v<T>) {
      const std::uintptr_t bits = v;
      return reinterpret_cast<T>(bits);
    } else if constexpr (std::is_same_v<T, bool>) {
      return v != 0;
    } else if constexpr (std::is_same_v<T, detail::Value>) {
      return v;
    } else {
      const std::make_unsigned_t<T> bits = detail::Value(v) & mask();
      return T(bits);
    }
  }
  static constexpr detail::Value mask() {
    return sizeof(T) >= 8 ? ~detail::Value{0} : (detail::Value{1} << (8 * sizeof(T))) - 1;
  }
  static detail::Value scaled(difference_type_for<T> arg) {
    if constexpr (std::is_pointer_v<T>) {
      return static_cast<detail::Value>(
          arg * static_cast<std::ptrdiff_t>(sizeof(std::remove_pointer_t<T>)));
    } else {
      return to_value(arg);
    }
  }
  static T advance(T old, difference_type_for<T> by) {
    if constexpr (std::is_pointer_v<T>) {
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

}  // namespace weft::model
