// weft/sync/mutex.hpp
//
// weft::sync::Mutex<T>: a data-owning mutual-exclusion lock. The protected T lives inside the
// mutex and can only be reached through the lock:
//
//   weft::sync::Mutex<std::vector<int>> m;
//   m.with_lock([](std::vector<int>& v) { v.push_back(1); });
//   {
//     auto guard = m.lock();        // MutexGuard: unlocks when it goes out of scope
//     guard->push_back(2);
//   }
//   if (auto guard = m.try_lock()) { (*guard)->clear(); }
//
// The lock is basic_raw_mutex (raw_mutex.hpp): one 32-bit futex word split into a `held` byte
// and a flags byte; an inlined exchange to lock and a plain store to unlock on the uncontended
// path; a few sched_yield rounds and then parking in the kernel; a direct hand-off to a waiter
// that has been parked for about a millisecond. sizeof(Mutex<int>) == 8.
//
// Memory ordering: everything a holder did before releasing the lock happens-before everything
// the next holder does after acquiring it.
//
// Destruction: unlock() reads the lock word just after it released the lock, so a Mutex must
// outlive every unlock() in progress; unlike std::mutex, it may not be freed by a thread merely
// because that thread acquired it after everyone else released it (see raw_mutex.hpp).
//
// The second template parameter is the atomics policy. weft::model::Mutex<T> is this class over
// the model checker's atomics: the code that is checked is the code that ships.

#pragma once

#include <concepts>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "weft/sync/native_atomics.hpp"
#include "weft/sync/raw_mutex.hpp"

namespace weft::sync {

template <class T, class Atomics = native_atomics>
class Mutex;

// MutexGuard<T>
//
// Proof that the calling thread holds a Mutex<T>, and the only handle to its data. Unlocks in
// its destructor. Movable (the moved-from guard holds nothing), not copyable. Must be destroyed
// by the thread that locked.
template <class T, class Atomics = native_atomics>
class [[nodiscard]] MutexGuard {
 public:
  MutexGuard(MutexGuard&& other) noexcept : mutex_(std::exchange(other.mutex_, nullptr)) {}
  MutexGuard& operator=(MutexGuard&& other) noexcept(Atomics::nothrow) {
    if (this != &other) {
      release();
      mutex_ = std::exchange(other.mutex_, nullptr);
    }
    return *this;
  }
  MutexGuard(const MutexGuard&) = delete;
  MutexGuard& operator=(const MutexGuard&) = delete;
  ~MutexGuard() noexcept(Atomics::nothrow) { release(); }

  // The protected value. Precondition: this guard holds the lock (was not moved from).
  T& operator*() const noexcept { return mutex_->data_; }
  T* operator->() const noexcept { return &mutex_->data_; }

  // True unless this guard was moved from.
  bool owns_lock() const noexcept { return mutex_ != nullptr; }

 private:
  friend class Mutex<T, Atomics>;
  explicit MutexGuard(Mutex<T, Atomics>& mutex) noexcept : mutex_(&mutex) {}

  void release() noexcept(Atomics::nothrow) {
    if (mutex_ != nullptr) {
      mutex_->raw_.unlock();
      mutex_ = nullptr;
    }
  }

  Mutex<T, Atomics>* mutex_;
};

// Mutex<T>
//
// Owns a T and lets one thread at a time reach it. Not copyable or movable. Not recursive:
// locking it again from the holding thread deadlocks.
template <class T, class Atomics>
class Mutex {
 public:
  using value_type = T;
  using guard_type = MutexGuard<T, Atomics>;

  // Constructs the protected T from `args` (value-initialized when there are none).
  template <class... Args>
  requires std::constructible_from<T, Args&&...>
  explicit Mutex(Args&&... args) : data_(std::forward<Args>(args)...) {}

  // Constructs the protected T in place from `args`.
  template <class... Args>
  requires std::constructible_from<T, Args&&...>
  explicit Mutex(std::in_place_t /*unused*/, Args&&... args) : data_(std::forward<Args>(args)...) {}

  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  // Mutex::with_lock()
  //
  // Calls f(T&) while holding the lock and returns what f returns. If f throws, the lock is
  // released and the exception propagates.
  template <class F>
  decltype(auto) with_lock(F&& f) {
    guard_type guard = lock();
    return std::invoke(std::forward<F>(f), *guard);
  }

  // Mutex::lock()
  //
  // Blocks until the lock is held and returns the guard that releases it.
  guard_type lock() noexcept(Atomics::nothrow) {
    raw_.lock();
    return guard_type(*this);
  }

  // Mutex::try_lock()
  //
  // Returns a guard if the lock was free, std::nullopt at once if it is held. Never fails
  // spuriously.
  std::optional<guard_type> try_lock() noexcept(Atomics::nothrow) {
    if (!raw_.try_lock()) {
      return std::nullopt;
    }
    return guard_type(*this);
  }

 private:
  friend class MutexGuard<T, Atomics>;
  template <class>
  friend struct mutex_inspector;

  basic_raw_mutex<Atomics> raw_;
  T data_;
};

static_assert(sizeof(Mutex<int>) <= 8, "Mutex<int> must stay within 8 bytes");
static_assert(sizeof(RawMutex) == 4);

}  // namespace weft::sync
