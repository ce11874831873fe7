// Each execution explored once: N threads storing to their own atomic give 1 execution; N
// threads doing one fetch_add on a shared atomic give N!; a store and a load of one atomic
// give 2. Exits 0 when every count is as stated.

#include <iostream>
#include <memory>
#include <vector>

#include "weft/model.hpp"

using weft::model::atomic;
using weft::model::thread;

namespace {

bool expect(const char* what, const weft::model::Report& report, std::uint64_t expected) {
  const bool ok = report.ok() && report.executions == expected;
  std::cout << what << ": " << report.executions << " executions (expected " << expected << ")"
            << (ok ? "" : "  <-- WRONG") << "\n";
  return ok;
}

void independent_stores(int n) {
  std::vector<std::unique_ptr<atomic<int>>> vars;
  std::vector<thread> threads;
  for (int i = 0; i < n; ++i) {
    vars.push_back(std::make_unique<atomic<int>>(0));
  }
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] { vars[static_cast<std::size_t>(i)]->store(1); });
  }
  for (auto& t : threads) {
    t.join();
  }
}

void shared_fetch_add(int n) {
  atomic<int> x{0, "x"};
  std::vector<thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&] { x.fetch_add(1); });
  }
  for (auto& t : threads) {
    t.join();
  }
  WEFT_ASSERT(x.load() == n);
}

}  // namespace

int main() {
  bool ok = expect("4 threads, own atomics", weft::model::check([] { independent_stores(4); }), 1);
  std::uint64_t factorial = 1;
  for (int n = 2; n <= 5; ++n) {
    factorial *= static_cast<std::uint64_t>(n);
    const auto report = weft::model::check([n] { shared_fetch_add(n); });
    ok = expect(n == 2   ? "2 threads, fetch_add"
                : n == 3 ? "3 threads, fetch_add"
                : n == 4 ? "4 threads, fetch_add"
                         : "5 threads, fetch_add",
                report, factorial) &&
         ok;
  }
  const auto store_load = weft::model::check([] {
    atomic<int> x{0, "x"};
    thread writer([&] { x.store(1); });
    const int seen = x.load();
    (void)seen;
    writer.join();
  });
  ok = expect("store against load", store_load, 2) && ok;
  return ok ? 0 : 1;
}
