// weft/model/fence.hpp: weft::model::fence, the model's std::atomic_thread_fence.

#pragma once

#include <atomic>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

// A thread fence with ordering `order` (std::atomic_thread_fence).
inline void fence(std::memory_order order, detail::SourceLine loc = detail::SourceLine::current()) {
  detail::fence(order, loc);
}

}  // namespace weft::model
