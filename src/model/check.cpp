// weft::model::check(): the exploration loop. Runs the body once per graph the explorer hands
// out, tallies the outcome, and turns the first failure into a readable, replayable report.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "explore/linearize.hpp"
#include "explore/pct_sampler.hpp"
#include "explore/schedule_replay.hpp"
#include "explore/trust_explorer.hpp"
#include "memory/memory_model.hpp"
#include "report/describe.hpp"
#include "report/graphviz.hpp"
#include "runtime/execution.hpp"
#include "weft/model/check.hpp"

namespace weft::model::detail {

namespace {

using runtime::Outcome;
using runtime::RunResult;

// WEFT_REPLAY, or "" when unset.
std::string replay_from_environment() {
  const char* replay = std::getenv("WEFT_REPLAY");
  return replay != nullptr ? replay : "";
}

// Options as given, overridden by WEFT_REPLAY and WEFT_LOG from the environment.
Options with_environment(Options options) {
  if (std::string replay = replay_from_environment(); !replay.empty()) {
    options.replay = std::move(replay);
  }
  if (const char* log = std::getenv("WEFT_LOG"); log != nullptr && std::string(log) == "1") {
    options.log = true;
  }
  if (const char* recheck = std::getenv("WEFT_RECHECK");
      recheck != nullptr && std::string(recheck) == "1") {
    options.recheck = true;
  }
  return options;
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::complete:
      return "complete";
    case Outcome::blocked:
      return "blocked";
    case Outcome::moot:
      return "moot";
    case Outcome::aborted:
      return "failed";
  }
  return "?";
}

// Every event of `g` in the order it was added.
std::vector<graph::EventId> order_of_addition(const graph::ExecutionGraph& g) {
  std::vector<graph::EventId> order;
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
      order.push_back({t, i});
    }
  }
  std::sort(order.begin(), order.end(),
            [&](graph::EventId a, graph::EventId b) { return g.stamp_of(a) < g.stamp_of(b); });
  return order;
}

// The trace of `g`; `*replay` (when given) gets its replay string for body `body_id`. An
// operational run's trace is the order in which it ran.
std::string trace_of(const graph::ExecutionGraph& g, const memory::MemoryModel& model,
                     bool operational, std::string* replay, std::uint32_t body_id = 0,
                     bool rc11 = false) {
  const auto order = operational ? std::optional(order_of_addition(g))
                                 : explore::linearize(model, g, explore::Prefer::added_first);
  if (!order) {
    return "  (the execution graph is inconsistent: internal error)\n";
  }
  if (replay != nullptr) {
    *replay = report::encode_schedule(g, *order, body_id, operational, rc11);
  }
  return report::format_trace(g, *order);
}

}  // namespace

// Builds the CountedExecution Options::on_execution gets, and reads its internals back.
class CountedExecutionAccess {
 public:
  static CountedExecution make(std::uint64_t number, bool failed, const graph::ExecutionGraph& g,
                               const memory::MemoryModel& model) {
    return CountedExecution(number, failed, &g, &model);
  }
  static const graph::ExecutionGraph& graph(const CountedExecution& e) {
    return *static_cast<const graph::ExecutionGraph*>(e.graph_);
  }
  static const memory::MemoryModel& model(const CountedExecution& e) {
    return *static_cast<const memory::MemoryModel*>(e.model_);
  }
};

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class Tally {
 public:
  Tally(const memory::MemoryModel& model, const Options& options, std::uint32_t body_id,
        bool operational)
      : model_(model), options_(options), body_id_(body_id), operational_(operational) {}

  // Counts one execution; false when exploration must stop.
  bool add(const RunResult& result, const graph::ExecutionGraph& g) {
    if (options_.recheck && result.outcome != Outcome::moot && !operational_ &&
        !model_.is_consistent_from_scratch(g)) {
      add(RunResult{Outcome::aborted,
                    runtime::RunFailure{FailureKind::internal_error,
                                        "weft counted an execution that its memory model's full "
                                        "check rejects (a bug in weft: please report it with "
                                        "this trace)",
                                        {}}},
          g);
      return false;  // whatever stop_at_first_failure says
    }
    ++report_.runs;
    switch (result.outcome) {
      case Outcome::complete:
        ++report_.executions;
        if (options_.on_execution) {
          options_.on_execution(CountedExecutionAccess::make(
              report_.executions, result.failure.has_value(), g, model_));
        }
        break;
      case Outcome::blocked:
        ++report_.blocked;
        break;
      case Outcome::moot:
        ++report_.moot;
        break;
      case Outcome::aborted:
        break;
    }
    if (options_.log && result.outcome != Outcome::moot) {
      std::cerr << fmt::format("weft: execution {} ({})\n",
                               report_.executions + report_.blocked + report_.failed_executions,
                               outcome_name(result.outcome))
                << trace_of(g, model_, operational_, nullptr);
    }
    if (result.failure) {
      ++report_.failed_executions;
      if (!report_.failure) {
        record_failure(*result.failure, g);
      }
      if (options_.stop_at_first_failure) {
        return false;
      }
    }
    if (options_.max_executions != 0 && report_.executions >= options_.max_executions) {
      bound_reached_ = true;
      return false;
    }
    if (options_.time_limit_seconds > 0 && seconds_since(start_) >= options_.time_limit_seconds) {
      time_up_ = true;
      return false;
    }
    return true;
  }

  // The exploration begins again (TrustExplorer::restart_requested): what was counted is
  // dropped; the runs made, the one that asked for it included, stay, as moot.
  void begin_again() {
    const std::uint64_t runs = report_.runs + 1;
    report_ = Report{};
    report_.runs = runs;
    report_.moot = runs;
  }

  // `left_out`: executions were left out by a bound other than max_executions, described by
  // `bound` (also kept when a failure was found).
  Report finish(bool explored_everything, double seconds, bool left_out = false,
                std::string bound = {}) {
    const bool stopped = (bound_reached_ || time_up_) && !explored_everything;
    if (stopped) {
      bound = time_up_ ? fmt::format("time_limit_seconds = {}", options_.time_limit_seconds)
                       : fmt::format("max_executions = {}", options_.max_executions);
    }
    if (report_.failure) {
      report_.verdict = Verdict::failed;
    } else if (operational_) {
      report_.verdict = Verdict::sampled;
    } else if (stopped || left_out) {
      report_.verdict = Verdict::bound_reached;
    }
    report_.bound = std::move(bound);
    report_.seconds = seconds;
    return std::move(report_);
  }

 private:
  void record_failure(const runtime::RunFailure& f, const graph::ExecutionGraph& g) {
    Failure failure;
    failure.kind = f.kind;
    failure.message = f.message;
    if (f.where.file != nullptr) {
      failure.file = f.where.file;
      failure.line = f.where.line;
    }
    failure.trace =
        trace_of(g, model_, operational_, &failure.replay, body_id_, options_.model == Model::rc11);
    report_.failure = std::move(failure);
  }

  const memory::MemoryModel& model_;
  const Options& options_;
  std::uint32_t body_id_;
  bool operational_;
  Report report_;
  bool bound_reached_ = false;
  bool time_up_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

Report misuse_report(std::string message) {
  Report report;
  report.verdict = Verdict::failed;
  report.failure = Failure{FailureKind::misuse, std::move(message), "", 0, "", ""};
  return report;
}

Report replay_one(const std::function<void()>& body, const Options& options,
                  const memory::MemoryModel& model, std::uint32_t body_id) {
  const auto start = std::chrono::steady_clock::now();
  report::DecodedSchedule decoded;
  if (!report::decode_schedule(options.replay, &decoded)) {
    return misuse_report(
        fmt::format("`{}` is not a weft replay string (expected the "
                    "`sc@...:...` or `rc11@...:...` string printed with a failure)",
                    options.replay));
  }
  const std::uint32_t replay_body = decoded.body_id;
  const bool operational = decoded.operational;
  if (replay_body != 0 && replay_body != body_id) {
    if (options.replay == replay_from_environment()) {
      // A test program with several checks: WEFT_REPLAY replays the one that printed it.
      std::cerr << fmt::format(
          "weft: this check (body {:08x}) is skipped: WEFT_REPLAY='{}' was printed by another "
          "check\n",
          body_id, options.replay);
      return Report{};
    }
    return misuse_report(
        fmt::format("the replay string `{}` was printed by another check body "
                    "(this one is {:08x})",
                    options.replay, body_id));
  }
  // The string says which model it was found under (rc11@...): replay under that one.
  Options run_options = options;
  run_options.stop_at_first_failure = true;
  run_options.model = decoded.rc11 ? Model::rc11 : Model::sc;
  const std::unique_ptr<memory::MemoryModel> own =
      run_options.model != options.model
          ? memory::MemoryModel::make(run_options.model, options.rc11)
          : nullptr;
  const memory::MemoryModel& replay_model = own ? *own : model;
  explore::ScheduleReplay driver(replay_model, std::move(decoded.threads),
                                 std::move(decoded.choices), operational);
  if (decoded.weak()) {
    driver.follow_recorded(std::move(decoded.sources), std::move(decoded.spurious),
                           std::move(decoded.co_places));
  }
  runtime::StackPool stacks;
  Tally tally(replay_model, run_options, body_id, operational);
  runtime::Execution execution(driver, replay_model, run_options, stacks, body);
  const RunResult result = execution.run();
  if (decoded.weak() &&
      (driver.recorded_mismatch() || !replay_model.is_consistent_from_scratch(driver.graph()))) {
    return misuse_report(fmt::format(
        "the replay string `{}` does not describe an execution of this check under RC11 (a "
        "read's source or a write's coherence place does not fit: was it edited?)",
        options.replay));
  }
  tally.add(result, driver.graph());
  std::cerr << fmt::format("weft: replayed {} ({})\n", options.replay, outcome_name(result.outcome))
            << trace_of(driver.graph(), replay_model, operational, nullptr);
  return tally.finish(true, seconds_since(start));
}

// The seed of sample `i` (splitmix64 of the user's seed and i, so that nearby seeds give
// unrelated runs).
std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t i) {
  std::uint64_t z = seed + (i + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Report sample_runs(const std::function<void()>& body, const Options& options,
                   const memory::MemoryModel& model, std::uint32_t body_id) {
  const auto start = std::chrono::steady_clock::now();
  runtime::StackPool stacks;
  Tally tally(model, options, body_id, /*operational=*/true);
  std::uint32_t expected_length = 0;  // the longest run so far: where change points are drawn
  bool more = true;
  for (std::uint64_t i = 0; i < options.sample.count; ++i) {
    explore::PctSampler sampler(model, sample_seed(options.sample.seed, i), options.sample.depth,
                                expected_length);
    runtime::Execution execution(sampler, model, options, stacks, body);
    const RunResult result = execution.run();
    expected_length = std::max(expected_length, sampler.steps());
    if (!tally.add(result, sampler.graph())) {
      more = i + 1 < options.sample.count;
      break;
    }
  }
  return tally.finish(
      !more, seconds_since(start), false,
      fmt::format("sample = {{{}, seed {}}}", options.sample.count, options.sample.seed));
}

}  // namespace

std::uint32_t body_identity(const char* type_name) noexcept {
  std::uint32_t hash = 2166136261U;  // FNV-1a
  for (const char* c = type_name; *c != '\0'; ++c) {
    hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619U;
  }
  return hash == 0 ? 1 : hash;  // 0 means "no body" in a replay string
}

Report check_impl(std::function<void()> body, const Options& given, std::uint32_t body_id) {
  const Options options = with_environment(given);
  const std::unique_ptr<memory::MemoryModel> model =
      memory::MemoryModel::make(options.model, options.rc11);
  if (!options.replay.empty()) {
    return replay_one(body, options, *model, body_id);
  }
  if (options.sample.count != 0) {
    return sample_runs(body, options, *model, body_id);
  }
  const auto start = std::chrono::steady_clock::now();
  runtime::StackPool stacks;
  explore::TrustExplorer explorer(*model, options.max_preemptions,
                                  options.model == Model::rc11 && options.spurious_cas_failures);
  Tally tally(*model, options, body_id, /*operational=*/false);
  bool more = true;
  for (;;) {
    runtime::Execution execution(explorer, *model, options, stacks, body);
    const RunResult result = execution.run();
    if (explorer.restart_requested()) {
      // In-place revisits on a location with racing writes: everything again, without them.
      explorer.restart();
      tally.begin_again();
      continue;
    }
    if (!tally.add(result, explorer.graph())) {
      break;
    }
    if (!explorer.advance()) {
      more = false;
      break;
    }
  }
  if (!options.max_preemptions) {
    return tally.finish(!more, seconds_since(start));
  }
  const std::uint64_t left_out = explorer.over_bound();
  return tally.finish(!more, seconds_since(start), left_out != 0,
                      fmt::format("max_preemptions = {}{}", *options.max_preemptions,
                                  left_out == 0 && !more ? " (never reached)" : ""));
}

}  // namespace weft::model::detail

namespace weft::model {

std::string CountedExecution::graphviz(const std::string& title) const {
  return model::report::to_graphviz(detail::CountedExecutionAccess::graph(*this), title);
}

std::string CountedExecution::trace() const {
  return detail::trace_of(detail::CountedExecutionAccess::graph(*this),
                          detail::CountedExecutionAccess::model(*this), false, nullptr);
}

}  // namespace weft::model
