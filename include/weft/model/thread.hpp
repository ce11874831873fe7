// weft/model/thread.hpp
//
// weft::model::thread: stands in for std::thread inside weft::model::check(). The callable
// runs as a model thread: a fiber scheduled by the checker, never in parallel. Starting a
// thread synchronizes-with its first operation; its end synchronizes-with join().
//
// As with std::thread, destroying a joinable thread is an error (std::terminate there); the
// checker reports it as a failure of the execution.

#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <tuple>
#include <type_traits>
#include <utility>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

class thread {
 public:
  class id {
   public:
    id() = default;
    friend bool operator==(id, id) = default;
    friend auto operator<=>(id, id) = default;
    friend std::ostream& operator<<(std::ostream& out, id i) {
      return i.value_ == 0 ? out << "thread::id(none)" : out << "thread " << (i.value_ - 1);
    }

   private:
    friend class thread;
    friend id current_thread_id();
    explicit id(std::uint32_t model_thread) : value_(model_thread + 1) {}
    std::uint32_t value_ = 0;  // 0: no thread
  };

  thread() noexcept = default;

  // A thread running f(): its spawn is recorded at the caller's line.
  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, thread>) explicit thread(
      F&& f, detail::SourceLine where = detail::SourceLine::current()) {
    using Task = detail::TaskOf<std::decay_t<F>>;
    id_ = id(detail::spawn(std::make_unique<Task>(std::forward<F>(f)), where));
  }

  // A thread running f(args...) (no line for the spawn: a parameter pack takes every argument).
  template <class F, class Arg, class... Args>
  requires(!std::is_same_v<std::remove_cvref_t<F>, thread>) explicit thread(F&& f, Arg&& arg,
                                                                            Args&&... args) {
    auto bound =
        [f = std::forward<F>(f),
         args = std::make_tuple(std::forward<Arg>(arg), std::forward<Args>(args)...)]() mutable {
          std::apply(std::move(f), std::move(args));
        };
    using Bound = decltype(bound);
    id_ = id(detail::spawn(std::make_unique<detail::TaskOf<Bound>>(std::move(bound)),
                           detail::SourceLine{}));
  }

  thread(thread&& other) noexcept : id_(std::exchange(other.id_, id())) {}
  thread& operator=(thread&& other) noexcept {
    if (joinable()) {
      detail::thread_not_joined(id_.value_ - 1, detail::SourceLine{});
    }
    id_ = std::exchange(other.id_, id());
    return *this;
  }
  thread(const thread&) = delete;
  thread& operator=(const thread&) = delete;

  ~thread() {
    if (joinable()) {
      detail::thread_not_joined(id_.value_ - 1, detail::SourceLine{});
    }
  }

  bool joinable() const noexcept { return id_ != id(); }

  // Lets the thread run on its own, as std::thread::detach. The execution still ends only when
  // every thread has finished: a detached thread that can never finish is reported like any
  // other (a deadlock or a spin loop that never ends), and its failures are found as well.
  void detach() noexcept { id_ = id(); }
  id get_id() const noexcept { return id_; }

  // Blocks until the thread has finished. Its end synchronizes-with this call.
  void join(detail::SourceLine loc = detail::SourceLine::current()) {
    detail::join(id_.value_ - 1, loc);
    id_ = id();
  }

 private:
  id id_;
};

inline thread::id current_thread_id() {
  return thread::id(detail::current_thread());
}

namespace this_thread {
inline thread::id get_id() {
  return current_thread_id();
}
}  // namespace this_thread

}  // namespace weft::model
