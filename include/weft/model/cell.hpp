// weft/model/cell.hpp
//
// weft::model::cell<T>: plain, non-atomic shared memory (the notes' UnsafeCell, loom's
// UnsafeCell). Every access is an event; two accesses to the same cell from different
// threads, at least one a write, that are not ordered by happens-before are a data race, and
// check() reports it naming both accesses.
//
//   weft::model::cell<int> counter{0, "counter"};
//   counter.with_mut([](int& c) { ++c; });   // a read and a write
//   int v = counter.get();                    // a read
//
// T must be trivially copyable and at most 8 bytes: its value is part of the explored
// execution (a read may see an older write when the program races).

#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <type_traits>
#include <utility>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

template <class T>
class cell {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8,
                "weft::model::cell<T> needs a trivially copyable T of at most 8 bytes");
  using src = detail::SourceLine;

 public:
  cell() : cell(T{}) {}
  // `name` (optional, must outlive the check) labels this cell in traces and race reports.
  explicit cell(T initial, const char* name = nullptr)
      : id_(detail::new_location(detail::LocationKind::cell, sizeof(T), to_value(initial), name,
                                 std::is_pointer_v<T>)) {}
  cell(const cell&) = delete;
  cell& operator=(const cell&) = delete;

  // A read access.
  T get(src loc = src::current()) const { return from_value(detail::cell_read(id_, loc)); }
  // A write access.
  void set(T value, src loc = src::current()) { detail::cell_write(id_, to_value(value), loc); }
  // A read access: calls f(const T&) and returns its result.
  template <class F>
  decltype(auto) with(F&& f, src loc = src::current()) const {
    const T value = get(loc);
    return std::invoke(std::forward<F>(f), value);
  }
  // A read and a write access: calls f(T&) on the current value, then stores what f left.
  // Returns f's result by value. If f throws, nothing is written.
  template <class F>
  auto with_mut(F&& f, src loc = src::current()) {
    T value = get(loc);
    if constexpr (std::is_void_v<std::invoke_result_t<F, T&>>) {
      std::invoke(std::forward<F>(f), value);
      set(value, loc);
    } else {
      auto result = std::invoke(std::forward<F>(f), value);
      set(value, loc);
      return result;
    }
  }

 private:
  static detail::Value to_value(T v) {
    detail::Value out = 0;
    std::memcpy(&out, &v, sizeof(T));
    return out;
  }
  static T from_value(detail::Value v) {
    T out;
    std::memcpy(&out, &v, sizeof(T));
    return out;
  }

  detail::LocationId id_;
};

}  // namespace weft::model
