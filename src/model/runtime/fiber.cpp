#include "runtime/fiber.hpp"

#include <boost/context/preallocated.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>

#if defined(WEFT_ASAN)
#include <sanitizer/asan_interface.h>
#endif
#if defined(WEFT_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace weft::model::runtime {

namespace ctx = boost::context;

ctx::stack_context StackPool::allocate() {
  if (free_.empty()) {
    return allocator_.allocate();
  }
  ctx::stack_context sctx = free_.back();
  free_.pop_back();
  return sctx;
}

void StackPool::deallocate(ctx::stack_context& sctx) noexcept {
  free_.push_back(sctx);
}

void* StackPool::acquire_tsan_fiber() {
#if defined(WEFT_TSAN)
  if (free_tsan_fibers_.empty()) {
    return __tsan_create_fiber(0);
  }
  void* fiber = free_tsan_fibers_.back();
  free_tsan_fibers_.pop_back();
  return fiber;
#else
  return nullptr;
#endif
}

void StackPool::release_tsan_fiber(void* fiber) noexcept {
  if (fiber != nullptr) {
    free_tsan_fibers_.push_back(fiber);
  }
}

StackPool::~StackPool() {
  for (auto& sctx : free_) {
    allocator_.deallocate(sctx);
  }
#if defined(WEFT_TSAN)
  for (void* fiber : free_tsan_fibers_) {
    __tsan_destroy_fiber(fiber);
  }
#endif
}

namespace {

// Hands a pooled stack to Boost.Context and takes it back when the fiber is destroyed.
class PooledStack {
 public:
  PooledStack(StackPool& pool, ctx::stack_context* allocated)
      : pool_(&pool), allocated_(allocated) {}
  ctx::stack_context allocate() {
    *allocated_ = pool_->allocate();
    return *allocated_;
  }
  void deallocate(ctx::stack_context& sctx) noexcept { pool_->deallocate(sctx); }

 private:
  StackPool* pool_;
  ctx::stack_context* allocated_;
};

}  // namespace

Fiber::Fiber(StackPool& pool, std::function<void()> entry) : pool_(pool), entry_(std::move(entry)) {
  ctx::stack_context sctx;
  PooledStack stack(pool, &sctx);
  context_ = ctx::fiber(std::allocator_arg, std::move(stack), [this](ctx::fiber&& scheduler) {
    scheduler_ = std::move(scheduler);
    switched_in();
    entry_();
    finished_ = true;
    switch_out(/*finishing=*/true);
    return std::move(scheduler_);
  });
  stack_size_ = sctx.size;
  stack_bottom_ = static_cast<const char*>(sctx.sp) - sctx.size;
  tsan_fiber_ = pool_.acquire_tsan_fiber();
}

Fiber::~Fiber() {
  pool_.release_tsan_fiber(tsan_fiber_);
  if (!finished_ && context_) {
    // Destroying a suspended fiber would unwind it with Boost's forced_unwind from inside a
    // runtime call; the runtime always runs fibers to completion first.
    std::fputs("weft: internal error: a model thread's fiber was destroyed while suspended\n",
               stderr);
    std::abort();
  }
}

void Fiber::resume() {
#if defined(WEFT_TSAN)
  tsan_scheduler_ = __tsan_get_current_fiber();
  __tsan_switch_to_fiber(tsan_fiber_, 0);
#endif
#if defined(WEFT_ASAN)
  void* fake = nullptr;
  __sanitizer_start_switch_fiber(&fake, stack_bottom_, stack_size_);
#endif
  context_ = std::move(context_).resume();
#if defined(WEFT_ASAN)
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
}

void Fiber::suspend() {
  switch_out(/*finishing=*/false);
  scheduler_ = std::move(scheduler_).resume();
  switched_in();
}

void Fiber::switch_out([[maybe_unused]] bool finishing) {
#if defined(WEFT_TSAN)
  __tsan_switch_to_fiber(tsan_scheduler_, 0);
#endif
#if defined(WEFT_ASAN)
  __sanitizer_start_switch_fiber(finishing ? nullptr : &fake_stack_, scheduler_stack_bottom_,
                                 scheduler_stack_size_);
#endif
}

void Fiber::switched_in() {
#if defined(WEFT_ASAN)
  __sanitizer_finish_switch_fiber(fake_stack_, &scheduler_stack_bottom_, &scheduler_stack_size_);
#endif
}

}  // namespace weft::model::runtime
