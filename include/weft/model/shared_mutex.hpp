// weft/model/shared_mutex.hpp
//
// weft::model::shared_mutex: stands in for std::shared_mutex (readers/writer lock) inside
// weft::model::check(). As weft::model::mutex, its operations are single operations of the
// explored execution on one word: lock() is a compare-exchange free -> writer (acquire),
// lock_shared() reads the word and, when no writer holds it, adds a reader with a
// compare-exchange (acquire); unlock() stores free (release), unlock_shared() subtracts its
// reader (release). Waiting for the lock is exact, and a thread that can never get it is
// reported as a deadlock naming the lock and the line of the waiting call.
//
// Memory ordering: every unlock()/unlock_shared() synchronizes-with the lock()/lock_shared()
// that reads the word it wrote (directly or through later readers' compare-exchanges), as the
// standard requires of a shared_mutex.
//
// Meets the standard's SharedLockable requirements: std::shared_lock, std::unique_lock and
// std::lock_guard work. Differences from std::shared_mutex: try_lock() and try_lock_shared()
// never fail spuriously; unlocking what the thread does not hold, and locking what it holds,
// stop the execution with a misuse failure; created inside the check body, optionally named.

#pragma once

#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "weft/model/detail/lock_runtime.hpp"
#include "weft/model/detail/runtime.hpp"

namespace weft::model {

class shared_mutex {
 public:
  explicit shared_mutex(std::string_view name = {})
      : word_(detail::new_location(detail::LocationKind::atomic, 4, 0, name)) {}
  shared_mutex(const shared_mutex&) = delete;
  shared_mutex& operator=(const shared_mutex&) = delete;

  void lock(detail::SourceLine where = detail::SourceLine::current()) {
    if (!refuses_relock("locks", where)) {
      detail::lock_until(word_, where, [&] { return try_write(where); });
    }
  }

  bool try_lock(detail::SourceLine where = detail::SourceLine::current()) {
    return !refuses_relock("try-locks", where) && try_write(where);
  }

  void unlock(detail::SourceLine where = detail::SourceLine::current()) {
    if (writer_ != detail::current_thread() + 1) {
      misuse("unlocks", "which it does not hold exclusively", where);
      return;
    }
    writer_ = 0;
    const detail::NoAbortScope no_abort;  // called from destructors (std::lock_guard)
    detail::store(word_, 0, std::memory_order_release, where);
  }

  void lock_shared(detail::SourceLine where = detail::SourceLine::current()) {
    if (!refuses_relock("locks (shared)", where)) {
      detail::lock_until(word_, where, [&] { return try_read(where); });
    }
  }

  bool try_lock_shared(detail::SourceLine where = detail::SourceLine::current()) {
    return !refuses_relock("try-locks (shared)", where) && try_read(where);
  }

  void unlock_shared(detail::SourceLine where = detail::SourceLine::current()) {
    const auto it = std::find(readers_.begin(), readers_.end(), detail::current_thread());
    if (it == readers_.end()) {
      misuse("unlocks (shared)", "which it does not hold shared", where);
      return;
    }
    readers_.erase(it);
    const detail::NoAbortScope no_abort;  // called from destructors (std::shared_lock)
    detail::fetch_op(word_, detail::RmwOp::sub, 1, std::memory_order_release, where);
  }

 private:
  // The word: 0 free; writer_bit | (writer's thread + 1) held exclusively; else the number of
  // readers.
  static constexpr detail::Value writer_bit = 0x8000'0000U;

  bool try_write(detail::SourceLine where) {
    const std::uint32_t self = detail::current_thread();
    detail::Value expected = 0;
    if (!detail::compare_exchange(word_, expected, writer_bit | (self + 1),
                                  std::memory_order_acquire, std::memory_order_relaxed, false,
                                  where)) {
      return false;
    }
    writer_ = self + 1;
    return true;
  }

  bool try_read(detail::SourceLine where) {
    detail::Value seen = detail::load(word_, std::memory_order_relaxed, where);
    if ((seen & writer_bit) != 0 ||
        !detail::compare_exchange(word_, seen, seen + 1, std::memory_order_acquire,
                                  std::memory_order_relaxed, false, where)) {
      return false;
    }
    readers_.push_back(detail::current_thread());
    return true;
  }

  // Locking what the thread holds, shared or not, would deadlock: misuse.
  bool refuses_relock(const char* verb, detail::SourceLine where) {
    const std::uint32_t self = detail::current_thread();
    const bool holds =
        writer_ == self + 1 || std::find(readers_.begin(), readers_.end(), self) != readers_.end();
    if (holds) {
      misuse(verb, "which it holds already", where);
    }
    return holds;
  }

  void misuse(const char* verb, const char* what, detail::SourceLine where) {
    detail::lock_misuse(word_, verb, "shared_mutex", what, where);
  }

  detail::LocationId word_;
  std::uint32_t writer_ = 0;            // as this run's program sees it (for misuse): thread + 1
  std::vector<std::uint32_t> readers_;  // threads that hold it shared
};

// RwLock<T>: a data-owning readers/writer lock over shared_mutex (Rust's RwLock, loom's
// loom::sync::RwLock). read() returns a guard to a const T, shared with other readers; write()
// a guard to a T, exclusive. Guards unlock when destroyed (never throwing: see mutex).
template <class T>
class RwLock {
 public:
  class [[nodiscard]] ReadGuard {
   public:
    ReadGuard(ReadGuard&& other) noexcept : lock_(std::exchange(other.lock_, nullptr)) {}
    ReadGuard(const ReadGuard&) = delete;
    ReadGuard& operator=(const ReadGuard&) = delete;
    ReadGuard& operator=(ReadGuard&&) = delete;
    ~ReadGuard() {
      if (lock_ != nullptr) {
        lock_->mutex_.unlock_shared();
      }
    }
    const T& operator*() const noexcept { return lock_->data_; }
    const T* operator->() const noexcept { return &lock_->data_; }

   private:
    friend class RwLock;
    explicit ReadGuard(RwLock& lock) noexcept : lock_(&lock) {}
    RwLock* lock_;
  };

  class [[nodiscard]] WriteGuard {
   public:
    WriteGuard(WriteGuard&& other) noexcept : lock_(std::exchange(other.lock_, nullptr)) {}
    WriteGuard(const WriteGuard&) = delete;
    WriteGuard& operator=(const WriteGuard&) = delete;
    WriteGuard& operator=(WriteGuard&&) = delete;
    ~WriteGuard() {
      if (lock_ != nullptr) {
        lock_->mutex_.unlock();
      }
    }
    T& operator*() const noexcept { return lock_->data_; }
    T* operator->() const noexcept { return &lock_->data_; }

   private:
    friend class RwLock;
    explicit WriteGuard(RwLock& lock) noexcept : lock_(&lock) {}
    RwLock* lock_;
  };

  // Constructs the protected T from `args` (value-initialized when there are none).
  template <class... Args>
  requires std::constructible_from<T, Args&&...>
  explicit RwLock(Args&&... args) : data_(std::forward<Args>(args)...) {}

  // Constructs the protected T from `args`, and names the lock in reports.
  template <class... Args>
  requires std::constructible_from<T, Args&&...> RwLock(std::in_place_t /*unused*/,
                                                        std::string_view name, Args&&... args)
      : mutex_(name), data_(std::forward<Args>(args)...) {}

  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  ReadGuard read(detail::SourceLine where = detail::SourceLine::current()) {
    mutex_.lock_shared(where);
    return ReadGuard(*this);
  }

  WriteGuard write(detail::SourceLine where = detail::SourceLine::current()) {
    mutex_.lock(where);
    return WriteGuard(*this);
  }

 private:
  shared_mutex mutex_;
  T data_;
};

}  // namespace weft::model
