// Greedy shrinking of oracle programs.

#include "shrink.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <utility>
#include <vector>

namespace weft::model::oracle {

namespace {

using OpLists = std::vector<std::vector<Op>>;

// The same operand, one step simpler: a register becomes 0, a constant one less.
bool simplify(Operand& o) {
  if (o.is_register) {
    o = Operand{};
    return true;
  }
  if (o.value > 0) {
    --o.value;
    return true;
  }
  return false;
}

// How strong a memory order is, for the shrinker: relaxed 0, consume/acquire/release 1,
// acq_rel 2, seq_cst 3.
int strength(std::memory_order order) {
  switch (order) {
    case std::memory_order_relaxed:
      return 0;
    case std::memory_order_acq_rel:
      return 2;
    case std::memory_order_seq_cst:
      return 3;
    default:
      return 1;
  }
}

// The orders one step weaker than `order` that `op` may take (a fence is never relaxed; a CAS's
// failure order stays no stronger than its success order).
std::vector<std::memory_order> weaker_orders(const Op& op) {
  using std::memory_order;
  const bool reads = op.kind == OpKind::load;
  const bool writes = op.kind == OpKind::store;
  std::vector<memory_order> out;
  switch (op.order) {
    case memory_order::seq_cst:
      out = reads    ? std::vector{memory_order::acquire}
            : writes ? std::vector{memory_order::release}
                     : std::vector{memory_order::acq_rel};
      break;
    case memory_order::acq_rel:
      out = {memory_order::acquire, memory_order::release};
      break;
    case memory_order::consume:
    case memory_order::acquire:
    case memory_order::release:
      if (op.kind != OpKind::fence) {
        out = {memory_order::relaxed};
      }
      break;
    case memory_order::relaxed:
      break;
  }
  return out;
}

// The CAS's failure order made legal again after its success order was weakened.
void clamp_failure(Op& op) {
  const bool success_acquires = op.order == std::memory_order_acquire ||
                                op.order == std::memory_order_acq_rel ||
                                op.order == std::memory_order_seq_cst;
  if (op.failure == std::memory_order_seq_cst && op.order != std::memory_order_seq_cst) {
    op.failure = std::memory_order_acquire;
  }
  if (op.failure == std::memory_order_acquire && !success_acquires) {
    op.failure = std::memory_order_relaxed;
  }
}

// Variants of `op` with a weaker memory order (family C only: families A and B stay seq_cst).
void add_weaker_orders(const Op& op, std::vector<Op>& out) {
  for (const std::memory_order order : weaker_orders(op)) {
    Op copy = op;
    copy.order = order;
    if (op.kind == OpKind::cas) {
      clamp_failure(copy);
    }
    out.push_back(std::move(copy));
  }
  if (op.kind == OpKind::cas && op.failure != std::memory_order_relaxed) {
    Op copy = op;
    copy.failure = op.failure == std::memory_order_seq_cst ? std::memory_order_acquire
                                                           : std::memory_order_relaxed;
    out.push_back(std::move(copy));
  }
}

// Variants of `op` with one operand or constant simpler, or (weak) one order weaker.
std::vector<Op> simpler(const Op& op, bool weak) {
  std::vector<Op> out;
  if (weak) {
    add_weaker_orders(op, out);
  }
  auto add = [&](auto change) {
    Op copy = op;
    if (change(copy)) {
      out.push_back(std::move(copy));
    }
  };
  const bool uses_a = op.kind == OpKind::store || op.kind == OpKind::fetch_add ||
                      op.kind == OpKind::exchange || op.kind == OpKind::cas ||
                      op.kind == OpKind::wait;
  if (uses_a) {
    add([](Op& o) { return simplify(o.a); });
  }
  if (op.kind == OpKind::cas) {
    add([](Op& o) { return simplify(o.b); });
  }
  if (op.kind == OpKind::branch && op.value > 0) {
    add([](Op& o) {
      --o.value;
      return true;
    });
  }
  for (std::size_t j = 0; j < op.conditions.size(); ++j) {
    if (op.conditions[j].is_cas) {
      add([j](Op& o) { return simplify(o.conditions[j].expected); });
      add([j](Op& o) { return simplify(o.conditions[j].desired); });
    } else if (op.conditions[j].value > 0) {
      add([j](Op& o) {
        --o.conditions[j].value;
        return true;
      });
    }
  }
  return out;
}

// Every list one step smaller or simpler than `ops`.
OpLists smaller(const std::vector<Op>& ops, bool weak) {
  OpLists out;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto at = static_cast<std::ptrdiff_t>(i);
    auto replaced = [&](const std::vector<Op>& with) {
      std::vector<Op> copy(ops.begin(), ops.begin() + at);
      copy.insert(copy.end(), with.begin(), with.end());
      copy.insert(copy.end(), ops.begin() + at + 1, ops.end());
      out.push_back(std::move(copy));
    };
    replaced({});
    const Op& op = ops[i];
    if (op.kind == OpKind::branch) {
      replaced(op.then_ops);
      replaced(op.else_ops);
      for (const auto& [arm, list] :
           {std::pair{&Op::then_ops, &op.then_ops}, std::pair{&Op::else_ops, &op.else_ops}}) {
        for (std::vector<Op>& v : smaller(*list, weak)) {
          std::vector<Op> copy = ops;
          copy[i].*arm = std::move(v);
          out.push_back(std::move(copy));
        }
      }
    }
    for (std::size_t j = 0; op.conditions.size() > 1 && j < op.conditions.size(); ++j) {
      std::vector<Op> copy = ops;
      copy[i].conditions.erase(copy[i].conditions.begin() + static_cast<std::ptrdiff_t>(j));
      out.push_back(std::move(copy));
    }
    for (Op& variant : simpler(op, weak)) {
      std::vector<Op> copy = ops;
      copy[i] = std::move(variant);
      out.push_back(std::move(copy));
    }
  }
  return out;
}

template <class F>
void for_each_op(std::vector<Op>& ops, const F& f) {
  for (Op& op : ops) {
    f(op);
    for_each_op(op.then_ops, f);
    for_each_op(op.else_ops, f);
  }
}

bool uses_location(Program& p, int location) {
  bool used = false;
  for (ThreadProgram& t : p.threads) {
    for_each_op(t.ops, [&](const Op& op) {
      const bool accesses =
          op.kind != OpKind::branch && op.kind != OpKind::spin && op.kind != OpKind::fence;
      used = used || (accesses && op.location == location);
      for (const Condition& c : op.conditions) {
        used = used || c.location == location;
      }
    });
  }
  return used;
}

// Location `location` (unused) removed; the later ones move down.
Program without_location(Program p, int location) {
  p.initial.erase(p.initial.begin() + location);
  for (ThreadProgram& t : p.threads) {
    for_each_op(t.ops, [&](Op& op) {
      op.location -= op.location > location ? 1 : 0;
      for (Condition& c : op.conditions) {
        c.location -= c.location > location ? 1 : 0;
      }
    });
  }
  return p;
}

std::vector<Program> reductions(const Program& p) {
  std::vector<Program> out;
  for (std::size_t t = 1; t < p.threads.size(); ++t) {
    Program copy = p;
    copy.threads.erase(copy.threads.begin() + static_cast<std::ptrdiff_t>(t));
    out.push_back(std::move(copy));
  }
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    for (std::vector<Op>& ops : smaller(p.threads[t].ops, p.family == Family::weak)) {
      Program copy = p;
      copy.threads[t].ops = std::move(ops);
      out.push_back(std::move(copy));
    }
  }
  for (std::size_t l = 0; l < p.initial.size(); ++l) {
    Program copy = p;
    if (p.initial.size() > 1 && !uses_location(copy, static_cast<int>(l))) {
      out.push_back(without_location(copy, static_cast<int>(l)));
    } else if (p.initial[l] > 0) {
      --copy.initial[l];
      out.push_back(std::move(copy));
    }
  }
  return out;
}

// Smaller is better: operations first, then threads, locations and constants.
int weight(Program& p) {
  int constants = 0;
  auto operand = [&](const Operand& o) { constants += o.is_register ? 4 : o.value; };
  for (ThreadProgram& t : p.threads) {
    for_each_op(t.ops, [&](const Op& op) {
      operand(op.a);
      operand(op.b);
      constants += op.value;
      if (p.family == Family::weak) {
        constants += strength(op.order) + strength(op.failure);
      }
      for (const Condition& c : op.conditions) {
        operand(c.expected);
        operand(c.desired);
        constants += c.value;
      }
    });
  }
  for (int v : p.initial) {
    constants += v;
  }
  return size_of(p) * 10000 + static_cast<int>(p.threads.size()) * 1000 +
         static_cast<int>(p.initial.size()) * 100 + constants;
}

// Registers renumbered per thread in order of first appearance (defined or used).
void renumber_registers(Program& p) {
  for (ThreadProgram& t : p.threads) {
    std::map<int, int> to;
    auto map = [&](int& r) { r = to.try_emplace(r, static_cast<int>(to.size())).first->second; };
    auto map_operand = [&](Operand& o) {
      if (o.is_register) {
        map(o.value);
      }
    };
    for_each_op(t.ops, [&](Op& op) {
      map_operand(op.a);
      map_operand(op.b);
      switch (op.kind) {
        case OpKind::load:
        case OpKind::fetch_add:
        case OpKind::exchange:
        case OpKind::branch:
          map(op.reg);
          break;
        case OpKind::cas:
          map(op.reg);
          map(op.ok_reg);
          break;
        default:
          break;
      }
      for (Condition& c : op.conditions) {
        map_operand(c.expected);
        map_operand(c.desired);
        map(c.reg);
        if (c.is_cas) {
          map(c.ok_reg);
        }
      }
    });
    t.registers = static_cast<int>(to.size());
  }
}

}  // namespace

Program shrink(Program program, const std::function<bool(const Program&)>& still_fails,
               int max_tries, double max_seconds) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(max_seconds));
  int tries = 0;
  bool progress = true;
  while (progress && tries < max_tries && std::chrono::steady_clock::now() < deadline) {
    progress = false;
    std::vector<Program> candidates = reductions(program);
    const int current = weight(program);
    for (Program& candidate : candidates) {
      if (weight(candidate) >= current) {
        continue;
      }
      if (tries++ >= max_tries || std::chrono::steady_clock::now() >= deadline) {
        break;
      }
      candidate.shrunk = true;
      if (still_fails(candidate)) {
        program = std::move(candidate);
        progress = true;
        break;
      }
    }
  }
  renumber_registers(program);
  return program;
}

}  // namespace weft::model::oracle
