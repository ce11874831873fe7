// bench/mutex_bench.cpp: weft_lock_bench
//
// weft::sync::Mutex<long> side by side with std::mutex, Drepper's futex mutex 3, absl::Mutex,
// pthread_spinlock_t, tbb::spin_mutex and weft::sync::SpinLock (issues 3 and 12):
//
//   uncontended/<lock>            one thread: lock + increment + unlock (Google Benchmark loop)
//   contended/<lock>/threads:N    N threads (--threads: 1, 2, 4, 8, 16) hammer one counter
//   work/<lock>/threads:N         the same with ~50 ns of private work between acquisitions
//   longcs/<lock>/threads:N       N threads (--long_threads: 8, 16), ~20 us of work inside each
//                                 critical section: waiters must park; CPU time per
//                                 acquisition shows spinning
//
// The contended runs use the fixed-duration harness in bench_harness.hpp (our own threads, a
// start barrier, per-thread counts, getrusage around the run) and report through manual time and
// counters:
//
//   acq_per_s         acquisitions per second, all threads together
//   min_share         least-served thread's acquisitions / mean acquisitions per thread
//   cpu_ms_per_Macq   process CPU time (user + sys) per million acquisitions, in ms
//   handoffs_per_s    weft::Mutex only: direct hand-offs to a parked waiter per second
//
// Every benchmark is repeated (default 5) with the repetitions of all benchmarks randomly
// interleaved, so a burst of background load hits all locks alike; the console shows the median
// of each, and at the end a summary prints the medians as markdown tables with ratios against
// std::mutex and checks the targets.
//
// Own flags (everything else goes to Google Benchmark, e.g. --benchmark_filter=contended):
//   --run_ms=N     wall-clock length of one contended run (default 300)
//   --work_ns=N    private work between acquisitions in the work runs (default 50)
//   --locked_us=N  work inside each critical section in the longcs runs (default 20)
//   --threads=L    thread counts of the contended and work runs (default 1,2,4,8,16)
//   --long_threads=L  thread counts of the longcs runs (default 8,16)

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <unistd.h>

#include <benchmark/benchmark.h>

#include "bench_harness.hpp"
#include "bench_locks.hpp"

namespace weft_bench {
namespace {

using Locks = std::tuple<WeftMutexLock, StdMutexLock, DrepperMutexLock, AbslMutexLock,
                         PthreadSpinLock, TbbSpinMutexLock, WeftSpinLock>;
constexpr std::size_t kLockCount = std::tuple_size_v<Locks>;
constexpr std::size_t kWeft = 0;
constexpr std::size_t kStd = 1;
constexpr std::size_t kDrepper = 2;
constexpr std::size_t kAbsl = 3;

template <std::size_t... I>
constexpr std::array<std::string_view, kLockCount> lock_names(std::index_sequence<I...>) {
  return {std::tuple_element_t<I, Locks>::name...};
}
constexpr std::array<std::string_view, kLockCount> kLockNames =
    lock_names(std::make_index_sequence<kLockCount>{});

enum class Workload { uncontended, contended, work, longcs };

struct Config {
  std::chrono::milliseconds run{300};
  double work_ns = 50;
  std::uint32_t work_iters = 0;
  double work_call_ns = 0;
  double locked_us = 20;
  std::uint32_t locked_iters = 0;
  double locked_call_ns = 0;
  std::vector<int> threads{1, 2, 4, 8, 16};  // contended and work runs (--threads)
  std::vector<int> long_threads{8, 16};      // longcs runs (--long_threads)
};

Config g_config;
std::size_t g_registered = 0;  // benchmarks registered, for the progress lines

// ---------------------------------------------------------------------------------------------
// The benchmarks.

template <class Lock>
void bm_uncontended(benchmark::State& state) {
  auto lock = std::make_unique<Lock>();
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    lock->increment();
  }
  const auto t1 = std::chrono::steady_clock::now();
  if (static_cast<std::uint64_t>(lock->value()) != static_cast<std::uint64_t>(state.iterations())) {
    state.SkipWithError("shared counter does not match the number of acquisitions");
    return;
  }
  state.counters["acq_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / seconds_between(t0, t1));
}

// A lock whose critical section also does g_config.locked_iters of private work (longcs).
template <class Lock>
struct LongSection : Lock {
  void increment() {
    this->with([](long& c) {
      ++c;
      thread_local std::uint64_t x = 1;
      x = private_work(x, g_config.locked_iters);
    });
  }
};

template <class Lock>
void bm_contended(benchmark::State& state, int threads, std::uint32_t work_iters, bool longcs) {
  ContendedResult r;
  std::uint64_t handoffs = 0;
  for (auto _ : state) {
    const std::uint64_t h0 = g_weft_handoffs.load();
    r = longcs ? run_contended<LongSection<Lock>>(threads, g_config.run, work_iters)
               : run_contended<Lock>(threads, g_config.run, work_iters);
    handoffs = g_weft_handoffs.load() - h0;
    state.SetIterationTime(r.seconds);
  }
  if (!r.counter_ok) {
    state.SkipWithError("shared counter does not match the number of acquisitions");
    return;
  }
  const double total = static_cast<double>(r.total);
  const double mean = total / threads;
  state.counters["acq_per_s"] = total / r.seconds;
  state.counters["min_share"] = static_cast<double>(r.min_thread) / mean;
  state.counters["cpu_ms_per_Macq"] = r.cpu_seconds * 1e3 / (total / 1e6);
  if (Lock::name == WeftMutexLock::name) {
    state.counters["handoffs_per_s"] = static_cast<double>(handoffs) / r.seconds;
  }
}

std::string bench_name(Workload w, std::string_view lock, int threads) {
  std::string name = w == Workload::uncontended ? "uncontended/"
                     : w == Workload::contended ? "contended/"
                     : w == Workload::work      ? "work/"
                                                : "longcs/";
  name += lock;
  if (w != Workload::uncontended) {
    name += "/threads:" + std::to_string(threads);
  }
  return name;
}

template <class Lock>
void register_one(Workload w, int threads) {
  const std::string name = bench_name(w, Lock::name, threads);
  ++g_registered;
  if (w == Workload::uncontended) {
    benchmark::RegisterBenchmark(name.c_str(), bm_uncontended<Lock>)->MinTime(0.2);
    return;
  }
  const std::uint32_t work = w == Workload::work ? g_config.work_iters : 0;
  benchmark::RegisterBenchmark(name.c_str(), bm_contended<Lock>, threads, work,
                               w == Workload::longcs)
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
}

// Registered (and listed) workload by workload and thread count by thread count, so that the
// locks of one configuration sit side by side in the output.
template <std::size_t... I>
void register_all(std::index_sequence<I...>) {
  (register_one<std::tuple_element_t<I, Locks>>(Workload::uncontended, 1), ...);
  for (Workload w : {Workload::contended, Workload::work}) {
    for (int n : g_config.threads) {
      (register_one<std::tuple_element_t<I, Locks>>(w, n), ...);
    }
  }
  for (int n : g_config.long_threads) {
    (register_one<std::tuple_element_t<I, Locks>>(Workload::longcs, n), ...);
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting: median per benchmark on the console, then the summary tables and target checks.

double median(std::vector<double> v) {
  if (v.empty()) {
    return std::nan("");
  }
  std::sort(v.begin(), v.end());
  const std::size_t mid = v.size() / 2;
  return v.size() % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

struct Cell {
  double acq_per_s = std::nan("");
  double min_share = std::nan("");
  double cpu_ms_per_macq = std::nan("");
  double handoffs_per_s = std::nan("");
};

class LockReporter : public benchmark::ConsoleReporter {
 public:
  explicit LockReporter(OutputOptions opts) : ConsoleReporter(opts) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const std::string& name = run.run_name.function_name;
      if (run.run_type == Run::RT_Iteration) {
        if (!run.error_occurred) {
          auto& s = samples_[name];
          for (const auto& [key, counter] : run.counters) {
            s[key].push_back(counter.value);
          }
        }
        if (run.repetitions <= 1 || run.error_occurred) {
          shown_.push_back(run);
        }
      } else if (run.aggregate_name == "median") {
        shown_.push_back(run);
      }
      if (run.run_type == Run::RT_Iteration && run.repetition_index + 1 >= run.repetitions) {
        std::fprintf(stderr, "  [%zu/%zu] %s\n", ++done_, g_registered, name.c_str());
      }
    }
  }

  void Finalize() override {
    std::stable_sort(shown_.begin(), shown_.end(),
                     [](const Run& a, const Run& b) { return a.family_index < b.family_index; });
    GetOutputStream() << "\nMedian of the repetitions of each benchmark:\n";
    ConsoleReporter::ReportRuns(shown_);
    print_summary(GetOutputStream());
  }

 private:
  Cell cell(Workload w, std::size_t lock, int threads) const {
    Cell c;
    auto it = samples_.find(bench_name(w, kLockNames[lock], threads));
    if (it == samples_.end()) {
      return c;
    }
    auto get = [&](const char* key) {
      auto k = it->second.find(key);
      return k == it->second.end() ? std::nan("") : median(k->second);
    };
    c.acq_per_s = get("acq_per_s");
    c.min_share = get("min_share");
    c.cpu_ms_per_macq = get("cpu_ms_per_Macq");
    c.handoffs_per_s = get("handoffs_per_s");
    return c;
  }

  // v with `decimals` digits after the point, then `suffix`; "-" when there is no value.
  static std::string fmt(double v, int decimals, const char* suffix = "") {
    if (std::isnan(v) || std::isinf(v)) {
      return "-";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f%s", decimals, v, suffix);
    return buf;
  }

  static std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) {
      s.append(width - s.size(), ' ');
    }
    return s;
  }

  // "| a | b |" with every column padded to its width.
  static void row(std::ostream& os, const std::vector<std::string>& cells,
                  const std::vector<std::size_t>& widths) {
    os << '|';
    for (std::size_t i = 0; i < cells.size(); ++i) {
      os << ' ' << pad(cells[i], widths[i]) << " |";
    }
    os << '\n';
  }

  static void table(std::ostream& os, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto& r : rows) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        widths[i] = std::max(widths[i], r[i].size());
      }
    }
    row(os, rows.front(), widths);
    std::vector<std::string> rule;
    for (std::size_t wdt : widths) {
      rule.emplace_back(wdt, '-');
    }
    row(os, rule, widths);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      row(os, rows[i], widths);
    }
    os << '\n';
  }

  static double ratio(double a, double b) {
    return (std::isnan(a) || std::isnan(b)) ? std::nan("") : a / b;
  }

  void contended_tables(std::ostream& os, Workload w) const {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header{"lock"};
    for (int n : g_config.threads) {
      header.push_back(std::to_string(n) + (n == 1 ? " thread" : " threads"));
    }
    rows.push_back(header);
    for (std::size_t l = 0; l < kLockCount; ++l) {
      std::vector<std::string> r{std::string(kLockNames[l])};
      for (int n : g_config.threads) {
        const double v = cell(w, l, n).acq_per_s / 1e6;
        const double base = cell(w, kStd, n).acq_per_s / 1e6;
        r.push_back(fmt(v, v < 10 ? 2 : 1) + " (" + fmt(ratio(v, base), 2, "x") + ")");
      }
      rows.push_back(r);
    }
    os << "Throughput, M acquisitions/s (ratio to std::mutex):\n\n";
    table(os, rows);
    fairness_table(os, w, "CPU ms/Macq", 1.0);
  }

  // min_share and CPU per acquisition at 8 and 16 threads; `unit` scales ms per M acquisitions.
  void fairness_table(std::ostream& os, Workload w, const std::string& cpu_label,
                      double unit) const {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"lock", "min_share @8", "min_share @16", cpu_label + " @8",
                    cpu_label + " @16 (ratio to std::mutex)"});
    for (std::size_t l = 0; l < kLockCount; ++l) {
      const Cell c8 = cell(w, l, 8);
      const Cell c16 = cell(w, l, 16);
      const double base16 = cell(w, kStd, 16).cpu_ms_per_macq;
      rows.push_back({std::string(kLockNames[l]), fmt(c8.min_share, 2), fmt(c16.min_share, 2),
                      fmt(c8.cpu_ms_per_macq * unit, 1),
                      fmt(c16.cpu_ms_per_macq * unit, 1) + " (" +
                          fmt(ratio(c16.cpu_ms_per_macq, base16), 2, "x") + ")"});
    }
    os << "Fairness (least-served thread / mean) and process CPU time per acquisition:\n\n";
    table(os, rows);
  }

  void long_tables(std::ostream& os) const {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header{"lock"};
    for (int n : g_config.long_threads) {
      header.push_back(std::to_string(n) + " threads");
    }
    rows.push_back(header);
    for (std::size_t l = 0; l < kLockCount; ++l) {
      std::vector<std::string> r{std::string(kLockNames[l])};
      for (int n : g_config.long_threads) {
        const double v = cell(Workload::longcs, l, n).acq_per_s / 1e3;
        const double base = cell(Workload::longcs, kStd, n).acq_per_s / 1e3;
        r.push_back(fmt(v, 1) + " (" + fmt(ratio(v, base), 2, "x") + ")");
      }
      rows.push_back(r);
    }
    os << "Throughput, k acquisitions/s (ratio to std::mutex):\n\n";
    table(os, rows);
    // ms per M acquisitions = ns per acquisition; / 1000 = us per acquisition.
    fairness_table(os, Workload::longcs, "CPU us/acq", 1e-3);
    os << "weft::Mutex hand-offs per second: "
       << fmt(cell(Workload::longcs, kWeft, 8).handoffs_per_s, 0) << " @8, "
       << fmt(cell(Workload::longcs, kWeft, 16).handoffs_per_s, 0)
       << " @16 (short critical sections: "
       << fmt(cell(Workload::contended, kWeft, 16).handoffs_per_s, 0) << " @16)\n\n";
  }

  static void verdict(std::ostream& os, bool known, bool met, const std::string& what,
                      const std::string& numbers) {
    os << "- "
       << (!known ? "[no data] "
           : met  ? "[met]     "
                  : "[MISSED]  ")
       << what << ": " << numbers << '\n';
  }

  // With private work, n threads on c cores cannot pass min(n, c) times the one-thread rate of
  // the fastest lock, whatever the lock: "; ceiling X M/s, weft at P%, the best at Q%".
  std::string work_ceiling(int n, double weft, double best) const {
    double one = 0;
    for (std::size_t l = 0; l < kLockCount; ++l) {
      const double v = cell(Workload::work, l, 1).acq_per_s / 1e6;
      one = std::isnan(v) ? one : std::max(one, v);
    }
    const auto cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    const double ceiling = one * std::min(n, cores);
    if (ceiling <= 0) {
      return "";
    }
    return "; ceiling " + fmt(ceiling, 1) + " M/s, weft at " + fmt(100 * weft / ceiling, 0, "%") +
           ", the best at " + fmt(100 * best / ceiling, 0, "%");
  }

  void targets(std::ostream& os) const {
    os << "Targets (issue 12), read from the medians above:\n\n";
    {
      const double w = cell(Workload::uncontended, kWeft, 1).acq_per_s / 1e6;
      const double s = cell(Workload::uncontended, kStd, 1).acq_per_s / 1e6;
      const double r = w / s;
      verdict(os, !std::isnan(r), r >= 1.5, "uncontended >= 1.5x std::mutex",
              "weft " + fmt(w, 1) + " M/s vs std::mutex " + fmt(s, 1) + " M/s = " + fmt(r, 2, "x"));
    }
    for (Workload wl : {Workload::contended, Workload::work}) {
      const std::string tag =
          wl == Workload::contended ? "(ii)" : "(iii, " + fmt(g_config.work_ns, 0) + " ns work)";
      for (int n : g_config.threads) {
        if (n < 2) {
          continue;
        }
        const double w = cell(wl, kWeft, n).acq_per_s / 1e6;
        const double s = cell(wl, kStd, n).acq_per_s / 1e6;
        const double d = cell(wl, kDrepper, n).acq_per_s / 1e6;
        const double a = cell(wl, kAbsl, n).acq_per_s / 1e6;
        const double best = std::max({s, d, a});
        const bool known = !std::isnan(w) && !std::isnan(s) && !std::isnan(d) && !std::isnan(a);
        verdict(os, known, w >= best,
                tag + " " + std::to_string(n) +
                    " threads >= best of std::mutex, Drepper mutex3, absl::Mutex",
                "weft " + fmt(w, 2) + ", std " + fmt(s, 2) + ", Drepper " + fmt(d, 2) + ", absl " +
                    fmt(a, 2) + " M/s (" + fmt(w / best, 2, "x") + " the best)" +
                    (wl == Workload::work ? work_ceiling(n, w, best) : ""));
      }
    }
    for (Workload wl : {Workload::contended, Workload::longcs}) {
      const double w = cell(wl, kWeft, 16).cpu_ms_per_macq;
      const double s = cell(wl, kStd, 16).cpu_ms_per_macq;
      const std::string tag = wl == Workload::contended ? "(ii)" : "(iv, long sections)";
      verdict(os, !std::isnan(w) && !std::isnan(s), w <= s,
              tag + " 16 threads CPU per acquisition <= std::mutex",
              "weft " + fmt(w, 1) + " vs std::mutex " + fmt(s, 1) + " CPU ms per M acquisitions (" +
                  fmt(w / s, 2, "x") + ")");
    }
    {
      const double m = cell(Workload::contended, kWeft, 8).min_share;
      verdict(os, !std::isnan(m), m >= 0.25, "(ii) 8 threads min_share >= 0.25",
              "weft " + fmt(m, 2) + " (std::mutex " +
                  fmt(cell(Workload::contended, kStd, 8).min_share, 2) + ")");
    }
  }

  // What one weft heavy fence costs while another thread of the process runs (membarrier(2)
  // interrupts that thread's core; where interrupts between cores are slow, as in some VMs, this
  // is tens of microseconds), in microseconds: the mean of 200 calls.
  static double heavy_fence_us_with_a_running_peer() {
    std::atomic<bool> running{false};
    std::atomic<bool> stop{false};
    std::thread peer([&running, &stop] {
      // relaxed: the flags only start and end the timing loop.
      running.store(true, std::memory_order_relaxed);
      while (!stop.load(std::memory_order_relaxed)) {
        weft::sync::native_atomics::pause();
      }
    });
    while (!running.load(std::memory_order_relaxed)) {
      std::this_thread::yield();
    }
    constexpr int kCalls = 200;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCalls; ++i) {
      weft::sync::native_atomics::heavy_fence();
    }
    const std::chrono::duration<double, std::micro> spent =
        std::chrono::steady_clock::now() - start;
    stop.store(true, std::memory_order_relaxed);
    peer.join();
    return spent.count() / kCalls;
  }

  void print_summary(std::ostream& os) const {
    const unsigned cores = std::thread::hardware_concurrency();
    int reps = 0;
    for (const auto& [name, counters] : samples_) {
      auto k = counters.find("acq_per_s");
      if (k != counters.end()) {
        reps = std::max(reps, static_cast<int>(k->second.size()));
      }
    }
    os << "\n## weft_lock_bench summary\n\n"
       << "Medians of " << reps << " repetition(s); contended runs last " << g_config.run.count()
       << " ms each; private work = " << g_config.work_iters
       << " dependent multiply-adds, measured " << fmt(g_config.work_call_ns, 1)
       << " ns per call; work under the lock (longcs) = " << g_config.locked_iters << ", measured "
       << fmt(g_config.locked_call_ns / 1e3, 1) << " us per call. " << cores
       << " cores; weft::Mutex's heavy fence: "
       << (weft::sync::native_atomics::asymmetric_fences()
               ? "membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)"
               : "unavailable, unlock falls back to an exchange")
       << ", " << fmt(heavy_fence_us_with_a_running_peer(), 1)
       << " us per call while another thread runs.\n\n";

    std::vector<std::vector<std::string>> rows;
    rows.push_back({"lock", "M acq/s", "ns/acq", "ratio to std::mutex"});
    const double base = cell(Workload::uncontended, kStd, 1).acq_per_s;
    for (std::size_t l = 0; l < kLockCount; ++l) {
      const double v = cell(Workload::uncontended, l, 1).acq_per_s;
      rows.push_back({std::string(kLockNames[l]), fmt(v / 1e6, 1), fmt(1e9 / v, 2),
                      fmt(ratio(v, base), 2, "x")});
    }
    os << "### (i) Uncontended lock + increment + unlock, 1 thread\n\n";
    table(os, rows);

    os << "### (ii) One shared counter, N threads (" << cores << " cores: more threads than that "
       << "are oversubscribed)\n\n";
    contended_tables(os, Workload::contended);
    os << "### (iii) The same with ~" << fmt(g_config.work_ns, 0)
       << " ns of private work between acquisitions\n\n";
    contended_tables(os, Workload::work);
    os << "### (iv) Long critical sections: ~" << fmt(g_config.locked_us, 0)
       << " us of work under the lock\n\n";
    long_tables(os);
    targets(os);
  }

  std::map<std::string, std::map<std::string, std::vector<double>>> samples_;
  std::vector<Run> shown_;
  std::size_t done_ = 0;
};

// The text after "--flag=" if `arg` is that flag, else nullptr.
const char* flag_value(const char* arg, const char* flag) {
  const std::size_t len = std::strlen(flag);
  return std::strncmp(arg, flag, len) == 0 && arg[len] == '=' ? arg + len + 1 : nullptr;
}

bool take_flag(const char* arg, const char* flag, long& out) {
  const char* value = flag_value(arg, flag);
  if (value != nullptr) {
    out = std::strtol(value, nullptr, 10);
  }
  return value != nullptr;
}

// --flag=1,2,4: a list of thread counts, each at least 1; false if `arg` is not `flag`.
bool take_list_flag(const char* arg, const char* flag, std::vector<int>& out) {
  const char* p = flag_value(arg, flag);
  if (p == nullptr) {
    return false;
  }
  std::vector<int> list;
  while (*p != '\0') {
    char* end = nullptr;
    const long v = std::strtol(p, &end, 10);
    if (end == p || v < 1 || v > 1024 || (*end != ',' && *end != '\0')) {
      std::fprintf(stderr, "weft_lock_bench: %s: expected thread counts 1..1024, e.g. 1,2,4\n",
                   arg);
      std::exit(2);
    }
    list.push_back(static_cast<int>(v));
    p = *end == ',' ? end + 1 : end;
  }
  if (list.empty()) {
    std::fprintf(stderr, "weft_lock_bench: %s: no thread counts\n", arg);
    std::exit(2);
  }
  out = std::move(list);
  return true;
}

}  // namespace
}  // namespace weft_bench

int main(int argc, char** argv) {
  using namespace weft_bench;

  // Defaults first, so that the same flags given on the command line override them.
  static char reps[] = "--benchmark_repetitions=5";
  static char interleave[] = "--benchmark_enable_random_interleaving=true";
  std::vector<char*> args{argv[0], reps, interleave};
  for (int i = 1; i < argc; ++i) {
    long v = 0;
    if (take_flag(argv[i], "--run_ms", v)) {
      g_config.run = std::chrono::milliseconds(std::max(10L, v));
    } else if (take_flag(argv[i], "--work_ns", v)) {
      g_config.work_ns = static_cast<double>(std::max(0L, v));
    } else if (take_flag(argv[i], "--locked_us", v)) {
      g_config.locked_us = static_cast<double>(std::max(1L, v));
    } else if (!take_list_flag(argv[i], "--threads", g_config.threads) &&
               !take_list_flag(argv[i], "--long_threads", g_config.long_threads)) {
      args.push_back(argv[i]);  // a Google Benchmark flag
    }
  }

  // Measure locks in the kind of process they live in. While a process has never started a
  // thread (__libc_single_threaded), glibc's pthread_mutex_lock takes the lock with a plain store
  // instead of lock cmpxchg, which makes std::mutex ~3x faster uncontended than in any real
  // multi-threaded program; one thread, started and joined, puts glibc and libstdc++ on their
  // multi-threaded paths for the whole run.
  std::thread([] {}).join();
  // Debian's libabsl is built without NDEBUG, which turns on absl::Mutex's deadlock detection (a
  // global lock graph updated on every Lock/Unlock, ~3x slower uncontended). Production (NDEBUG)
  // builds of absl run with it off; so do we.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  const WorkCalibration work = calibrate_work(g_config.work_ns);
  g_config.work_iters = work.iters;
  g_config.work_call_ns = work.call_ns;
  const WorkCalibration locked = calibrate_work(g_config.locked_us * 1e3);
  g_config.locked_iters = locked.iters;
  g_config.locked_call_ns = locked.call_ns;
  std::fprintf(stderr,
               "weft_lock_bench: private work = %u iterations, measured %.1f ns; under the lock "
               "(longcs) = %u iterations, measured %.2f us\n",
               work.iters, work.call_ns, locked.iters, locked.call_ns / 1e3);

  register_all(std::make_index_sequence<kLockCount>{});

  int n = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) {
    return 1;
  }
  const bool color = isatty(STDOUT_FILENO) != 0;
  LockReporter reporter(color ? benchmark::ConsoleReporter::OO_ColorTabular
                              : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
