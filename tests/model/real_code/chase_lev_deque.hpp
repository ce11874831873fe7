// The Chase-Lev work-stealing deque as published in N. M. Lê, A. Pop, A. Cohen and F. Zappa
// Nardelli, "Correct and Efficient Work-Stealing for Weak Memory Models", PPoPP 2013, Figure 1
// (the C11 version), ported operation by operation to weft::model::atomic and fence. The owner
// thread push()es and take()s at the bottom; thieves steal() at the top.
//
// Differences from the figure:
//   - top and bottom are std::int64_t, not size_t: with size_t, take() on an empty deque whose
//     bottom is 0 computes b = SIZE_MAX and finds t <= b (the usual fix in ports of the figure).
//   - resize() is not ported: the array has a fixed size and push() asserts that it is not full.
//   - steal()'s memory_order_consume load of `array` is memory_order_acquire (what compilers do).
//   - Items are ints >= 0; EMPTY and ABORT are the negative constants `empty` and `abort`.

#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "weft/model.hpp"

namespace weft::model::real_code {

class ChaseLevDeque {
 public:
  static constexpr int empty = -1;  // EMPTY: nothing to take or steal
  static constexpr int abort = -2;  // ABORT: steal() lost a race for the top item

  // The seeded bug of the tests: take() claims the last item with a plain store of top instead
  // of the compare-exchange, as if the owner alone could take it.
  enum class LastItem { compare_exchange, plain_store };
  // The weak-memory bug of the RC11 tests: take() without its seq_cst fence between the store
  // of bottom and the load of top (the fence the paper's proof needs).
  enum class TakeFence { seq_cst, none };

  explicit ChaseLevDeque(std::size_t size, LastItem last_item = LastItem::compare_exchange,
                         TakeFence take_fence = TakeFence::seq_cst)
      : storage_(std::make_unique<Array>(size)),
        array_(storage_.get(), "array"),
        last_item_(last_item),
        take_fence_(take_fence) {}

  // Owner only.
  int take() {
    const std::int64_t b = bottom_.load(std::memory_order_relaxed) - 1;
    Array* a = array_.load(std::memory_order_relaxed);
    bottom_.store(b, std::memory_order_relaxed);
    if (take_fence_ == TakeFence::seq_cst) {
      weft::model::fence(std::memory_order_seq_cst);
    }
    std::int64_t t = top_.load(std::memory_order_relaxed);
    int x = empty;
    if (t <= b) {
      // Non-empty queue.
      x = a->buffer[a->index(b)].load(std::memory_order_relaxed);
      if (t == b) {
        // Single last element in queue.
        if (last_item_ == LastItem::plain_store) {
          top_.store(t + 1, std::memory_order_relaxed);
        } else if (!top_.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst,
                                                 std::memory_order_relaxed)) {
          // Failed race.
          x = empty;
        }
        bottom_.store(b + 1, std::memory_order_relaxed);
      }
    } else {
      // Empty queue.
      x = empty;
      bottom_.store(b + 1, std::memory_order_relaxed);
    }
    return x;
  }

  // Owner only.
  void push(int x) {
    const std::int64_t b = bottom_.load(std::memory_order_relaxed);
    const std::int64_t t = top_.load(std::memory_order_acquire);
    Array* a = array_.load(std::memory_order_relaxed);
    const auto size = static_cast<std::int64_t>(a->size.load(std::memory_order_relaxed));
    WEFT_ASSERT_MSG(b - t <= size - 1, "the deque is full (resize() is not ported)");
    a->buffer[a->index(b)].store(x, std::memory_order_relaxed);
    weft::model::fence(std::memory_order_release);
    bottom_.store(b + 1, std::memory_order_relaxed);
  }

  // Any thread.
  int steal() {
    std::int64_t t = top_.load(std::memory_order_acquire);
    weft::model::fence(std::memory_order_seq_cst);
    const std::int64_t b = bottom_.load(std::memory_order_acquire);
    int x = empty;
    if (t < b) {
      // Non-empty queue.
      Array* a = array_.load(std::memory_order_acquire);
      x = a->buffer[a->index(t)].load(std::memory_order_relaxed);
      if (!top_.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst,
                                        std::memory_order_relaxed)) {
        // Failed race.
        return abort;
      }
    }
    return x;
  }

 private:
  struct Array {
    explicit Array(std::size_t n)
        : size(n, "size"), buffer(std::make_unique<weft::model::atomic<int>[]>(n)) {}
    std::size_t index(std::int64_t i) const {
      return static_cast<std::size_t>(i) % size.load(std::memory_order_relaxed);
    }
    weft::model::atomic<std::size_t> size;
    std::unique_ptr<weft::model::atomic<int>[]> buffer;
  };

  weft::model::atomic<std::int64_t> top_{0, "top"};
  weft::model::atomic<std::int64_t> bottom_{0, "bottom"};
  std::unique_ptr<Array> storage_;  // the one array (no resize), freed with the deque
  weft::model::atomic<Array*> array_;
  LastItem last_item_;
  TakeFence take_fence_;
};

}  // namespace weft::model::real_code
