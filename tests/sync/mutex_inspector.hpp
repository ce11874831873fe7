// tests/sync/mutex_inspector.hpp: reads weft::sync::Mutex's private lock word (a friend of the
// mutex), so tests can check that the lock returns to the fully free state.

#pragma once

#include <atomic>
#include <cstdint>

#include "weft/sync/mutex.hpp"

namespace weft::sync {

template <class>
struct mutex_inspector;

template <class T, class Atomics>
struct mutex_inspector<Mutex<T, Atomics>> {
  static std::uint8_t held(Mutex<T, Atomics>& m) {
    return m.raw_.word_.held.load(std::memory_order_relaxed);
  }
  static std::uint8_t flags(Mutex<T, Atomics>& m) {
    return m.raw_.word_.flags.load(std::memory_order_relaxed);
  }
  static std::uint8_t mode(Mutex<T, Atomics>& m) {
    return m.raw_.word_.mode.load(std::memory_order_relaxed);
  }
};

}  // namespace weft::sync
