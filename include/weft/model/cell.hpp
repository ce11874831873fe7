// weft/model/cell.hpp
//
// weft::model::cell<T>: plain, non-atomic shared memory (the notes' UnsafeCell, loom's
// UnsafeCell), for any T. Every access is an event; two accesses to the same cell from
// different threads, at least one a write, that are not ordered by happens-before are a data
// race, and check() reports it naming both accesses.
//
//   weft::model::cell<int> counter{0, "counter"};
//   counter.with_mut([](int& c) { ++c; });   // a read and a write
//   int v = counter.get();                    // a read
//
//   weft::model::cell<std::vector<int>> items{{}, "items"};
//   items.with_mut([](std::vector<int>& v) { v.push_back(1); });
//   std::size_t n = items.with([](const std::vector<int>& v) { return v.size(); });
//
// Two ways of modelling the value:
//   - A trivially copyable T of at most 8 bytes (copyable and default-constructible) is a value
//     of the explored execution: a read returns what the write it reads from wrote, so a racy
//     read may see an older write.
//   - Any other T lives in the cell, which owns it; each access is an event without a value
//     (traces show `read items` / `write items`). Without a data race every read reads the
//     last write before it in happens-before, which is what the object holds when the access
//     runs (re-runs replay events in an order that respects happens-before), so the object is
//     faithful; a racy access sees whatever the object holds, and the race is reported.
// get()/set() copy the value in and out and exist where T is copyable; with()/with_mut() hand
// f a reference for any T.

#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

template <class T>
class cell {
  using src = detail::SourceLine;
  // Whether the value is part of the explored execution (see the file comment): it travels as
  // bytes, so it must be copyable and default-constructible as well.
  static constexpr bool by_value = std::is_trivially_copyable_v<T> && sizeof(T) <= 8 &&
                                   std::is_copy_constructible_v<T> &&
                                   std::is_default_constructible_v<T>;
  struct no_object {
    explicit no_object(const T& /*unused*/) {}
  };
  using object_type = std::conditional_t<by_value, no_object, T>;

 public:
  cell() : cell(T{}) {}
  // `name` (optional; copied) labels this cell in traces and race reports.
  explicit cell(T initial, std::string_view name = {})
      : id_(detail::new_location(detail::LocationKind::cell, by_value ? sizeof(T) : 0,
                                 initial_value(initial), name, std::is_pointer_v<T>)),
        object_(std::move(initial)) {}
  cell(const cell&) = delete;
  cell& operator=(const cell&) = delete;

  // A read access: returns a copy of the value.
  T get(src loc = src::current()) const requires std::is_copy_constructible_v<T> {
    if constexpr (by_value) {
      return from_value(detail::cell_read(id_, loc));
    } else {
      detail::cell_read(id_, loc);
      return object_;
    }
  }
  // A write access.
  void set(T value, src loc = src::current()) requires std::is_copy_constructible_v<T> &&
      (by_value || std::is_move_assignable_v<T>) {
    if constexpr (by_value) {
      detail::cell_write(id_, to_value(value), loc);
    } else {
      detail::cell_write(id_, 0, loc);
      object_ = std::move(value);
    }
  }
  // A read access: calls f(const T&) and returns its result.
  template <class F>
  decltype(auto) with(F&& f, src loc = src::current()) const {
    if constexpr (by_value) {
      const T value = get(loc);
      return std::invoke(std::forward<F>(f), value);
    } else {
      detail::cell_read(id_, loc);
      return std::invoke(std::forward<F>(f), std::as_const(object_));
    }
  }
  // A read and a write access: calls f(T&) on the current value, then records the write (for a
  // small value: stores what f left). Returns f's result by value. If f throws, no write is
  // recorded.
  template <class F>
  auto with_mut(F&& f, src loc = src::current()) {
    if constexpr (by_value) {
      T value = get(loc);
      if constexpr (std::is_void_v<std::invoke_result_t<F, T&>>) {
        std::invoke(std::forward<F>(f), value);
        set(value, loc);
      } else {
        auto result = std::invoke(std::forward<F>(f), value);
        set(value, loc);
        return result;
      }
    } else {
      detail::cell_read(id_, loc);
      if constexpr (std::is_void_v<std::invoke_result_t<F, T&>>) {
        std::invoke(std::forward<F>(f), object_);
        detail::cell_write(id_, 0, loc);
      } else {
        auto result = std::invoke(std::forward<F>(f), object_);
        detail::cell_write(id_, 0, loc);
        return result;
      }
    }
  }

 private:
  static detail::Value initial_value(const T& initial) {
    if constexpr (by_value) {
      return to_value(initial);
    } else {
      return 0;
    }
  }
  static detail::Value to_value(const T& v) requires by_value {
    detail::Value out = 0;
    std::memcpy(&out, &v, sizeof(T));
    return out;
  }
  static T from_value(detail::Value v) requires by_value {
    T out;
    std::memcpy(&out, &v, sizeof(T));
    return out;
  }

  detail::LocationId id_;
  [[no_unique_address]] object_type object_;
};

}  // namespace weft::model
