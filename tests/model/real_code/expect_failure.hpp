// What the real-code tests expect of a failing report: its kind, and that the message or the
// trace names what a user needs to find the bug.

#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "weft/model.hpp"

namespace weft::model::real_code {

inline bool mentions(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Expects `report` to have failed with `kind`, its message or its trace mentioning `what`.
inline void expect_failure(const Report& report, FailureKind kind, std::string_view what) {
  EXPECT_EQ(report.verdict, Verdict::failed) << report;
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, kind) << report;
  EXPECT_TRUE(mentions(report.failure->message, what) || mentions(report.failure->trace, what))
      << "expected the failure to mention `" << what << "`\n"
      << report;
  EXPECT_FALSE(report.failure->replay.empty()) << report;
}

}  // namespace weft::model::real_code
