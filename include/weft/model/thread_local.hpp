// weft/model/thread_local.hpp
//
// weft::model::thread_local_value<T>: one T per model thread, like a `thread_local` variable
// (or loom's thread_local! macro). C++ `thread_local` itself is shared by all model threads,
// which all run on the OS thread of check(): use this instead for state a thread keeps to
// itself. Each thread's value is made from the initializer on the thread's first get(), and is
// fresh in every execution (the object is created inside the body, like every model object).
//
//   weft::model::thread_local_value<int> calls{[] { return 0; }};
//   ++calls.get();  // this thread's counter
//
// A thread's value is destroyed when the thread returns (as a C++ `thread_local` is at thread
// exit), or with the object when that comes first. Values are plain memory: no events, no data
// races (no other thread can reach them).

#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

template <class T>
class thread_local_value {
 public:
  thread_local_value() : init_([] { return T{}; }) {}
  explicit thread_local_value(std::function<T()> init) : init_(std::move(init)) {}
  thread_local_value(const thread_local_value&) = delete;
  thread_local_value& operator=(const thread_local_value&) = delete;
  ~thread_local_value() { detail::forget_at_exit(this); }

  // The calling model thread's value (made on its first call).
  T& get() {
    const std::uint32_t self = detail::current_thread();
    auto it = values_.find(self);
    if (it == values_.end()) {
      it = values_.emplace(self, init_()).first;
      detail::at_thread_exit(this, [this, self] { values_.erase(self); });
    }
    return it->second;
  }

  // Whether the calling thread has made its value yet.
  bool has_value() const { return values_.count(detail::current_thread()) != 0; }

 private:
  std::function<T()> init_;
  std::map<std::uint32_t, T> values_;  // by model thread
};

}  // namespace weft::model
