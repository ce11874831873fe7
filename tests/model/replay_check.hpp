// expect_replay_reproduces: a failure's replay string, given back through Options::replay,
// must reproduce the same failure (kind, message and trace).

#pragma once

#include <gtest/gtest.h>

#include "weft/model.hpp"

namespace weft::model::test {

template <class Body>
void expect_replay_reproduces(const Body& body, const Report& report) {
  ASSERT_TRUE(report.failure.has_value());
  ASSERT_FALSE(report.failure->replay.empty());
  Options replay;
  replay.replay = report.failure->replay;
  const Report again = check(body, replay);
  ASSERT_TRUE(again.failure.has_value()) << again;
  EXPECT_EQ(again.failure->kind, report.failure->kind);
  EXPECT_EQ(again.failure->message, report.failure->message);
  EXPECT_EQ(again.failure->trace, report.failure->trace);
}

}  // namespace weft::model::test
