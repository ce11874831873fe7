// tests/model/large_checks.hpp: whether this build runs the model checks that take tens of
// seconds in Release (3 threads of weft's own lock, and the like). Release builds without a
// sanitizer run them; sanitizer and Debug builds, 10 to 30 times slower, run the smaller sizes of
// the same programs, which exercise the same checker code.

#pragma once

#include <cstdlib>

namespace weft::model::testing {

#if defined(WEFT_TSAN) || defined(WEFT_ASAN) || !defined(NDEBUG)
inline constexpr bool kRunsLargeChecks = false;
#else
inline constexpr bool kRunsLargeChecks = true;
#endif

inline constexpr const char* kLargeCheckSkipped =
    "tens of seconds in Release: runs only in Release builds without a sanitizer";

// Checks of minutes even in Release, beyond CI's time budget: they run where WEFT_SLOW_CHECKS is
// set (to anything) in a build that runs the large checks, e.g.
//   WEFT_SLOW_CHECKS=1 build/release/tests/model_sync_mutex_test
inline bool runs_slow_checks() {
  return kRunsLargeChecks && std::getenv("WEFT_SLOW_CHECKS") != nullptr;
}

inline constexpr const char* kSlowCheckSkipped =
    "minutes in Release: runs only with WEFT_SLOW_CHECKS set, in a Release build";

}  // namespace weft::model::testing
