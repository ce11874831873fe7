// The weft side of the oracle: runs an oracle program as a weft::model test body under the TruSt
// explorer (driven directly, as check() does) and turns every counted execution into an
// outcome. The body records each thread's registers as they are assigned, and whether the
// thread finished, in memory that this side owns (reset at the start of every run), so that
// they are there even when an execution is abandoned.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "program.hpp"
#include "weft/model/check.hpp"

namespace weft::model::oracle {

struct WeftExploration {
  OutcomeSet outcomes;
  std::size_t runs = 0;                 // executions run (blocked and moot ones included)
  std::size_t counted = 0;              // complete, deadlocked or live-locked executions
  std::size_t complete = 0;             // of which complete
  std::size_t duplicates = 0;           // counted graphs that had been counted before
  bool truncated = false;               // stopped after max_runs: `outcomes` may lack some
  std::uint64_t left_out = 0;           // max_preemptions: alternatives over the bound
  std::uint64_t in_place_revisits = 0;  // in the last exploration
  std::size_t restarts = 0;  // explorations begun again (TrustExplorer::restart_requested)
  // What must not happen: a failure other than deadlock or liveness (misuse, event_limit,
  // exception, ...), an unknown location.
  std::vector<std::string> errors;
};

// Every execution of `program` under `model` (Model::sc: every access acts as seq_cst).
WeftExploration explore_with_weft(const Program& program, SpinForm spin = SpinForm::until,
                                  std::size_t max_runs = 200'000,
                                  std::optional<std::uint32_t> max_preemptions = std::nullopt,
                                  Model model = Model::sc);

// `samples` PCT runs (Options::sample), operational; duplicates are not looked for.
WeftExploration sample_with_weft(const Program& program, SpinForm spin, std::size_t samples,
                                 std::uint64_t seed);

}  // namespace weft::model::oracle
