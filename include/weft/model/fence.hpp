// weft/model/fence.hpp: weft::model::fence, the model's std::atomic_thread_fence.

#pragma once

#include <atomic>
#include <source_location>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

// A thread fence with ordering `order` (std::atomic_thread_fence).
inline void fence(std::memory_order order,
                  std::source_location loc = std::source_location::current()) {
  detail::fence(order, detail::here(loc));
}

}  // namespace weft::model
