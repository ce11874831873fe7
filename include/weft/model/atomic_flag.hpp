// weft/model/atomic_flag.hpp
//
// weft::model::atomic_flag: stands in for C++20's std::atomic_flag inside weft::model::check():
// test_and_set, clear, test, wait, notify_one, notify_all, std::memory_order arguments
// defaulting to seq_cst. Starts clear, as std::atomic_flag's default constructor makes it.
//
//   weft::model::atomic_flag busy{"busy"};
//   weft::model::spin_until([&] { return !busy.test_and_set(std::memory_order_acquire); });
//   ...                                                   // the critical section
//   busy.clear(std::memory_order_release);
//
// Traces show the flag as a one-byte atomic: test_and_set is `exchange(1, order)`, clear a
// store of 0, test a load. Differences from std::atomic_flag: the optional name, and every
// operation records the caller's source line.

#pragma once

#include <atomic>
#include <string_view>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

class atomic_flag {
  using src = detail::SourceLine;

 public:
  // `name` (optional; copied) labels this flag in traces.
  explicit atomic_flag(std::string_view name = {})
      : id_(detail::new_location(detail::LocationKind::atomic, 1, 0, name)) {}
  atomic_flag(const atomic_flag&) = delete;
  atomic_flag& operator=(const atomic_flag&) = delete;
  atomic_flag& operator=(const atomic_flag&) volatile = delete;

  // Sets the flag; returns whether it was set before (one read-modify-write).
  bool test_and_set(std::memory_order order = std::memory_order_seq_cst, src loc = src::current()) {
    return detail::fetch_op(id_, detail::RmwOp::exchange, 1, order, loc) != 0;
  }
  void clear(std::memory_order order = std::memory_order_seq_cst, src loc = src::current()) {
    detail::store(id_, 0, order, loc);
  }
  bool test(std::memory_order order = std::memory_order_seq_cst, src loc = src::current()) const {
    return detail::load(id_, order, loc) != 0;
  }

  // Blocks while the flag equals `old` (see atomic::wait).
  void wait(bool old, std::memory_order order = std::memory_order_seq_cst,
            src loc = src::current()) const {
    detail::wait(id_, old ? 1U : 0U, order, loc);
  }
  void notify_one(src loc = src::current()) { detail::notify(id_, false, loc); }
  void notify_all(src loc = src::current()) { detail::notify(id_, true, loc); }

 private:
  detail::LocationId id_;
};

}  // namespace weft::model
