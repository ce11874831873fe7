// The brute-force SC enumerator. Each thread's operations are compiled to flat code with
// jumps; a state is the memory plus every thread's program counter, sleep flag and registers,
// kept in one vector of ints. Local steps (jumps, the start of a loop iteration) run eagerly
// after every shared step, so every thread of a state stands at a shared operation or at its
// end.
//
// Counting graphs (programs without wait/notify): the state also carries the execution graph
// built so far, as ints (TraceGraph), so that two interleavings meet in the visited set only if
// they built the same graph. A failed spin iteration writes nothing and is dropped from the
// graph when its loop starts again, as weft drops it.

#include "enumerator.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_set>
#include <vector>

namespace weft::model::oracle {

namespace {

enum class Code : std::uint8_t {
  load,
  store,
  fetch_add,
  exchange,
  cas,
  wait,
  notify_one,
  notify_all,
  join,         // `value`: the joined thread
  jump_unless,  // unless (reg == value) == equal, go to target
  jump,
  loop_begin,  // resets the loop's registers; target: the first instruction after the loop
  end,
};

struct Instr {
  Code code = Code::end;
  int location = 0;
  int reg = 0;
  int ok_reg = 0;
  Operand a;
  Operand b;
  int value = 0;
  bool equal = true;
  int target = 0;
  std::vector<int> resets;
  int loop = -1;  // the first instruction of a loop's body: the index of its loop_begin
};

Instr instr(Code code) {
  Instr i;
  i.code = code;
  return i;
}

using Listing = std::vector<Instr>;

void compile(const std::vector<Op>& ops, Listing& out) {
  for (const Op& op : ops) {
    Instr i;
    i.location = op.location;
    i.reg = op.reg;
    i.ok_reg = op.ok_reg;
    i.a = op.a;
    i.b = op.b;
    switch (op.kind) {
      case OpKind::load:
        i.code = Code::load;
        break;
      case OpKind::store:
        i.code = Code::store;
        break;
      case OpKind::fetch_add:
        i.code = Code::fetch_add;
        break;
      case OpKind::exchange:
        i.code = Code::exchange;
        break;
      case OpKind::cas:
        i.code = Code::cas;
        break;
      case OpKind::wait:
        i.code = Code::wait;
        break;
      case OpKind::notify_one:
        i.code = Code::notify_one;
        break;
      case OpKind::notify_all:
        i.code = Code::notify_all;
        break;
      case OpKind::fence:
        continue;  // under SC a fence orders nothing more, and it is not in the graph
      case OpKind::branch: {
        i.code = Code::jump_unless;
        i.value = op.value;
        const std::size_t test = out.size();
        out.push_back(i);
        compile(op.then_ops, out);
        const std::size_t skip = out.size();
        out.push_back(instr(Code::jump));
        out[test].target = static_cast<int>(out.size());
        compile(op.else_ops, out);
        out[skip].target = static_cast<int>(out.size());
        continue;
      }
      case OpKind::spin: {
        const int begin = static_cast<int>(out.size());
        i.code = Code::loop_begin;
        i.resets = loop_registers(op);
        out.push_back(i);
        for (const Condition& c : op.conditions) {
          Instr access;
          access.code = c.is_cas ? Code::cas : Code::load;
          access.location = c.location;
          access.reg = c.reg;
          access.ok_reg = c.ok_reg;
          access.a = c.expected;
          access.b = c.desired;
          out.push_back(access);
          Instr test;
          test.code = Code::jump_unless;
          test.reg = c.is_cas ? c.ok_reg : c.reg;
          test.value = c.is_cas ? 1 : c.value;
          test.equal = c.is_cas || c.equal;
          test.target = begin;
          out.push_back(test);
        }
        out[static_cast<std::size_t>(begin)].target = static_cast<int>(out.size());
        out[static_cast<std::size_t>(begin) + 1].loop = begin;
        continue;
      }
    }
    out.push_back(i);
  }
}

// A state: memory[locations], then per thread: pc, asleep, registers; when graphs are
// counted, the TraceGraph's ints follow.
using State = std::vector<int>;

// The execution graph of an interleaving under SC, without the failed spin iterations: per
// thread its accesses in program order, a read naming the write it reads (the location's
// newest), and per location its writes in coherence (= interleaving) order. Two interleavings
// that build equal TraceGraphs are one execution graph (po, rf, co).
struct TraceGraph {
  static constexpr int kRead = 1;
  static constexpr int kWrite = 2;
  // Per thread: (kind, location, writer thread, writer index) per access; a write's writer is
  // itself. The initial write of location l is (-1, l).
  std::vector<std::vector<int>> events;
  std::vector<std::vector<int>> co;  // per location: (thread, index) per write
  // Per thread: the spin loop it is in (its loop_begin) and how many events its thread had
  // when the loop's current iteration began, or -1.
  std::vector<int> loop;
  std::vector<int> iteration_start;

  TraceGraph(std::size_t threads, std::size_t locations)
      : events(threads), co(locations), loop(threads, -1), iteration_start(threads, -1) {}

  void read(std::size_t t, int location) {
    const std::vector<int>& order = co[static_cast<std::size_t>(location)];
    const int writer_thread = order.empty() ? -1 : order[order.size() - 2];
    const int writer_index = order.empty() ? location : order.back();
    events[t].insert(events[t].end(), {kRead, location, writer_thread, writer_index});
  }
  void write(std::size_t t, int location) {
    const int index = static_cast<int>(events[t].size() / 4);
    events[t].insert(events[t].end(), {kWrite, location, static_cast<int>(t), index});
    co[static_cast<std::size_t>(location)].insert(co[static_cast<std::size_t>(location)].end(),
                                                  {static_cast<int>(t), index});
  }
  int size(std::size_t t) const { return static_cast<int>(events[t].size() / 4); }
  // Thread t's loop `begin` starts an iteration: a failed one before it is dropped (it wrote
  // nothing: a spin loop writes only in the compare-exchange that ends it).
  void iteration_begins(std::size_t t, int begin) {
    if (loop[t] == begin) {
      events[t].resize(static_cast<std::size_t>(iteration_start[t]) * 4);
    } else {
      loop[t] = begin;
      iteration_start[t] = size(t);
    }
  }
  void loop_left(std::size_t t) {
    loop[t] = -1;
    iteration_start[t] = -1;
  }

  // The graph alone (what identifies an execution), then the loop positions.
  void append_to(std::vector<int>& out, bool with_loops) const {
    for (const auto& e : events) {
      out.push_back(static_cast<int>(e.size()));
      out.insert(out.end(), e.begin(), e.end());
    }
    for (const auto& c : co) {
      out.push_back(static_cast<int>(c.size()));
      out.insert(out.end(), c.begin(), c.end());
    }
    if (with_loops) {
      out.insert(out.end(), loop.begin(), loop.end());
      out.insert(out.end(), iteration_start.begin(), iteration_start.end());
    }
  }
};

struct StateHash {
  std::size_t operator()(const State& s) const {
    std::size_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the ints
    for (int v : s) {
      h = (h ^ static_cast<std::uint32_t>(v)) * 0x100000001b3ULL;
    }
    return h;
  }
};

// A state of the search: the program's state and, when graphs are counted, the graph so far.
struct Node {
  State state;
  std::optional<TraceGraph> graph;

  State key() const {
    State k = state;
    if (graph) {
      graph->append_to(k, /*with_loops=*/true);
    }
    return k;
  }
};

bool has_waits(const std::vector<Op>& ops) {
  return std::any_of(ops.begin(), ops.end(), [](const Op& op) {
    return op.kind == OpKind::wait || op.kind == OpKind::notify_one ||
           op.kind == OpKind::notify_all || has_waits(op.then_ops) || has_waits(op.else_ops);
  });
}

class Search {
 public:
  Search(const Program& p, bool count_graphs) : locations_(p.initial.size()) {
    std::size_t offset = locations_;
    for (std::size_t t = 0; t < p.threads.size(); ++t) {
      Listing code;
      compile(p.threads[t].ops, code);
      if (t == 0) {
        for (std::size_t u = 1; u < p.threads.size(); ++u) {
          Instr join;
          join.code = Code::join;
          join.value = static_cast<int>(u);
          code.push_back(join);
        }
      }
      code.push_back(instr(Code::end));
      code_.push_back(std::move(code));
      base_.push_back(offset);
      registers_.push_back(static_cast<std::size_t>(p.threads[t].registers));
      offset += 2 + registers_.back();
    }
    initial_.state.assign(offset, 0);
    for (std::size_t l = 0; l < locations_; ++l) {
      initial_.state[l] = p.initial[l];
    }
    if (count_graphs) {
      initial_.graph.emplace(code_.size(), locations_);
    }
    for (std::size_t t = 0; t < code_.size(); ++t) {
      run_locals(initial_, t);
    }
  }

  Enumeration run(std::size_t max_states) {
    Enumeration result;
    std::unordered_set<State, StateHash> seen{initial_.key()};
    std::vector<Node> todo{initial_};
    std::unordered_set<State, StateHash> complete_graphs;
    while (!todo.empty()) {
      Node s = std::move(todo.back());
      todo.pop_back();
      bool moved = false;
      successors(s, [&](Node next) {
        moved = true;
        if (seen.size() >= max_states) {
          result.complete = false;
          return;
        }
        if (seen.insert(next.key()).second) {
          todo.push_back(std::move(next));
        }
      });
      if (classify(s.state, moved, result.outcomes) && s.graph) {
        State graph;
        s.graph->append_to(graph, /*with_loops=*/false);
        complete_graphs.insert(std::move(graph));
      }
    }
    result.states = seen.size();
    if (initial_.graph) {
      result.complete_graphs = complete_graphs.size();
    }
    return result;
  }

 private:
  int& pc(State& s, std::size_t t) const { return s[base_[t]]; }
  int pc(const State& s, std::size_t t) const { return s[base_[t]]; }
  bool asleep(const State& s, std::size_t t) const { return s[base_[t] + 1] != 0; }
  int& reg(State& s, std::size_t t, int r) const {
    return s[base_[t] + 2 + static_cast<std::size_t>(r)];
  }
  const Instr& at(const State& s, std::size_t t) const {
    return code_[t][static_cast<std::size_t>(pc(s, t))];
  }
  bool finished(const State& s, std::size_t t) const { return at(s, t).code == Code::end; }
  int value(State& s, std::size_t t, const Operand& o) const {
    return o.is_register ? reg(s, t, o.value) : o.value;
  }
  int& memory(State& s, int location) const { return s[static_cast<std::size_t>(location)]; }

  void run_locals(Node& node, std::size_t t) const {
    State& s = node.state;
    for (;;) {
      const Instr& i = at(s, t);
      if (i.code == Code::jump_unless) {
        pc(s, t) = (reg(s, t, i.reg) == i.value) == i.equal ? pc(s, t) + 1 : i.target;
      } else if (i.code == Code::jump) {
        pc(s, t) = i.target;
      } else if (i.code == Code::loop_begin) {
        for (int r : i.resets) {
          reg(s, t, r) = 0;
        }
        if (node.graph) {
          node.graph->iteration_begins(t, pc(s, t));
        }
        ++pc(s, t);
      } else {
        break;
      }
    }
    if (node.graph && node.graph->loop[t] >= 0) {
      const int begin = node.graph->loop[t];
      const int exit = code_[t][static_cast<std::size_t>(begin)].target;
      if (pc(s, t) < begin || pc(s, t) >= exit) {
        node.graph->loop_left(t);
      }
    }
  }

  // Every state one shared step of one thread leads to.
  void successors(const Node& node, const std::function<void(Node)>& emit) const {
    const State& s = node.state;
    for (std::size_t t = 0; t < code_.size(); ++t) {
      if (finished(s, t) || asleep(s, t)) {
        continue;
      }
      const Instr& i = at(s, t);
      Node next = node;
      State& n = next.state;
      TraceGraph* graph = next.graph ? &*next.graph : nullptr;
      int& mem = memory(n, i.location);
      auto read = [&] {
        if (graph != nullptr) {
          graph->read(t, i.location);
        }
      };
      auto write = [&] {
        if (graph != nullptr) {
          graph->write(t, i.location);
        }
      };
      switch (i.code) {
        case Code::load:
          reg(n, t, i.reg) = mem;
          read();
          break;
        case Code::store:
          mem = value(n, t, i.a);
          write();
          break;
        case Code::fetch_add:
          reg(n, t, i.reg) = mem;
          mem += value(n, t, i.a);
          read();
          write();
          break;
        case Code::exchange:
          reg(n, t, i.reg) = mem;
          mem = value(n, t, i.a);
          read();
          write();
          break;
        case Code::cas: {
          const int old = mem;
          const bool ok = old == value(n, t, i.a);
          if (ok) {
            mem = value(n, t, i.b);
          }
          reg(n, t, i.reg) = old;
          reg(n, t, i.ok_reg) = ok ? 1 : 0;
          read();
          if (ok) {
            write();
          }
          break;
        }
        case Code::wait:
          if (mem == value(n, t, i.a)) {
            n[base_[t] + 1] = 1;  // asleep at the wait; woken, it loads again
            emit(std::move(next));
            continue;
          }
          break;
        case Code::notify_one: {
          ++pc(n, t);
          run_locals(next, t);
          bool woke = false;
          for (std::size_t u = 0; u < code_.size(); ++u) {
            if (sleeps_on(n, u, i.location)) {
              Node w = next;
              w.state[base_[u] + 1] = 0;
              emit(std::move(w));
              woke = true;
            }
          }
          if (!woke) {
            emit(std::move(next));
          }
          continue;
        }
        case Code::notify_all:
          for (std::size_t u = 0; u < code_.size(); ++u) {
            if (sleeps_on(n, u, i.location)) {
              n[base_[u] + 1] = 0;
            }
          }
          break;
        case Code::join:
          if (!finished(s, static_cast<std::size_t>(i.value))) {
            continue;
          }
          break;
        case Code::jump_unless:
        case Code::jump:
        case Code::loop_begin:
        case Code::end:
          continue;
      }
      ++pc(n, t);
      run_locals(next, t);
      emit(std::move(next));
    }
  }

  bool sleeps_on(const State& s, std::size_t t, int location) const {
    return asleep(s, t) && at(s, t).location == location;
  }

  // Thread t stands at the start of a spin loop whose iteration, run now with memory frozen,
  // fails (and so writes nothing).
  bool spins_for_ever(const State& s, std::size_t t) const {
    const int begin = at(s, t).loop;
    if (begin < 0) {
      return false;
    }
    const Listing& code = code_[t];
    const int exit = code[static_cast<std::size_t>(begin)].target;
    State frozen = s;
    for (int p = pc(s, t); p < exit;) {
      const Instr& i = code[static_cast<std::size_t>(p)];
      const int mem = memory(frozen, i.location);
      if (i.code == Code::load) {
        reg(frozen, t, i.reg) = mem;
      } else if (i.code == Code::cas) {
        if (mem == value(frozen, t, i.a)) {
          return false;  // it succeeds, writes, and the loop ends
        }
        reg(frozen, t, i.reg) = mem;
        reg(frozen, t, i.ok_reg) = 0;
      } else if (i.code == Code::jump_unless && (reg(frozen, t, i.reg) == i.value) != i.equal) {
        return true;  // back to the loop's start, with the same memory
      }
      ++p;
    }
    return false;
  }

  // Adds the state's outcome to `out`, if it has one; true if it is a complete one.
  bool classify(const State& s, bool moved, OutcomeSet& out) const {
    std::vector<int> memory(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(locations_));
    std::vector<bool> done(code_.size());
    bool all_done = true;
    for (std::size_t t = 0; t < code_.size(); ++t) {
      done[t] = finished(s, t);
      all_done = all_done && done[t];
    }
    if (all_done) {
      std::vector<std::vector<int>> registers(code_.size());
      for (std::size_t t = 0; t < code_.size(); ++t) {
        const auto first = s.begin() + static_cast<std::ptrdiff_t>(base_[t] + 2);
        registers[t].assign(first, first + static_cast<std::ptrdiff_t>(registers_[t]));
      }
      out.insert(complete_outcome(memory, registers));
      return true;
    }
    if (!moved) {
      out.insert(stuck_outcome(StuckKind::deadlock, memory, done));
      return false;
    }
    bool spins = false;
    for (std::size_t t = 0; t < code_.size(); ++t) {
      if (done[t] || asleep(s, t)) {
        continue;
      }
      const Instr& i = at(s, t);
      if (i.code == Code::join && !done[static_cast<std::size_t>(i.value)]) {
        continue;
      }
      if (!spins_for_ever(s, t)) {
        return false;
      }
      spins = true;
    }
    if (spins) {
      out.insert(stuck_outcome(StuckKind::liveness, memory, done));
    }
    return false;
  }

  std::size_t locations_;
  std::vector<Listing> code_;
  std::vector<std::size_t> base_;
  std::vector<std::size_t> registers_;
  Node initial_;
};

}  // namespace

Enumeration enumerate(const Program& program, std::size_t max_states) {
  const bool count_graphs = std::none_of(program.threads.begin(), program.threads.end(),
                                         [](const ThreadProgram& t) { return has_waits(t.ops); });
  return Search(program, count_graphs).run(max_states);
}

}  // namespace weft::model::oracle
