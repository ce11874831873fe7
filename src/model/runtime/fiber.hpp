// Fiber: one model thread's stack and context (Boost.Context), with the switches annotated for
// AddressSanitizer and ThreadSanitizer so that checker runs are clean under both.
//
// Fibers only ever switch to and from the scheduler context of the OS thread that runs check():
// Fiber::resume() runs the fiber until it calls Fiber::suspend() (or returns).

#pragma once

#include <boost/context/fiber.hpp>
#include <boost/context/fixedsize_stack.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace weft::model::runtime {

// Reuses fiber stacks across executions: an execution creates a fiber per model thread, and
// allocating stacks is the dominant cost of a short execution otherwise.
class StackPool {
 public:
  static constexpr std::size_t stack_size = 1024 * 1024;

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx) noexcept;
  // ThreadSanitizer's fiber handles are expensive to create, so they are pooled too.
  void* acquire_tsan_fiber();
  void release_tsan_fiber(void* fiber) noexcept;
  ~StackPool();

 private:
  std::vector<boost::context::stack_context> free_;
  std::vector<void*> free_tsan_fibers_;
  boost::context::fixedsize_stack allocator_{stack_size};
};

class Fiber {
 public:
  Fiber(StackPool& pool, std::function<void()> entry);
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;
  ~Fiber();

  // From the scheduler: runs the fiber until it suspends or finishes.
  void resume();
  // From inside the fiber: returns control to the scheduler.
  void suspend();
  bool finished() const { return finished_; }

 private:
  void switch_out(bool finishing);
  void switched_in();

  StackPool& pool_;
  std::function<void()> entry_;
  boost::context::fiber context_;    // the fiber, while suspended
  boost::context::fiber scheduler_;  // the scheduler, while the fiber runs
  bool finished_ = false;
  // Sanitizer bookkeeping.
  [[maybe_unused]] void* fake_stack_ = nullptr;
  [[maybe_unused]] const void* scheduler_stack_bottom_ = nullptr;
  [[maybe_unused]] std::size_t scheduler_stack_size_ = 0;
  const void* stack_bottom_ = nullptr;
  std::size_t stack_size_ = 0;
  void* tsan_fiber_ = nullptr;
  [[maybe_unused]] void* tsan_scheduler_ = nullptr;
};

}  // namespace weft::model::runtime
