// tests/sync/no_membarrier_atomics.hpp: native atomics as where membarrier(2) is unavailable
// (old kernel, seccomp): no asymmetric fences, so locks stay SYMMETRIC (an exchange-based
// unlock()) and the heavy fence is a seq_cst fence.

#pragma once

#include <atomic>

#include "weft/sync/native_atomics.hpp"

namespace weft::sync {

struct no_membarrier_atomics : native_atomics {
  static bool asymmetric_fences() noexcept { return false; }
  static void heavy_fence() noexcept { std::atomic_thread_fence(std::memory_order_seq_cst); }
};

}  // namespace weft::sync
