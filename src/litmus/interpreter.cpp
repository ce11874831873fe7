#include "litmus/interpreter.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "weft/model.hpp"
#include "weft/model/detail/runtime.hpp"

namespace weft::litmus {

namespace {

using model::detail::LocationId;
using model::detail::SourceLine;
using model::detail::Value;

std::memory_order memory_order(Order order, ModelChoice model) {
  switch (order) {
    case Order::relaxed:
      return std::memory_order_relaxed;
    case Order::consume:  // herd's rc11.cat: consume synchronizes like relaxed
      return model == ModelChoice::rc11 ? std::memory_order_relaxed : std::memory_order_acquire;
    case Order::acquire:
      return std::memory_order_acquire;
    case Order::release:
      return std::memory_order_release;
    case Order::acq_rel:
      return std::memory_order_acq_rel;
    case Order::seq_cst:
      return std::memory_order_seq_cst;
  }
  return std::memory_order_seq_cst;
}

model::detail::RmwOp engine_rmw(RmwOp op) {
  switch (op) {
    case RmwOp::exchange:
      return model::detail::RmwOp::exchange;
    case RmwOp::fetch_add:
      return model::detail::RmwOp::add;
    case RmwOp::fetch_sub:
      return model::detail::RmwOp::sub;
    case RmwOp::fetch_or:
      return model::detail::RmwOp::bit_or;
    case RmwOp::fetch_and:
      return model::detail::RmwOp::bit_and;
    case RmwOp::fetch_xor:
      return model::detail::RmwOp::bit_xor;
  }
  return model::detail::RmwOp::exchange;
}

// Arithmetic wraps as on two's-complement machines (no signed overflow); division by zero gives
// 0 and is reported by the caller.
std::int64_t apply(BinaryOp op, std::int64_t a, std::int64_t b, bool* divided_by_zero) {
  const auto ua = static_cast<std::uint64_t>(a);
  const auto ub = static_cast<std::uint64_t>(b);
  switch (op) {
    case BinaryOp::add:
      return static_cast<std::int64_t>(ua + ub);
    case BinaryOp::sub:
      return static_cast<std::int64_t>(ua - ub);
    case BinaryOp::mul:
      return static_cast<std::int64_t>(ua * ub);
    case BinaryOp::div:
      if (b == 0 || (b == -1 && a == INT64_MIN)) {
        *divided_by_zero = b == 0;
        return b == 0 ? 0 : a;
      }
      return a / b;
    case BinaryOp::bit_and:
      return static_cast<std::int64_t>(ua & ub);
    case BinaryOp::bit_or:
      return static_cast<std::int64_t>(ua | ub);
    case BinaryOp::bit_xor:
      return static_cast<std::int64_t>(ua ^ ub);
    case BinaryOp::eq:
      return a == b;
    case BinaryOp::ne:
      return a != b;
    case BinaryOp::lt:
      return a < b;
    case BinaryOp::gt:
      return a > b;
    case BinaryOp::le:
      return a <= b;
    case BinaryOp::ge:
      return a >= b;
  }
  return 0;
}

using Registers = std::map<std::string, std::int64_t, std::less<>>;

// One run of the test's threads over the model: each thread interprets its statements, reading
// and writing its registers; locations are the model locations made for this run.
class Machine {
 public:
  Machine(const Test& test, ModelChoice model, const char* file)
      : test_(test), model_(model), file_(file) {}

  // Makes the locations (inside the check's body, once per run).
  void make_locations() {
    ids_.clear();
    for (const Location& loc : test_.locations) {
      ids_.emplace(loc.name,
                   model::detail::new_location(model::detail::LocationKind::atomic, 8,
                                               static_cast<Value>(loc.initial), loc.name));
    }
  }

  void run_thread(const Thread& thread, Registers& registers) {
    for (const Stmt& s : thread.body) {
      execute(s, registers);
    }
  }

  // The final value of a location: a relaxed load after every thread was joined (it can only
  // read the last write in coherence order).
  std::int64_t final_value(std::string_view location) const {
    return static_cast<std::int64_t>(
        model::detail::load(id(location), std::memory_order_relaxed, SourceLine{file_, 0}));
  }

  bool divided_by_zero() const { return divided_by_zero_; }

  // A position in the test file, as traces print it.
  SourceLine at(SourcePos pos) const {
    return SourceLine{file_, static_cast<std::uint32_t>(pos.line)};
  }

 private:
  LocationId id(std::string_view location) const { return ids_.find(location)->second; }
  std::memory_order order(Order o) const { return memory_order(o, model_); }

  void execute(const Stmt& s, Registers& registers) {
    switch (s.kind) {
      case Stmt::Kind::declare:
      case Stmt::Kind::assign:
        registers[s.name] = s.value ? evaluate(*s.value, registers) : 0;
        return;
      case Stmt::Kind::plain_store:
        model::detail::cell_write(id(s.name), to_value(evaluate(*s.value, registers)), at(s.pos));
        return;
      case Stmt::Kind::atomic_store:
        model::detail::store(id(s.name), to_value(evaluate(*s.value, registers)), order(s.order),
                             at(s.pos));
        return;
      case Stmt::Kind::fence:
        model::detail::fence(order(s.order), at(s.pos));
        return;
      case Stmt::Kind::expression:
        evaluate(*s.value, registers);
        return;
      case Stmt::Kind::if_else:
        execute_all(evaluate(*s.value, registers) != 0 ? s.then_body : s.else_body, registers);
        return;
      case Stmt::Kind::while_loop:
        // An iteration after which the loop goes on ends at a spin marker: one that changed
        // nothing and would run again is a blocked execution (spin-assume), so the loop is
        // explored finitely. The iteration that leaves the loop is not marked (a marked one
        // counts as failed: the thread would be taken to spin).
        while (evaluate(*s.value, registers) != 0) {
          execute_all(s.then_body, registers);
          if (evaluate(*s.value, registers) == 0) {
            return;
          }
          model::spin_loop(at(s.pos));
        }
        return;
      case Stmt::Kind::block:
        execute_all(s.then_body, registers);
        return;
    }
  }

  void execute_all(const std::vector<Stmt>& statements, Registers& registers) {
    for (const Stmt& s : statements) {
      execute(s, registers);
    }
  }

  static Value to_value(std::int64_t v) { return static_cast<Value>(v); }

  std::int64_t evaluate(const Expr& e, Registers& registers) {
    switch (e.kind) {
      case Expr::Kind::constant:
        return e.value;
      case Expr::Kind::local: {
        const auto it = registers.find(e.name);
        return it == registers.end() ? 0 : it->second;
      }
      case Expr::Kind::plain_load:
        return static_cast<std::int64_t>(model::detail::cell_read(id(e.name), at(e.pos)));
      case Expr::Kind::atomic_load:
        return static_cast<std::int64_t>(
            model::detail::load(id(e.name), order(e.order), at(e.pos)));
      case Expr::Kind::rmw:
        return static_cast<std::int64_t>(model::detail::fetch_op(
            id(e.name), engine_rmw(e.rmw), to_value(evaluate(*e.rhs, registers)), order(e.order),
            at(e.pos)));
      case Expr::Kind::cas:
        return compare_exchange(e, registers);
      case Expr::Kind::add_unless:
        return add_unless(e, registers);
      case Expr::Kind::binary: {
        const std::int64_t a = evaluate(*e.lhs, registers);
        const std::int64_t b = evaluate(*e.rhs, registers);
        return apply(e.op, a, b, &divided_by_zero_);
      }
    }
    return 0;
  }

  // herd's CAS: the expected value is read non-atomically from its location; on failure the
  // value found is written back to it, non-atomically.
  std::int64_t compare_exchange(const Expr& e, Registers& registers) {
    const Value desired = to_value(evaluate(*e.rhs, registers));
    Value expected = model::detail::cell_read(id(e.expected), at(e.pos));
    const bool swapped = model::detail::compare_exchange(
        id(e.name), expected, desired, order(e.order), order(e.failure_order), e.weak, at(e.pos));
    if (!swapped) {
      model::detail::cell_write(id(e.expected), expected, at(e.pos));
    }
    return swapped ? 1 : 0;
  }

  // Linux's atomic_add_unless{mb}: a seq_cst load, then, while the value seen is not `u`, a
  // seq_cst strong CAS from it to it + `a` (a failed CAS sees the newer value). 1 if it added.
  std::int64_t add_unless(const Expr& e, Registers& registers) {
    const Value addend = to_value(evaluate(*e.rhs, registers));
    const Value unless = to_value(evaluate(*e.lhs, registers));
    const LocationId loc = id(e.name);
    Value seen = model::detail::load(loc, std::memory_order_seq_cst, at(e.pos));
    while (seen != unless) {
      if (model::detail::compare_exchange(loc, seen, seen + addend, std::memory_order_seq_cst,
                                          std::memory_order_seq_cst, false, at(e.pos))) {
        return 1;
      }
    }
    return 0;
  }

  const Test& test_;
  ModelChoice model_;
  const char* file_;
  std::map<std::string, LocationId, std::less<>> ids_;
  bool divided_by_zero_ = false;
};

// The keys the answer reports (those of the condition, the filter and `locations [...]`):
// registers by thread and name, then locations by name.
void collect_keys(const Prop& prop, std::vector<StateKey>* keys) {
  if (prop.kind == Prop::Kind::equals || prop.kind == Prop::Kind::not_equals) {
    keys->push_back(prop.key);
  }
  for (const Prop& p : prop.operands) {
    collect_keys(p, keys);
  }
}

std::vector<StateKey> answer_keys(const Test& test) {
  std::vector<StateKey> keys;
  collect_keys(test.condition, &keys);
  if (test.filter) {
    collect_keys(*test.filter, &keys);
  }
  keys.insert(keys.end(), test.printed.begin(), test.printed.end());
  auto herd_order = [](const StateKey& a, const StateKey& b) {
    const bool a_register = a.thread >= 0;
    const bool b_register = b.thread >= 0;
    if (a_register != b_register) {
      return a_register;
    }
    return std::pair(a.thread, a.name) < std::pair(b.thread, b.name);
  };
  std::sort(keys.begin(), keys.end(), herd_order);
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// Whether `prop` holds in the final state `values` (of `keys`).
bool holds(const Prop& prop, const std::vector<StateKey>& keys,
           const std::vector<std::int64_t>& values) {
  auto value_of = [&](const StateKey& key) {
    const auto it = std::find(keys.begin(), keys.end(), key);
    return values[static_cast<std::size_t>(it - keys.begin())];
  };
  switch (prop.kind) {
    case Prop::Kind::truth:
      return true;
    case Prop::Kind::falsity:
      return false;
    case Prop::Kind::equals:
      return value_of(prop.key) == prop.value;
    case Prop::Kind::not_equals:
      return value_of(prop.key) != prop.value;
    case Prop::Kind::negation:
      return !holds(prop.operands[0], keys, values);
    case Prop::Kind::conjunction:
      return holds(prop.operands[0], keys, values) && holds(prop.operands[1], keys, values);
    case Prop::Kind::disjunction:
      return holds(prop.operands[0], keys, values) || holds(prop.operands[1], keys, values);
    case Prop::Kind::implication:
      return !holds(prop.operands[0], keys, values) || holds(prop.operands[1], keys, values);
  }
  return false;
}

// What one run ended with: the final values, and whether the filter and the prop hold.
struct RunEnd {
  std::vector<std::int64_t> values;
  bool filtered_out = false;
  bool satisfies = false;
};

model::Options engine_options(const RunOptions& options) {
  model::Options engine;
  engine.model = options.model == ModelChoice::sc ? model::Model::sc : model::Model::rc11;
  engine.rc11.release_sequence_2017 = options.model == ModelChoice::rc11;
  engine.spurious_cas_failures = true;  // herd: a weak CAS may fail spuriously
  engine.stop_at_first_failure = false;
  engine.time_limit_seconds = options.timeout_seconds;
  return engine;
}

// The answer from the run ends of the counted executions.
void tally(const std::vector<RunEnd>& ends, Answer* answer) {
  std::map<std::vector<std::int64_t>, FinalState> states;
  for (const RunEnd& end : ends) {
    if (end.filtered_out) {
      continue;
    }
    FinalState& state = states[end.values];
    state.values = end.values;
    state.satisfies = end.satisfies;
    ++state.executions;
    ++(end.satisfies ? answer->satisfying : answer->falsifying);
  }
  for (auto& [values, state] : states) {
    answer->states.push_back(std::move(state));
  }
}

bool verdict(Quantifier quantifier, const Answer& answer) {
  switch (quantifier) {
    case Quantifier::exists:
      return answer.satisfying > 0;
    case Quantifier::not_exists:
      return answer.satisfying == 0;
    case Quantifier::forall:
      return answer.falsifying == 0;
  }
  return false;
}

}  // namespace

Answer run(const Test& test, const RunOptions& options) {
  Answer answer;
  answer.keys = answer_keys(test);
  const std::string file = test.name + ".litmus";
  Machine machine(test, options.model, file.c_str());
  RunEnd pending;
  std::vector<RunEnd> ends;
  std::string satisfying_graph;  // the first such execution's, with RunOptions::graph
  std::string falsifying_graph;
  model::Options engine = engine_options(options);
  engine.on_execution = [&](const model::CountedExecution& e) {
    ends.resize(e.number() - 1);  // numbering starts again when the exploration does
    ends.push_back(pending);
    if (options.graph && !pending.filtered_out) {
      std::string& kept = pending.satisfies ? satisfying_graph : falsifying_graph;
      if (kept.empty()) {
        kept = e.graphviz(test.name);
      }
    }
  };
  const model::Report report = model::check(
      [&] {
        pending = RunEnd{};
        machine.make_locations();
        std::vector<Registers> registers(test.threads.size());
        std::vector<model::thread> threads;
        threads.reserve(test.threads.size());
        // Spawns and joins are placed at each thread's head (P<n>(...)) in traces.
        for (std::size_t t = 0; t < test.threads.size(); ++t) {
          threads.emplace_back([&, t] { machine.run_thread(test.threads[t], registers[t]); },
                               machine.at(test.threads[t].pos));
        }
        for (std::size_t t = 0; t < threads.size(); ++t) {
          threads[t].join(machine.at(test.threads[t].pos));
        }
        for (const StateKey& key : answer.keys) {
          if (key.thread < 0) {
            pending.values.push_back(machine.final_value(key.name));
          } else {
            const Registers& r = registers[static_cast<std::size_t>(key.thread)];
            const auto it = r.find(key.name);
            pending.values.push_back(it == r.end() ? 0 : it->second);
          }
        }
        pending.filtered_out = test.filter && !holds(*test.filter, answer.keys, pending.values);
        pending.satisfies = holds(test.condition, answer.keys, pending.values);
      },
      engine);
  answer.seconds = report.seconds;
  if (report.verdict == model::Verdict::bound_reached) {
    answer.timed_out = true;
  }
  if (report.failure && report.failure->kind != model::FailureKind::data_race) {
    answer.error = report.failure->message;
  }
  if (machine.divided_by_zero()) {
    answer.error = "division by zero";
  }
  answer.race = report.failure && report.failure->kind == model::FailureKind::data_race;
  tally(ends, &answer);
  answer.ok = verdict(test.quantifier, answer);
  const bool counter_example_first = test.quantifier == Quantifier::forall;
  std::string& preferred = counter_example_first ? falsifying_graph : satisfying_graph;
  std::string& other = counter_example_first ? satisfying_graph : falsifying_graph;
  answer.graph = std::move(preferred.empty() ? other : preferred);
  return answer;
}

}  // namespace weft::litmus
