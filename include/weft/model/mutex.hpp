// weft/model/mutex.hpp
//
// weft::model::Mutex<T>: weft::sync::Mutex<T>'s algorithm, the very same source
// (weft/sync/raw_mutex.hpp), instantiated over the model checker's atomics, so that check()
// verifies the lock that ships. Parking becomes atomic::wait/notify_one on the lock word; the
// bounded spin is skipped (spin_limit 0) because it ends by parking, not by an exit the
// checker could assume; the fairness clock is a logical one that advances half a millisecond
// per reading, so the hand-off path is explored too.

#pragma once

#include <atomic>
#include <cstdint>

#include "weft/model/atomic.hpp"
#include "weft/model/spin.hpp"
#include "weft/sync/mutex.hpp"

namespace weft::model {

// The atomics policy of weft::sync's algorithms under the checker.
struct model_atomics {
  template <class T>
  using atomic = weft::model::atomic<T>;

  static constexpr int spin_limit = 0;
  // Operations throw to unwind a model thread whose execution is abandoned.
  static constexpr bool nothrow = false;

  static void wait(atomic<std::uint32_t>& word, std::uint32_t expected) {
    word.wait(expected, std::memory_order_relaxed);
  }
  static void notify_one(atomic<std::uint32_t>& word) { word.notify_one(); }
  static void pause() { spin_loop(); }
  static std::uint64_t now_ns() { return detail::logical_clock_ns(); }
};

template <class T>
using Mutex = weft::sync::Mutex<T, model_atomics>;

template <class T>
using MutexGuard = weft::sync::MutexGuard<T, model_atomics>;

}  // namespace weft::model
