// Names built at run time: atomics, cells and flags take a std::string name, and reports print
// it (an array element prints as `slots[2]`, not `@0.5`); an assertion failure names its
// thread.

#include <gtest/gtest.h>

#include <deque>
#include <sstream>
#include <string>

#include "weft/model.hpp"

namespace weft::model {
namespace {

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A writer fills slots[0..3]; the seeded bug: the main thread asserts that slots[2] is filled
// without waiting for the writer.
TEST(Names, AtomicArrayElementPrintsAsSlotsIndex) {
  const Report report = check([] {
    std::deque<atomic<int>> slots;
    for (int i = 0; i < 4; ++i) {
      slots.emplace_back(0, "slots[" + std::to_string(i) + "]");
    }
    thread writer([&] {
      for (auto& s : slots) {
        s.store(1, std::memory_order_relaxed);
      }
    });
    WEFT_ASSERT(slots[2].load(std::memory_order_relaxed) == 1);
    writer.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::assertion) << report;
  EXPECT_TRUE(mentions(report.failure->trace, "load(relaxed) slots[2] -> 0")) << report;
  EXPECT_FALSE(mentions(report.failure->trace, "@0.")) << report;  // no unnamed location
  // The name lives in the report, not in the body's strings (they are gone by now).
  std::ostringstream printed;
  printed << report;
  EXPECT_TRUE(mentions(printed.str(), "slots[2]")) << printed.str();
}

TEST(Names, CellNamesInDataRaces) {
  const Report report = check([] {
    std::deque<cell<int>> cells;
    for (int i = 0; i < 3; ++i) {
      cells.emplace_back(0, "cells[" + std::to_string(i) + "]");
    }
    thread t([&] { cells[1].set(1); });
    WEFT_ASSERT(cells[1].get() <= 1);
    t.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::data_race) << report;
  EXPECT_TRUE(mentions(report.failure->message, "data race on cells[1]")) << report;
}

TEST(Names, FlagNameFromAString) {
  const std::string prefix = "stage";
  const Report report = check([&] {
    atomic_flag done{prefix + "_done"};
    done.test_and_set();
    WEFT_ASSERT(!done.test());
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_TRUE(mentions(report.failure->trace, "exchange(1, seq_cst) stage_done")) << report;
  EXPECT_TRUE(mentions(report.failure->trace, "load(seq_cst) stage_done -> 1")) << report;
}

TEST(Names, AssertionFailureNamesItsThread) {
  const Report report = check([] {
    atomic<int> x{0, "x"};
    thread first([&] { x.store(1); });
    thread second([&] { WEFT_ASSERT_MSG(x.load() == 0, "x was set"); });
    first.join();
    second.join();
  });
  ASSERT_TRUE(report.failure.has_value()) << report;
  EXPECT_EQ(report.failure->kind, FailureKind::assertion) << report;
  EXPECT_EQ(report.failure->message, "WEFT_ASSERT(x.load() == 0) failed in thread 2: x was set")
      << report;
}

}  // namespace
}  // namespace weft::model
