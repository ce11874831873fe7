// tests/model/large_checks.hpp: whether this build runs the model checks that take tens of
// seconds in Release (3 threads of weft's own lock, and the like). Release builds without a
// sanitizer run them; sanitizer and Debug builds, 10 to 30 times slower, run the smaller sizes of
// the same programs, which exercise the same checker code.

#pragma once

namespace weft::model::testing {

#if defined(WEFT_TSAN) || defined(WEFT_ASAN) || !defined(NDEBUG)
inline constexpr bool kRunsLargeChecks = false;
#else
inline constexpr bool kRunsLargeChecks = true;
#endif

inline constexpr const char* kLargeCheckSkipped =
    "tens of seconds in Release: runs only in Release builds without a sanitizer";

}  // namespace weft::model::testing
