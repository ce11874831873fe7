// The brute-force SC enumerator. Each thread's operations are compiled to flat code with
// jumps; a state is the memory plus every thread's program counter, sleep flag and registers,
// kept in one vector of ints. Local steps (jumps, the start of a loop iteration) run eagerly
// after every shared step, so every thread of a state stands at a shared operation or at its
// end.

#include "enumerator.hpp"

#include <cstdint>
#include <functional>
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

// A state: memory[locations], then per thread: pc, asleep, registers.
using State = std::vector<int>;

struct StateHash {
  std::size_t operator()(const State& s) const {
    std::size_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the ints
    for (int v : s) {
      h = (h ^ static_cast<std::uint32_t>(v)) * 0x100000001b3ULL;
    }
    return h;
  }
};

class Search {
 public:
  explicit Search(const Program& p) : locations_(p.initial.size()) {
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
    initial_.assign(offset, 0);
    for (std::size_t l = 0; l < locations_; ++l) {
      initial_[l] = p.initial[l];
    }
    for (std::size_t t = 0; t < code_.size(); ++t) {
      run_locals(initial_, t);
    }
  }

  Enumeration run(std::size_t max_states) {
    Enumeration result;
    std::unordered_set<State, StateHash> seen{initial_};
    std::vector<State> todo{initial_};
    while (!todo.empty()) {
      State s = std::move(todo.back());
      todo.pop_back();
      bool moved = false;
      successors(s, [&](State next) {
        moved = true;
        if (seen.size() >= max_states) {
          result.complete = false;
          return;
        }
        if (seen.insert(next).second) {
          todo.push_back(std::move(next));
        }
      });
      classify(s, moved, result.outcomes);
    }
    result.states = seen.size();
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

  void run_locals(State& s, std::size_t t) const {
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
        ++pc(s, t);
      } else {
        return;
      }
    }
  }

  // Every state one shared step of one thread leads to.
  void successors(const State& s, const std::function<void(State)>& emit) const {
    for (std::size_t t = 0; t < code_.size(); ++t) {
      if (finished(s, t) || asleep(s, t)) {
        continue;
      }
      const Instr& i = at(s, t);
      State n = s;
      int& mem = memory(n, i.location);
      switch (i.code) {
        case Code::load:
          reg(n, t, i.reg) = mem;
          break;
        case Code::store:
          mem = value(n, t, i.a);
          break;
        case Code::fetch_add:
          reg(n, t, i.reg) = mem;
          mem += value(n, t, i.a);
          break;
        case Code::exchange:
          reg(n, t, i.reg) = mem;
          mem = value(n, t, i.a);
          break;
        case Code::cas: {
          const int old = mem;
          const bool ok = old == value(n, t, i.a);
          if (ok) {
            mem = value(n, t, i.b);
          }
          reg(n, t, i.reg) = old;
          reg(n, t, i.ok_reg) = ok ? 1 : 0;
          break;
        }
        case Code::wait:
          if (mem == value(n, t, i.a)) {
            n[base_[t] + 1] = 1;  // asleep at the wait; woken, it loads again
            emit(std::move(n));
            continue;
          }
          break;
        case Code::notify_one: {
          ++pc(n, t);
          run_locals(n, t);
          bool woke = false;
          for (std::size_t u = 0; u < code_.size(); ++u) {
            if (sleeps_on(n, u, i.location)) {
              State w = n;
              w[base_[u] + 1] = 0;
              emit(std::move(w));
              woke = true;
            }
          }
          if (!woke) {
            emit(std::move(n));
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
      run_locals(n, t);
      emit(std::move(n));
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

  void classify(const State& s, bool moved, OutcomeSet& out) const {
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
      return;
    }
    if (!moved) {
      out.insert(stuck_outcome(StuckKind::deadlock, memory, done));
      return;
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
        return;
      }
      spins = true;
    }
    if (spins) {
      out.insert(stuck_outcome(StuckKind::liveness, memory, done));
    }
  }

  std::size_t locations_;
  std::vector<Listing> code_;
  std::vector<std::size_t> base_;
  std::vector<std::size_t> registers_;
  State initial_;
};

}  // namespace

Enumeration enumerate(const Program& program, std::size_t max_states) {
  return Search(program).run(max_states);
}

}  // namespace weft::model::oracle
