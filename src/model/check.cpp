// weft::model::check(): the exploration loop. Runs the body once per graph the explorer hands
// out, tallies the outcome, and turns the first failure into a readable, replayable report.

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "explore/schedule_replay.hpp"
#include "explore/trust_explorer.hpp"
#include "memory/memory_model.hpp"
#include "report/describe.hpp"
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

// The trace of `g`; `*replay` (when given) gets its replay string for body `body_id`.
std::string trace_of(const graph::ExecutionGraph& g, const memory::MemoryModel& model,
                     std::string* replay, std::uint32_t body_id = 0) {
  const auto order = model.linearize(g);
  if (!order) {
    return "  (the execution graph is inconsistent: internal error)\n";
  }
  if (replay != nullptr) {
    *replay = report::encode_schedule(*order, body_id);
  }
  return report::format_trace(g, *order);
}

class Tally {
 public:
  Tally(const memory::MemoryModel& model, const Options& options, std::uint32_t body_id)
      : model_(model), options_(options), body_id_(body_id) {}

  // Counts one execution; false when exploration must stop.
  bool add(const RunResult& result, const graph::ExecutionGraph& g) {
    ++report_.runs;
    switch (result.outcome) {
      case Outcome::complete:
        ++report_.executions;
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
                << trace_of(g, model_, nullptr);
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
    return true;
  }

  Report finish(bool explored_everything, double seconds) {
    if (report_.failure) {
      report_.verdict = Verdict::failed;
    } else if (bound_reached_ && !explored_everything) {
      report_.verdict = Verdict::bound_reached;
    }
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
    failure.trace = trace_of(g, model_, &failure.replay, body_id_);
    report_.failure = std::move(failure);
  }

  const memory::MemoryModel& model_;
  const Options& options_;
  std::uint32_t body_id_;
  Report report_;
  bool bound_reached_ = false;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Report misuse_report(std::string message) {
  Report report;
  report.verdict = Verdict::failed;
  report.failure = Failure{FailureKind::misuse, std::move(message), "", 0, "", ""};
  return report;
}

Report replay_one(const std::function<void()>& body, const Options& options,
                  const memory::MemoryModel& model, std::uint32_t body_id) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<graph::ThreadId> schedule;
  std::uint32_t replay_body = 0;
  if (!report::decode_schedule(options.replay, &schedule, &replay_body)) {
    return misuse_report(
        fmt::format("`{}` is not a weft replay string (expected the "
                    "`sc@...:...` string printed with a failure)",
                    options.replay));
  }
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
  explore::ScheduleReplay driver(model, std::move(schedule));
  runtime::StackPool stacks;
  Options run_options = options;
  run_options.stop_at_first_failure = true;
  Tally tally(model, run_options, body_id);
  runtime::Execution execution(driver, model, run_options, stacks, body);
  const RunResult result = execution.run();
  tally.add(result, driver.graph());
  std::cerr << fmt::format("weft: replayed {} ({})\n", options.replay, outcome_name(result.outcome))
            << trace_of(driver.graph(), model, nullptr);
  return tally.finish(true, seconds_since(start));
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
  const std::unique_ptr<memory::MemoryModel> model = memory::MemoryModel::make(options.model);
  if (!options.replay.empty()) {
    return replay_one(body, options, *model, body_id);
  }
  const auto start = std::chrono::steady_clock::now();
  runtime::StackPool stacks;
  explore::TrustExplorer explorer(*model);
  Tally tally(*model, options, body_id);
  bool more = true;
  for (;;) {
    runtime::Execution execution(explorer, *model, options, stacks, body);
    const RunResult result = execution.run();
    if (!tally.add(result, explorer.graph())) {
      break;
    }
    if (!explorer.advance()) {
      more = false;
      break;
    }
  }
  return tally.finish(!more, seconds_since(start));
}

}  // namespace weft::model::detail
