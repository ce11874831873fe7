// Interpreting oracle programs with weft::model's atomics and threads (each access with its
// memory order), and exploring them with the runtime and the TruSt explorer directly (see
// tests/model/unique_graphs_test.cpp), under SC or RC11.

#include "weft_runner.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "explore/pct_sampler.hpp"
#include "explore/trust_explorer.hpp"
#include "graph_text.hpp"
#include "memory/memory_model.hpp"
#include "runtime/execution.hpp"
#include "weft/model.hpp"

namespace weft::model::oracle {

namespace {

// What the body leaves behind: it outlives the run (and its abandonment).
struct Record {
  std::vector<std::vector<int>> registers;
  std::vector<bool> finished;

  void reset(const Program& p) {
    registers.assign(p.threads.size(), {});
    for (std::size_t t = 0; t < p.threads.size(); ++t) {
      registers[t].assign(static_cast<std::size_t>(p.threads[t].registers), 0);
    }
    finished.assign(p.threads.size(), false);
  }
};

class Interpreter {
 public:
  Interpreter(const Program& program, Record& record, SpinForm spin)
      : program_(program), record_(record), spin_(spin) {}

  // The test body.
  void operator()() {
    record_.reset(program_);
    memory_.clear();
    for (std::size_t l = 0; l < program_.initial.size(); ++l) {
      memory_.emplace_back(program_.initial[l], location_name(static_cast<int>(l)));
    }
    std::vector<thread> threads;
    for (std::size_t t = 1; t < program_.threads.size(); ++t) {
      threads.emplace_back([this, t] {
        run(t, program_.threads[t].ops);
        record_.finished[t] = true;
      });
    }
    run(0, program_.threads[0].ops);
    for (thread& th : threads) {
      th.join();
    }
    record_.finished[0] = true;
  }

 private:
  int& reg(std::size_t t, int r) { return record_.registers[t][static_cast<std::size_t>(r)]; }
  int value(std::size_t t, const Operand& o) { return o.is_register ? reg(t, o.value) : o.value; }
  atomic<int>& at(int location) { return memory_[static_cast<std::size_t>(location)]; }

  void run(std::size_t t, const std::vector<Op>& ops) {
    for (const Op& op : ops) {
      atomic<int>& x = at(op.location);
      switch (op.kind) {
        case OpKind::load:
          reg(t, op.reg) = x.load(op.order);
          break;
        case OpKind::store:
          x.store(value(t, op.a), op.order);
          break;
        case OpKind::fetch_add:
          reg(t, op.reg) = x.fetch_add(value(t, op.a), op.order);
          break;
        case OpKind::exchange:
          reg(t, op.reg) = x.exchange(value(t, op.a), op.order);
          break;
        case OpKind::cas:
          cas(t, x, op.a, op.b, op.reg, op.ok_reg, op.order, op.failure, op.weak);
          break;
        case OpKind::fence:
          fence(op.order);
          break;
        case OpKind::branch:
          run(t, reg(t, op.reg) == op.value ? op.then_ops : op.else_ops);
          break;
        case OpKind::wait:
          x.wait(value(t, op.a));
          break;
        case OpKind::notify_one:
          x.notify_one();
          break;
        case OpKind::notify_all:
          x.notify_all();
          break;
        case OpKind::spin:
          if (spin_ == SpinForm::value && is_value_spin(op)) {
            const Condition& c = op.conditions[0];
            reg(t, c.reg) =
                at(c.location)
                    .spin_until([&c](int v) { return (v == c.value) == c.equal; }, c.order);
          } else if (spin_ != SpinForm::loop) {
            spin_until([&] { return iteration(t, op); });
          } else {
            for (;;) {
              if (iteration(t, op)) {
                break;
              }
              spin_loop();
            }
          }
          break;
      }
    }
  }

  bool cas(std::size_t t, atomic<int>& x, const Operand& expected, const Operand& desired,
           int old_reg, int ok_reg, std::memory_order success = std::memory_order_seq_cst,
           std::memory_order failure = std::memory_order_seq_cst, bool weak = false) {
    int e = value(t, expected);
    const bool ok = weak ? x.compare_exchange_weak(e, value(t, desired), success, failure)
                         : x.compare_exchange_strong(e, value(t, desired), success, failure);
    reg(t, old_reg) = e;
    reg(t, ok_reg) = ok ? 1 : 0;
    return ok;
  }

  // One call of a spin loop's predicate.
  bool iteration(std::size_t t, const Op& spin) {
    for (int r : loop_registers(spin)) {
      reg(t, r) = 0;
    }
    for (const Condition& c : spin.conditions) {
      if (c.is_cas) {
        if (!cas(t, at(c.location), c.expected, c.desired, c.reg, c.ok_reg)) {
          return false;
        }
      } else {
        reg(t, c.reg) = at(c.location).load(c.order);
        if ((reg(t, c.reg) == c.value) != c.equal) {
          return false;
        }
      }
    }
    return true;
  }

  const Program& program_;
  Record& record_;
  SpinForm spin_;
  std::deque<atomic<int>> memory_;
};

// Each location's final value: its co-maximal write's.
std::optional<std::vector<int>> final_memory(const graph::ExecutionGraph& g, std::size_t count) {
  std::vector<int> memory(count, 0);
  std::vector<bool> found(count, false);
  g.for_each_location([&](graph::LocationId id, const graph::LocationInfo& info) {
    for (std::size_t l = 0; l < count; ++l) {
      if (info.kind == graph::LocationKind::atomic &&
          info.name == location_name(static_cast<int>(l)) && !found[l]) {
        const auto bits = static_cast<std::uint32_t>(g.value_of(g.co_max(id), id));
        memory[l] = static_cast<int>(bits);
        found[l] = true;
      }
    }
  });
  for (bool f : found) {
    if (!f) {
      return std::nullopt;
    }
  }
  return memory;
}

constexpr std::size_t max_errors = 5;  // kept per program; the first ones tell the story

}  // namespace

namespace {

// Adds the outcome of the run that just ended on `g` (or an error) to `out`.
void record_run(const Program& program, const Record& record, const runtime::RunResult& result,
                const graph::ExecutionGraph& g, std::set<std::string>* seen, WeftExploration& out) {
  std::optional<StuckKind> stuck;
  if (result.failure) {
    const FailureKind kind = result.failure->kind;
    if (kind != FailureKind::deadlock && kind != FailureKind::liveness) {
      if (out.errors.size() < max_errors) {
        out.errors.push_back(
            fmt::format("{} in run {}: {}", to_string(kind), out.runs, result.failure->message));
      }
      return;
    }
    stuck = kind == FailureKind::deadlock ? StuckKind::deadlock : StuckKind::liveness;
  } else if (result.outcome != runtime::Outcome::complete) {
    return;  // blocked or moot: not an outcome
  }
  const auto memory = final_memory(g, program.initial.size());
  if (!memory) {
    out.errors.push_back("the graph lacks one of the program's locations");
    return;
  }
  ++out.counted;
  out.complete += stuck ? 0U : 1U;
  if (seen != nullptr && !seen->insert(test::graph_text(g)).second) {
    ++out.duplicates;
  }
  out.outcomes.insert(stuck ? stuck_outcome(*stuck, *memory, record.finished)
                            : complete_outcome(*memory, record.registers));
}

runtime::StackPool& stack_pool() {
  static runtime::StackPool stacks;  // fiber stacks are pooled across programs
  return stacks;
}

}  // namespace

WeftExploration explore_with_weft(const Program& program, SpinForm spin, std::size_t max_runs,
                                  std::optional<std::uint32_t> max_preemptions,
                                  Model memory_model) {
  Options options;
  options.stop_at_first_failure = false;
  options.model = memory_model;
  const auto model = memory::MemoryModel::make(memory_model);
  // Under RC11 a weak compare-exchange may fail spuriously, as in check() by default.
  explore::TrustExplorer explorer(*model, max_preemptions,
                                  /*spurious_cas_failures=*/memory_model == Model::rc11);
  Record record;
  Interpreter interpreter(program, record, spin);
  const std::function<void()> body = [&interpreter] { interpreter(); };
  std::set<std::string> seen;
  WeftExploration out;
  std::uint64_t in_place_before = 0;  // in explorations given up for a restart
  for (;;) {
    if (out.runs == max_runs) {
      out.truncated = true;
      break;
    }
    ++out.runs;
    runtime::Execution execution(explorer, *model, options, stack_pool(), body);
    const runtime::RunResult result = execution.run();
    if (explorer.restart_requested()) {
      // As check() does: everything again, without in-place revisits on the racy locations.
      explorer.restart();
      out.outcomes.clear();
      out.counted = 0;
      out.complete = 0;
      out.duplicates = 0;
      out.errors.clear();
      seen.clear();
      ++out.restarts;
      in_place_before = explorer.in_place_revisits();
      continue;  // the fresh start, not advance()
    }
    record_run(program, record, result, explorer.graph(), &seen, out);
    if (result.outcome != runtime::Outcome::moot &&
        !model->is_consistent_from_scratch(explorer.graph()) && out.errors.size() < max_errors) {
      out.errors.push_back(fmt::format("run {} counted a graph the full check rejects", out.runs));
    }
    if (!explorer.advance()) {
      break;
    }
  }
  out.left_out = explorer.over_bound();
  out.in_place_revisits = explorer.in_place_revisits() - in_place_before;
  return out;
}

WeftExploration sample_with_weft(const Program& program, SpinForm spin, std::size_t samples,
                                 std::uint64_t seed) {
  Options options;
  options.stop_at_first_failure = false;
  const auto model = memory::MemoryModel::make(Model::sc);
  Record record;
  Interpreter interpreter(program, record, spin);
  const std::function<void()> body = [&interpreter] { interpreter(); };
  WeftExploration out;
  std::uint32_t length = 0;
  for (std::size_t i = 0; i < samples; ++i) {
    ++out.runs;
    explore::PctSampler sampler(*model, seed * 1'000'003 + i, 3, length);
    runtime::Execution execution(sampler, *model, options, stack_pool(), body);
    const runtime::RunResult result = execution.run();
    length = std::max(length, sampler.steps());
    record_run(program, record, result, sampler.graph(), nullptr, out);
  }
  return out;
}

}  // namespace weft::model::oracle
