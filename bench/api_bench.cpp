// weft_api_bench: what tests written against weft::model's std-shaped API cost to explore.
// A bounded buffer under weft::model::mutex and two condition variables (producers wait while
// it is full, the consumer while it is empty, notify_one under the lock), explored with
// weft::model::condition_variable and, in the same run, with the futex-built reference of the
// tests (tests/model/futex_condition_variable.hpp: an atomic wait on a sequence count, the
// implementation before 2026-11-30), beside each other: complete, blocked and moot runs, time,
// and the ratio of the times.
//
//   weft_api_bench                 the rows whose reference run takes under ~1 minute
//   weft_api_bench --all           also the rows where the reference takes minutes or more
//   weft_api_bench --benchmark_out=FILE   also writes the rows as JSON to FILE
//
// Other --benchmark_* flags (Google Benchmark's, which scripts/run-bench.sh passes to every
// program) are accepted and ignored.

#include <fmt/format.h>

#include <cstddef>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "futex_condition_variable.hpp"
#include "weft/model.hpp"
#include "weft/model/condition_variable.hpp"
#include "weft/model/std_mutex.hpp"

namespace {

using weft::model::Options;
using weft::model::Report;

struct Shape {
  int producers;
  int items;  // per producer
  std::size_t capacity;
  bool spurious;
  bool reference_is_slow;  // the futex-built variable takes minutes: --all only
};

template <class ConditionVariable>
void bounded_buffer(const Shape& shape) {
  using weft::model::mutex;
  mutex m{"m"};
  ConditionVariable not_full{"not_full"};
  ConditionVariable not_empty{"not_empty"};
  std::deque<int> buffer;  // guarded by m
  std::vector<weft::model::thread> threads;
  for (int p = 0; p < shape.producers; ++p) {
    threads.emplace_back([&, p] {
      for (int i = 0; i < shape.items; ++i) {
        std::unique_lock<mutex> lock(m);
        not_full.wait(lock, [&] { return buffer.size() < shape.capacity; });
        buffer.push_back(p);
        not_empty.notify_one();
      }
    });
  }
  for (int n = 0; n < shape.producers * shape.items; ++n) {
    std::unique_lock<mutex> lock(m);
    not_empty.wait(lock, [&] { return !buffer.empty(); });
    buffer.pop_front();
    not_full.notify_one();
  }
  for (weft::model::thread& t : threads) {
    t.join();
  }
}

template <class ConditionVariable>
Report explore(const Shape& shape) {
  Options options;
  options.spurious_wakeups = shape.spurious;
  return weft::model::check([shape] { bounded_buffer<ConditionVariable>(shape); }, options);
}

std::string verdict_of(const Report& r) {
  return r.ok() ? "ok" : r.failure ? "FAILED" : "bounded";
}

std::string cells(const Report& r) {
  return fmt::format("{:>9} {:>8} {:>9} {:>9} {:>9.3f}", r.executions, r.blocked, r.moot, r.runs,
                     r.seconds);
}

std::string json_row(const std::string& name, const char* variable, const Report& r) {
  return fmt::format(
      R"({{"name": "{}", "variable": "{}", "verdict": "{}", "complete": {}, "blocked": {}, )"
      R"("moot": {}, "runs": {}, "seconds": {:.6f}}})",
      name, variable, verdict_of(r), r.executions, r.blocked, r.moot, r.runs, r.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  bool all = false;
  std::string json_out;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--all") {
      all = true;
    } else if (a.starts_with("--benchmark_out=")) {
      json_out = std::string(a.substr(std::string_view("--benchmark_out=").size()));
    } else if (!a.starts_with("--benchmark_")) {
      std::cerr << "usage: weft_api_bench [--all] [--benchmark_out=FILE]\n";
      return 2;
    }
  }
  const Shape shapes[] = {
      {2, 1, 1, true, false},  {3, 1, 1, false, false}, {2, 2, 2, false, false},
      {2, 2, 1, false, false}, {3, 1, 1, true, true},   {2, 3, 2, false, true},
  };
  std::vector<std::string> json;
  int failures = 0;
  std::cout << "bounded buffer (two condition variables, notify_one under the lock), SC\n"
            << fmt::format("{:<34} {:<9} {:>9} {:>8} {:>9} {:>9} {:>9} {:>7}\n", "row", "variable",
                           "complete", "blocked", "moot", "runs", "seconds", "speedup");
  for (const Shape& shape : shapes) {
    const std::string name =
        fmt::format("{} producers x {} over {}{}", shape.producers, shape.items, shape.capacity,
                    shape.spurious ? ", spurious" : "");
    const Report ours = explore<weft::model::condition_variable>(shape);
    std::cout << fmt::format("{:<34} {:<9} {}\n", name, "weft", cells(ours));
    json.push_back(json_row(name, "weft", ours));
    failures += ours.ok() ? 0 : 1;
    if (shape.reference_is_slow && !all) {
      std::cout << fmt::format("{:<34} {:<9} skipped: minutes or more (--all)\n", "", "futex");
      continue;
    }
    const Report futex = explore<weft::model::testing::futex_condition_variable>(shape);
    std::cout << fmt::format("{:<34} {:<9} {} {:>6.1f}x\n", "", "futex", cells(futex),
                             ours.seconds > 0 ? futex.seconds / ours.seconds : 0.0);
    json.push_back(json_row(name, "futex", futex));
    failures += futex.ok() ? 0 : 1;
  }
  if (!json_out.empty()) {
    std::ofstream out(json_out);
    out << "[\n";
    for (std::size_t i = 0; i < json.size(); ++i) {
      out << "  " << json[i] << (i + 1 < json.size() ? ",\n" : "\n");
    }
    out << "]\n";
  }
  if (failures != 0) {
    std::cout << failures << " row(s) did not verify\n";
    return 1;
  }
  return 0;
}
