// weft/model/assert.hpp: WEFT_ASSERT(cond) and WEFT_ASSERT_MSG(cond, msg).
//
// A failed assertion is a failure of the execution being explored: check() reports it with
// the execution's trace and replay string. With Options::stop_at_first_failure = false the
// execution goes on after the failed assertion.

#pragma once

#include <string>

#include "weft/model/detail/runtime.hpp"

#define WEFT_ASSERT(cond)                                                 \
  ((cond) ? static_cast<void>(0)                                          \
          : ::weft::model::detail::assertion_failed(#cond, std::string(), \
                                                    ::weft::model::detail::SourceLine::current()))

#define WEFT_ASSERT_MSG(cond, msg)                                           \
  ((cond) ? static_cast<void>(0)                                             \
          : ::weft::model::detail::assertion_failed(#cond, std::string(msg), \
                                                    ::weft::model::detail::SourceLine::current()))
