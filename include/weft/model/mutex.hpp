// weft/model/mutex.hpp
//
// weft::model::Mutex<T>: a data-owning lock for tests of your own code, with weft::sync::
// Mutex<T>'s interface (lock() returns a guard that unlocks when destroyed, try_lock(),
// with_lock(f)) over weft::model::mutex (weft/model/std_mutex.hpp): locking and unlocking are
// single operations, so N threads that each lock once give N! executions, waiting is exact, and
// a lock that can never be taken is a deadlock naming the lock and the lines. The T is plain
// memory reached only through the guard.
//
// weft's own lock algorithm under the checker is weft::model::SyncMutex<T>
// (weft/model/sync_mutex.hpp).

#pragma once

#include <concepts>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>

#include "weft/model/std_mutex.hpp"

namespace weft::model {

template <class T>
class Mutex;

// Proof that the calling thread holds a Mutex<T>, and the only handle to its data. Unlocks in
// its destructor. Movable (the moved-from guard holds nothing), not copyable.
template <class T>
class [[nodiscard]] MutexGuard {
 public:
  MutexGuard(MutexGuard&& other) noexcept : mutex_(std::exchange(other.mutex_, nullptr)) {}
  MutexGuard& operator=(MutexGuard&& other) noexcept {
    if (this != &other) {
      release();
      mutex_ = std::exchange(other.mutex_, nullptr);
    }
    return *this;
  }
  MutexGuard(const MutexGuard&) = delete;
  MutexGuard& operator=(const MutexGuard&) = delete;
  ~MutexGuard() { release(); }

  T& operator*() const noexcept { return mutex_->data_; }
  T* operator->() const noexcept { return &mutex_->data_; }
  bool owns_lock() const noexcept { return mutex_ != nullptr; }

 private:
  friend class Mutex<T>;
  explicit MutexGuard(Mutex<T>& mutex) noexcept : mutex_(&mutex) {}

  void release() noexcept {
    if (mutex_ != nullptr) {
      mutex_->lock_.unlock();  // never throws (a no-abort scope)
      mutex_ = nullptr;
    }
  }

  Mutex<T>* mutex_;
};

template <class T>
class Mutex {
 public:
  using value_type = T;
  using guard_type = MutexGuard<T>;

  // Constructs the protected T from `args` (value-initialized when there are none).
  template <class... Args>
  requires std::constructible_from<T, Args&&...>
  explicit Mutex(Args&&... args) : data_(std::forward<Args>(args)...) {}

  // Constructs the protected T from `args`, and names the lock in reports.
  template <class... Args>
  requires std::constructible_from<T, Args&&...> Mutex(std::in_place_t /*unused*/,
                                                       std::string_view name, Args&&... args)
      : lock_(name), data_(std::forward<Args>(args)...) {}

  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  guard_type lock(detail::SourceLine where = detail::SourceLine::current()) {
    lock_.lock(where);
    return guard_type(*this);
  }

  // A guard if the lock was free, std::nullopt at once if it is held (never fails spuriously).
  std::optional<guard_type> try_lock(detail::SourceLine where = detail::SourceLine::current()) {
    if (!lock_.try_lock(where)) {
      return std::nullopt;
    }
    return guard_type(*this);
  }

  // Calls f(T&) while holding the lock and returns what f returns.
  template <class F>
  decltype(auto) with_lock(F&& f, detail::SourceLine where = detail::SourceLine::current()) {
    guard_type guard = lock(where);
    return std::invoke(std::forward<F>(f), *guard);
  }

 private:
  friend class MutexGuard<T>;

  mutex lock_;
  T data_;
};

}  // namespace weft::model
