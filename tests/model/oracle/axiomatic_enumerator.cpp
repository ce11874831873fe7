// The axiomatic enumerator: value sets, per-thread event sequences, then rf and mo by brute
// force, judged by axioms.hpp.

#include "axiomatic_enumerator.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "axioms.hpp"

namespace weft::model::oracle {

namespace {

using axiomatic::Event;
using axiomatic::Graph;
using axiomatic::Kind;
using axiomatic::Relation;

using Values = std::vector<std::set<int>>;  // per location: what a read of it may return

// A thread's operations as a flat list: operations, a branch's test (go to `target` unless the
// register equals the value) and the jump over its else arm.
struct Step {
  const Op* op = nullptr;  // an operation, or the branch of a test
  bool test = false;
  bool jump = false;
  std::size_t target = 0;
};

void flatten(const std::vector<Op>& ops, std::vector<Step>& out) {
  for (const Op& op : ops) {
    if (op.kind != OpKind::branch) {
      out.push_back(Step{&op});
      continue;
    }
    const std::size_t test = out.size();
    out.push_back(Step{&op, true});
    flatten(op.then_ops, out);
    const std::size_t skip = out.size();
    out.push_back(Step{nullptr, false, true});
    out[test].target = out.size();
    flatten(op.else_ops, out);
    out[skip].target = out.size();
  }
}

// One event sequence of a thread, with the registers it ends with.
struct Trace {
  std::vector<Event> events;
  std::vector<std::pair<std::size_t, std::size_t>> rmws;  // (read, write) positions in events
  std::vector<int> registers;
  // (location, value) of each read that neither the initial write nor a po-earlier write of
  // its own thread can explain: another thread must write it.
  std::vector<std::pair<int, int>> needs;
  std::set<std::pair<int, int>> provides;  // (location, value) of each write
};

Event event(Kind kind, int thread, int location, std::memory_order mode, int value) {
  Event e;
  e.kind = kind;
  e.thread = thread;
  e.location = location;
  e.mode = mode;
  e.value = value;
  return e;
}

// A thread with more event sequences than this makes the enumeration give up (incomplete).
constexpr std::size_t max_traces_per_thread = 20'000;
struct TooManyTraces {};
// Choices of traces tried (of every thread so far) per candidate allowed before the enumeration
// gives up.
constexpr std::size_t combinations_per_candidate = 200;

// Every event sequence of thread `t` when each read may return a value of `values` (what the
// other threads may write), the initial value, or the value of its thread's latest write.
class ThreadPaths {
 public:
  // `spurious`: a weak compare-exchange may fail spuriously (RC11; never under SC).
  ThreadPaths(const Program& p, std::size_t t, const Values& values, bool spurious)
      : spurious_(spurious),
        thread_(static_cast<int>(t)),
        children_(t == 0 ? p.threads.size() - 1 : 0),
        initial_(p.initial),
        values_(values) {
    flatten(p.threads[t].ops, code_);
    registers_ = static_cast<std::size_t>(p.threads[t].registers);
  }

  // The writes of every prefix that reached a spin loop, per location (whether or not the loop
  // could be left with the values known so far): valid after all().
  const Values& prefix_writes() const { return prefix_writes_; }

  std::vector<Trace> all() {
    Trace first;
    first.registers.assign(registers_, 0);
    first.events.push_back(thread_event(Kind::start, 0));
    for (std::size_t c = 1; c <= children_; ++c) {
      first.events.push_back(thread_event(Kind::spawn, static_cast<int>(c)));
    }
    run(0, std::move(first));
    return std::move(out_);
  }

 private:
  // Spawn and join events carry the child thread as their value.
  Event thread_event(Kind kind, int child) const {
    return event(kind, thread_, -1, std::memory_order_relaxed, child);
  }

  int value(const Trace& tr, const Operand& o) const {
    return o.is_register ? tr.registers[static_cast<std::size_t>(o.value)] : o.value;
  }

  void run(std::size_t pc, Trace tr) {
    while (pc < code_.size()) {
      const Step& s = code_[pc];
      if (s.jump || s.test) {
        const bool taken =
            s.test && tr.registers[static_cast<std::size_t>(s.op->reg)] == s.op->value;
        pc = s.jump || !taken ? s.target : pc + 1;
        continue;
      }
      const Op& op = *s.op;
      if (op.kind == OpKind::fence) {
        tr.events.push_back(event(Kind::fence, thread_, -1, op.order, 0));
      } else if (op.kind == OpKind::store) {
        tr.events.push_back(event(Kind::write, thread_, op.location, op.order, value(tr, op.a)));
      } else if (op.kind == OpKind::spin) {
        // Spin-assume: only the iteration that leaves the loop is in the graph (one load).
        // Its writes so far exist in every case (in a blocked execution too): other threads'
        // values may come from them, and then leave this loop.
        note_prefix_writes(tr);
        const Condition& c = op.conditions.front();
        for (int v : read_domain(tr, c.location)) {
          if ((v == c.value) == c.equal) {
            Trace next = tr;
            next.events.push_back(event(Kind::read, thread_, c.location, c.order, v));
            next.registers[static_cast<std::size_t>(c.reg)] = v;
            run(pc + 1, std::move(next));
          }
        }
        return;
      } else {
        for (int v : read_domain(tr, op.location)) {
          Trace next = tr;
          read(op, v, next);
          run(pc + 1, std::move(next));
          if (spurious_ && op.kind == OpKind::cas && op.weak && v == value(tr, op.a)) {
            Trace spurious = tr;
            read(op, v, spurious, /*fails_spuriously=*/true);
            run(pc + 1, std::move(spurious));
          }
        }
        return;
      }
      ++pc;
    }
    for (std::size_t c = 1; c <= children_; ++c) {
      tr.events.push_back(thread_event(Kind::join, static_cast<int>(c)));
    }
    tr.events.push_back(thread_event(Kind::end, 0));
    note_needs(tr);
    if (out_.size() == max_traces_per_thread) {
      throw TooManyTraces{};
    }
    out_.push_back(std::move(tr));
  }

  void note_prefix_writes(const Trace& tr) {
    for (const Event& e : tr.events) {
      if (e.kind == Kind::write) {
        prefix_writes_[static_cast<std::size_t>(e.location)].insert(e.value);
      }
    }
  }

  void note_needs(Trace& tr) const {
    for (const Event& e : tr.events) {
      const std::pair<int, int> access{e.location, e.value};
      if (e.kind == Kind::write) {
        tr.provides.insert(access);
      } else if (e.kind == Kind::read && tr.provides.count(access) == 0 &&
                 initial_[static_cast<std::size_t>(e.location)] != e.value) {
        tr.needs.push_back(access);
      }
    }
  }

  // What another thread may write, and the latest write of the thread's own to the location
  // or else the initial value (reading a write mo-before a po-earlier write breaks coherence,
  // CoWR, under both models).
  std::set<int> read_domain(const Trace& tr, int location) const {
    std::set<int> out = values_[static_cast<std::size_t>(location)];
    for (auto e = tr.events.rbegin(); e != tr.events.rend(); ++e) {
      if (e->kind == Kind::write && e->location == location) {
        out.insert(e->value);
        return out;
      }
    }
    out.insert(initial_[static_cast<std::size_t>(location)]);
    return out;
  }

  // A load, RMW or CAS whose read returns `v` (a weak CAS that reads its expected value may
  // fail spuriously: a read with the failure order).
  void read(const Op& op, int v, Trace& tr, bool fails_spuriously = false) const {
    std::optional<int> written;
    bool ok = false;
    switch (op.kind) {
      case OpKind::fetch_add:
        written = v + value(tr, op.a);
        break;
      case OpKind::exchange:
        written = value(tr, op.a);
        break;
      case OpKind::cas:
        ok = v == value(tr, op.a) && !fails_spuriously;
        written = ok ? std::optional<int>(value(tr, op.b)) : std::nullopt;
        tr.registers[static_cast<std::size_t>(op.ok_reg)] = ok ? 1 : 0;
        break;
      default:
        break;
    }
    const bool failed_cas = op.kind == OpKind::cas && !ok;
    tr.events.push_back(
        event(Kind::read, thread_, op.location, failed_cas ? op.failure : op.order, v));
    if (written) {
      tr.rmws.emplace_back(tr.events.size() - 1, tr.events.size());
      tr.events.push_back(event(Kind::write, thread_, op.location, op.order, *written));
    }
    tr.registers[static_cast<std::size_t>(op.reg)] = v;
  }

  bool spurious_;
  int thread_;
  std::size_t children_;  // the main thread spawns and joins threads 1 .. children_
  const std::vector<int>& initial_;
  const Values& values_;
  std::vector<Step> code_;
  std::size_t registers_ = 0;
  std::vector<Trace> out_;
  Values prefix_writes_ = Values(initial_.size());
};

int count_writes(const std::vector<Op>& ops) {
  int n = 0;
  for (const Op& op : ops) {
    const bool writes = op.kind == OpKind::store || op.kind == OpKind::fetch_add ||
                        op.kind == OpKind::exchange || op.kind == OpKind::cas;
    n += (writes ? 1 : 0) + count_writes(op.then_ops) + count_writes(op.else_ops);
  }
  return n;
}

// Every thread's traces, and what each thread may write before it waits in a spin loop.
struct Traces {
  std::vector<std::vector<Trace>> per_thread;
  std::vector<Values> prefix_writes;
};

// What each thread's traces (and prefixes up to a spin loop) may write, per location.
std::vector<Values> written_by(const Traces& all, std::size_t locations) {
  const auto& traces = all.per_thread;
  std::vector<Values> out(traces.size(), Values(locations));
  for (std::size_t t = 0; t < traces.size(); ++t) {
    for (std::size_t l = 0; l < locations; ++l) {
      out[t][l] = all.prefix_writes[t][l];
    }
    for (const Trace& tr : traces[t]) {
      for (const Event& e : tr.events) {
        if (e.kind == Kind::write) {
          out[t][static_cast<std::size_t>(e.location)].insert(e.value);
        }
      }
    }
  }
  return out;
}

// Per thread: what the other threads may write.
std::vector<Values> read_domains(const Program& p, const std::vector<Values>& written) {
  std::vector<Values> out(p.threads.size(), Values(p.initial.size()));
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    for (std::size_t l = 0; l < p.initial.size(); ++l) {
      for (std::size_t u = 0; u < written.size(); ++u) {
        if (u != t) {
          out[t][l].insert(written[u][l].begin(), written[u][l].end());
        }
      }
    }
  }
  return out;
}

Traces all_traces(const Program& p, const std::vector<Values>& domains, bool spurious) {
  Traces out;
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    ThreadPaths paths(p, t, domains[t], spurious);
    out.per_thread.push_back(paths.all());
    out.prefix_writes.push_back(paths.prefix_writes());
  }
  return out;
}

// Every thread's traces. What a thread may read from the others is a least fixpoint, iterated
// at most once per write of the program: a value of an execution whose po ∪ rf is acyclic comes
// from a chain of at most that many writes.
std::vector<std::vector<Trace>> feasible_traces(const Program& p, bool spurious) {
  int writes = 0;
  for (const ThreadProgram& t : p.threads) {
    writes += count_writes(t.ops);
  }
  std::vector<Values> written(p.threads.size(), Values(p.initial.size()));
  Traces traces = all_traces(p, read_domains(p, written), spurious);
  for (int round = 0; round < writes; ++round) {
    std::vector<Values> next = written_by(traces, p.initial.size());
    if (next == written) {
      break;
    }
    written = std::move(next);
    traces = all_traces(p, read_domains(p, written), spurious);
  }
  return std::move(traces.per_thread);
}

// The search over one choice of traces, then rf, then mo.
class Search {
 public:
  Search(const Program& p, Axioms axioms, std::size_t max_candidates, AxiomaticEnumeration& out)
      : program_(p), axioms_(axioms), max_candidates_(max_candidates), out_(out) {}

  void run() {
    traces_ = feasible_traces(program_, axioms_ == Axioms::rc11);
    for (const std::vector<Trace>& traces : traces_) {
      may_provide_.emplace_back();
      for (const Trace& tr : traces) {
        may_provide_.back().insert(tr.provides.begin(), tr.provides.end());
      }
    }
    chosen_.resize(traces_.size());
    choose_trace(0);
  }

 private:
  void choose_trace(std::size_t t) {
    if (t == traces_.size()) {
      build_graph();
      choose_rf(0);
      return;
    }
    for (const Trace& tr : traces_[t]) {
      chosen_[t] = &tr;
      if (++combinations_ > combinations_per_candidate * max_candidates_) {
        out_.complete = false;
        return;
      }
      if (!values_explainable(t)) {
        continue;
      }
      choose_trace(t + 1);
      if (!out_.complete) {
        return;
      }
    }
  }

  // Whether every read of the traces chosen for threads 0 .. last returns a value that another
  // chosen trace writes, or some trace of a thread after `last` may write.
  bool values_explainable(std::size_t last) const {
    for (std::size_t t = 0; t <= last; ++t) {
      for (const std::pair<int, int>& need : chosen_[t]->needs) {
        bool found = false;
        for (std::size_t u = 0; u < chosen_.size() && !found; ++u) {
          const auto& provides = u <= last ? chosen_[u]->provides : may_provide_[u];
          found = u != t && provides.count(need) != 0;
        }
        if (!found) {
          return false;
        }
      }
    }
    return true;
  }

  // The events of the chosen traces (initial writes first), sb, spawn/join, rmw, the reads
  // and the writes each may read from.
  void build_graph() {
    Graph g;
    const std::size_t locations = program_.initial.size();
    for (std::size_t l = 0; l < locations; ++l) {
      g.events.push_back(event(Kind::init, -1, static_cast<int>(l), std::memory_order_relaxed,
                               program_.initial[l]));
    }
    std::vector<std::size_t> first(chosen_.size());
    for (std::size_t t = 0; t < chosen_.size(); ++t) {
      first[t] = g.events.size();
      g.events.insert(g.events.end(), chosen_[t]->events.begin(), chosen_[t]->events.end());
    }
    if (g.size() > 64) {
      throw std::length_error("the axiomatic enumerator takes at most 64 events per graph");
    }
    g.sb = g.sj = g.rf = g.mo = g.rmw = Relation(g.size());
    for (std::size_t t = 0; t < chosen_.size(); ++t) {
      add_thread(g, t, first);
    }
    reads_.clear();
    sources_.clear();
    writes_.assign(locations, {});
    for (std::size_t a = 0; a < g.size(); ++a) {
      const Event& e = g.events[a];
      if (e.kind == Kind::write || e.kind == Kind::init) {
        writes_[static_cast<std::size_t>(e.location)].push_back(a);
      }
    }
    for (std::size_t a = 0; a < g.size(); ++a) {
      if (g.events[a].kind == Kind::read) {
        reads_.push_back(a);
        sources_.push_back(sources_of(g, a));
      }
    }
    read_by_rmw_.assign(g.size(), false);
    graph_ = std::move(g);
  }

  // Thread t's sb (after the initial writes), rmw pairs and spawn/join edges.
  void add_thread(Graph& g, std::size_t t, const std::vector<std::size_t>& first) const {
    const Trace& tr = *chosen_[t];
    const std::size_t base = first[t];
    const std::size_t n = tr.events.size();
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t l = 0; l < program_.initial.size(); ++l) {
        g.sb.add(l, base + i);
      }
      for (std::size_t j = i + 1; j < n; ++j) {
        g.sb.add(base + i, base + j);
      }
      const Event& e = tr.events[i];
      const auto child = static_cast<std::size_t>(e.value);
      if (e.kind == Kind::spawn) {
        g.sj.add(base + i, first[child]);  // the child's start
      } else if (e.kind == Kind::join) {
        g.sj.add(first[child] + chosen_[child]->events.size() - 1, base + i);  // its end
      }
    }
    for (const auto& [r, w] : tr.rmws) {
      g.rmw.add(base + r, base + w);
    }
  }

  std::vector<std::size_t> sources_of(const Graph& g, std::size_t read) const {
    std::vector<std::size_t> out;
    for (std::size_t w : writes_[static_cast<std::size_t>(g.events[read].location)]) {
      if (g.events[w].value == g.events[read].value) {
        out.push_back(w);
      }
    }
    return out;
  }

  void choose_rf(std::size_t i) {
    if (!out_.complete) {
      return;
    }
    if (i == reads_.size()) {
      judge_rf();
      return;
    }
    const bool rmw = graph_.rmw.row(reads_[i]) != 0;
    for (std::size_t w : sources_[i]) {
      if (rmw && read_by_rmw_[w]) {
        continue;  // two RMWs reading one write break atomicity whatever mo is (§6.5)
      }
      read_by_rmw_[w] = rmw;
      graph_.rf.add(w, reads_[i]);
      if (rf_prefix_holds()) {
        choose_rf(i + 1);
      }
      graph_.rf.remove(w, reads_[i]);
      read_by_rmw_[w] = false;
    }
  }

  // What only grows with rf, without mo: po ∪ rf acyclic (RC11), or with spawn/join (SC).
  bool rf_prefix_holds() const {
    return axioms_ == Axioms::sc ? axiomatic::sc_acyclic(graph_) : axiomatic::no_thin_air(graph_);
  }

  void judge_rf() {
    if (++out_.candidates > max_candidates_) {
      out_.complete = false;
      return;
    }
    if (axioms_ == Axioms::rc11) {
      if (!axiomatic::no_thin_air(graph_)) {
        return;
      }
      hb_ = axiomatic::happens_before(graph_);
      if (!hb_.irreflexive()) {
        return;
      }
    }
    choose_mo(0);
  }

  // mo of location l: its writes after the initial one, appended one at a time while the
  // axioms that only grow with mo still hold. A prefix's writes are mo-before all the others,
  // so the partial mo (the prefix's order, then prefix -> rest) is part of every completion's.
  void choose_mo(std::size_t l) {
    if (l == writes_.size()) {
      if (axioms_ == Axioms::sc || axiomatic::psc_acyclic(graph_, hb_)) {
        accept();
      }
      return;
    }
    mo_order_.resize(l);
    mo_order_.push_back({writes_[l].front()});
    unplaced_ = std::vector<std::size_t>(writes_[l].begin() + 1, writes_[l].end());
    place_before_unplaced(writes_[l].front());
    extend_mo(l);
    for (std::size_t w : writes_[l]) {
      graph_.mo.clear_row(w);
    }
  }

  void place_before_unplaced(std::size_t w) {
    for (std::size_t u : unplaced_) {
      graph_.mo.add(w, u);
    }
  }

  void extend_mo(std::size_t l) {
    if (unplaced_.empty()) {
      choose_mo(l + 1);
      return;
    }
    for (std::size_t i = 0; i < unplaced_.size(); ++i) {
      const std::size_t w = unplaced_[i];
      unplaced_.erase(unplaced_.begin() + static_cast<std::ptrdiff_t>(i));
      place_before_unplaced(w);
      if (mo_prefix_holds()) {
        mo_order_[l].push_back(w);
        const std::vector<std::size_t> rest = unplaced_;
        extend_mo(l);
        unplaced_ = rest;
        mo_order_.resize(l + 1);
        mo_order_[l].pop_back();
      }
      graph_.mo.clear_row(w);
      unplaced_.insert(unplaced_.begin() + static_cast<std::ptrdiff_t>(i), w);
    }
  }

  bool mo_prefix_holds() const {
    if (axioms_ == Axioms::sc) {
      return axiomatic::sc_consistent(graph_);
    }
    return axiomatic::atomic_rmws(graph_) && axiomatic::coherent(graph_, hb_);
  }

  void accept() {
    ++out_.graphs;
    std::vector<int> memory;
    for (const std::vector<std::size_t>& order : mo_order_) {
      memory.push_back(graph_.events[order.back()].value);
    }
    std::vector<std::vector<int>> registers;
    for (const Trace* tr : chosen_) {
      registers.push_back(tr->registers);
    }
    out_.outcomes.insert(complete_outcome(memory, registers));
  }

  const Program& program_;
  Axioms axioms_;
  std::size_t max_candidates_;
  AxiomaticEnumeration& out_;
  std::vector<std::vector<Trace>> traces_;                  // per thread
  std::vector<const Trace*> chosen_;                        // per thread
  std::vector<std::set<std::pair<int, int>>> may_provide_;  // per thread: what its traces write
  Graph graph_;
  std::vector<std::size_t> reads_;
  std::vector<std::vector<std::size_t>> sources_;   // per read: the writes it may read
  std::vector<std::vector<std::size_t>> writes_;    // per location, the initial write first
  std::vector<std::vector<std::size_t>> mo_order_;  // per location decided so far
  std::size_t combinations_ = 0;
  std::vector<bool> read_by_rmw_;      // per write: the read of an RMW reads it (rf so far)
  std::vector<std::size_t> unplaced_;  // the current location's other writes
  Relation hb_;
};

}  // namespace

AxiomaticEnumeration enumerate_axiomatic(const Program& program, Axioms axioms,
                                         std::size_t max_candidates) {
  AxiomaticEnumeration out;
  try {
    Search(program, axioms, max_candidates, out).run();
  } catch (const TooManyTraces&) {
    out = AxiomaticEnumeration{};
    out.complete = false;
  }
  return out;
}

}  // namespace weft::model::oracle
