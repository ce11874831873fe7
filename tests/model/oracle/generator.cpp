// The random program generator. Only std::mt19937_64's raw output is used (no std
// distributions), so a seed names the same program under every standard library.

#include "generator.hpp"

#include <algorithm>
#include <atomic>
#include <random>
#include <utility>
#include <vector>

namespace weft::model::oracle {

namespace {

constexpr int max_depth = 2;  // branches nest at most this deep
// Operations per program at most (spin conditions and branch arms not counted).
constexpr int budget_a = 10;
constexpr int budget_b = 9;
constexpr int budget_c = 7;
// Family A: waits and notifies per program at most.
constexpr int max_waits = 3;
constexpr int max_notifies = 3;

class Generator {
 public:
  Generator(Family family, std::uint64_t seed) : family_(family), rng_(seed) {}

  Program program(std::uint64_t seed) {
    if (family_ == Family::weak) {
      return weak_program(seed);
    }
    Program p;
    p.family = family_;
    p.seed = seed;
    const int locations =
        family_ == Family::waits ? pick({50, 35, 15}) + 1 : pick({35, 45, 20}) + 1;
    for (int l = 0; l < locations; ++l) {
      p.initial.push_back(chance(70) ? 0 : below(3) + 1);
    }
    initial_ = p.initial;
    locations_ = locations;
    const bool main_works = chance(50);
    const int workers = pick({40, 40, 20}) + 2;
    const int spawned = main_works ? workers - 1 : workers;
    const std::vector<int> sizes =
        thread_sizes(workers, 5, family_ == Family::waits ? budget_a : budget_b);
    fill_threads(p, spawned, main_works, sizes);
    return p;
  }

 private:
  // How many operations each of `workers` threads gets: 1..max_size each, then trimmed at random
  // (never below 1) until they add up to at most `budget`.
  std::vector<int> thread_sizes(int workers, int max_size, int budget) {
    std::vector<int> sizes(static_cast<std::size_t>(workers));
    int total = 0;
    for (int& s : sizes) {
      s = below(max_size) + 1;
      total += s;
    }
    while (total > budget) {
      int& s = sizes[static_cast<std::size_t>(below(workers))];
      if (s > 1) {
        --s;
        --total;
      }
    }
    return sizes;
  }

  // Main and `spawned` threads; the working ones (main only if `main_works`) get `sizes[i]`
  // random operations each.
  void fill_threads(Program& p, int spawned, bool main_works, const std::vector<int>& sizes) {
    p.threads.resize(static_cast<std::size_t>(spawned) + 1);
    std::size_t next = 0;
    for (std::size_t t = main_works ? 0 : 1; t < p.threads.size(); ++t) {
      registers_ = 0;
      weak_cas_locations_.clear();
      p.threads[t].ops = ops(sizes[next++], 0);
      p.threads[t].registers = registers_;
    }
  }

  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  // An index drawn with the given weights.
  int pick(std::initializer_list<int> weights) {
    int sum = 0;
    for (int w : weights) {
      sum += w;
    }
    int roll = below(sum);
    int i = 0;
    for (int w : weights) {
      if (roll < w) {
        return i;
      }
      roll -= w;
      ++i;
    }
    return i - 1;
  }
  int location() { return below(locations_); }
  int new_register() { return registers_++; }
  // Whether a family C compare-exchange on `location` is weak: one in three, at most one per
  // thread and location (Op::weak).
  bool weak_cas(int location) {
    const bool wanted = chance(33);
    if (!wanted || std::find(weak_cas_locations_.begin(), weak_cas_locations_.end(), location) !=
                       weak_cas_locations_.end()) {
      return false;
    }
    weak_cas_locations_.push_back(location);
    return true;
  }
  Operand constant(int lo, int hi) { return Operand{false, lo + below(hi - lo + 1)}; }
  // A register assigned earlier in the thread (percent of the time, if any), else a constant.
  Operand operand(int percent, int lo, int hi) {
    if (registers_ > 0 && chance(percent)) {
      return Operand{true, below(registers_)};
    }
    return constant(lo, hi);
  }

  std::vector<Op> ops(int count, int depth) {
    std::vector<Op> out;
    for (int i = 0; i < count; ++i) {
      add_op(depth, out);
    }
    return out;
  }

  // Appends one operation (family A: a store is often followed by a notify of its location).
  void add_op(int depth, std::vector<Op>& out) {
    out.push_back(op(depth));
    if (family_ == Family::waits && out.back().kind == OpKind::store && notifies_ < max_notifies &&
        chance(40)) {
      ++notifies_;
      Op notify;
      notify.kind = chance(65) ? OpKind::notify_one : OpKind::notify_all;
      notify.location = out.back().location;
      out.push_back(notify);
    }
  }

  Op op(int depth) {
    if (family_ == Family::weak) {
      return weak_op(depth);
    }
    // Family A: load, store, wait, notify_one, notify_all, spin, branch.
    // Family B: load, store, fetch_add, exchange, cas, spin, branch.
    const bool a = family_ == Family::waits;
    const int roll = a ? pick({14, 18, 22, 14, 10, 12, 10}) : pick({14, 12, 16, 12, 20, 14, 12});
    Op op;
    op.location = location();
    const bool wait = a && roll == 2;
    const bool notify = a && (roll == 3 || roll == 4);
    if ((wait && ++waits_ > max_waits) || (notify && ++notifies_ > max_notifies)) {
      op.kind = OpKind::load;  // waits and notifies make weft's runs grow fast: a few at most
      op.reg = new_register();
      return op;
    }
    switch (roll) {
      case 0:
        op.kind = OpKind::load;
        op.reg = new_register();
        break;
      case 1:
        op.kind = OpKind::store;
        op.a = operand(25, 0, 3);
        break;
      case 2:
        if (a) {
          // Half the waits wait on the initial value, so that they can fall asleep early.
          op.kind = OpKind::wait;
          op.a = chance(50) ? Operand{false, initial_[static_cast<std::size_t>(op.location)]}
                            : operand(40, 0, 2);
        } else {
          op.kind = OpKind::fetch_add;
          op.a = operand(20, 1, 2);
          op.reg = new_register();
        }
        break;
      case 3:
        if (a) {
          op.kind = OpKind::notify_one;
        } else {
          op.kind = OpKind::exchange;
          op.a = operand(20, 0, 3);
          op.reg = new_register();
        }
        break;
      case 4:
        if (a) {
          op.kind = OpKind::notify_all;
        } else {
          op.kind = OpKind::cas;
          op.a = operand(25, 0, 2);
          op.b = operand(20, 0, 3);
          op.reg = new_register();
          op.ok_reg = new_register();
        }
        break;
      case 5:
        op.kind = OpKind::spin;
        op.conditions = spin_conditions();
        break;
      default:
        branch_or_load(op, depth, 3);
        break;
    }
    return op;
  }

  // A branch on a register of the thread (1-2 operations then, 0..else_max-1 else), or a load
  // when there is no register yet or branches nest max_depth deep.
  void branch_or_load(Op& op, int depth, int else_max) {
    if (registers_ == 0 || depth >= max_depth) {
      op.kind = OpKind::load;
      op.reg = new_register();
      return;
    }
    op.kind = OpKind::branch;
    op.reg = chance(60) ? registers_ - 1 : below(registers_);
    op.value = below(3);
    op.then_ops = ops(below(2) + 1, depth + 1);
    op.else_ops = ops(below(else_max), depth + 1);
  }

  Condition load_condition() {
    Condition c;
    c.location = location();
    c.reg = new_register();
    c.value = below(4);
    c.equal = chance(75);
    return c;
  }

  Condition cas_condition() {
    Condition c;
    c.is_cas = true;
    c.location = location();
    c.reg = new_register();
    c.ok_reg = new_register();
    c.expected = operand(15, 0, 2);
    c.desired = operand(15, 0, 3);
    return c;
  }

  // Family A: one or two loads compared with constants, sometimes ending with a CAS. Family B:
  // one CAS or one load compared with a constant.
  std::vector<Condition> spin_conditions() {
    std::vector<Condition> out;
    if (family_ == Family::rmws) {
      out.push_back(chance(50) ? cas_condition() : load_condition());
      return out;
    }
    const int loads = chance(70) ? 1 : 2;
    for (int i = 0; i < loads; ++i) {
      out.push_back(load_condition());
    }
    if (chance(25)) {
      out.push_back(cas_condition());
    }
    return out;
  }

  // The classic litmus shapes, as the threads' accesses ('W' store, 'R' load, 'U' RMW) and
  // locations (x, y): half of family C starts from one, so that the orderings and fences that
  // decide them (message passing, store buffering, release sequences, ...) are met often.
  struct Shape {
    std::vector<std::vector<std::pair<char, int>>> threads;
  };
  static const std::vector<Shape>& shapes() {
    static const std::vector<Shape> all = {
        {{{{'W', 0}, {'W', 1}}, {{'R', 1}, {'R', 0}}}},                          // MP
        {{{{'W', 0}, {'R', 1}}, {{'W', 1}, {'R', 0}}}},                          // SB
        {{{{'R', 0}, {'W', 1}}, {{'R', 1}, {'W', 0}}}},                          // LB
        {{{{'W', 0}}, {{'W', 1}}, {{'R', 0}, {'R', 1}}, {{'R', 1}, {'R', 0}}}},  // IRIW
        {{{{'W', 0}}, {{'R', 0}, {'W', 1}}, {{'R', 1}, {'R', 0}}}},              // WRC
        {{{{'W', 0}, {'W', 1}}, {{'W', 1}, {'W', 0}}}},                          // 2+2W
        {{{{'W', 0}, {'W', 1}}, {{'U', 1}}, {{'R', 1}, {'R', 0}}}},              // release sequence
        {{{{'W', 0}, {'W', 1}}, {{'R', 1}, {'W', 0}}}},                          // S
        {{{{'W', 0}, {'W', 1}}, {{'W', 1}, {'R', 0}}}},                          // R
        {{{{'W', 0}, {'W', 1}}, {{'U', 1}, {'R', 1}}, {{'W', 1}, {'R', 0}}}},    // Z6.U
    };
    return all;
  }

  // A shape with random orders, a fence between two accesses now and then, and now and then an
  // RMW in place of an access (an exchange or a compare-exchange for a store, a fetch_add of 0
  // for a load). Stores write 1 in their first thread, 2 elsewhere, so outcomes tell them apart.
  Program shaped_program(std::uint64_t seed) {
    Program p;
    p.family = family_;
    p.seed = seed;
    const Shape& shape =
        shapes()[static_cast<std::size_t>(below(static_cast<int>(shapes().size())))];
    locations_ = 2;
    p.initial = {0, 0};
    initial_ = p.initial;
    const bool main_works = shape.threads.size() < 4 && chance(50);
    all_sc_ = chance(30);  // SC's axiom is only decided when most accesses are seq_cst
    p.threads.resize(shape.threads.size() + (main_works ? 0 : 1));
    std::size_t t = main_works ? 0 : 1;
    int value = 1;
    for (const auto& accesses : shape.threads) {
      registers_ = 0;
      weak_cas_locations_.clear();
      for (std::size_t i = 0; i < accesses.size(); ++i) {
        if (i > 0 && chance(30)) {
          Op fence;
          fence.kind = OpKind::fence;
          fence.order = fence_order();
          p.threads[t].ops.push_back(fence);
        }
        p.threads[t].ops.push_back(shaped_op(accesses[i].first, accesses[i].second, value));
      }
      p.threads[t].registers = registers_;
      value = 2;
      ++t;
    }
    all_sc_ = false;
    return p;
  }

  // Family C's spin loop: wait until one load of `location` equals `value` (or, now and then,
  // differs from it).
  Op await_op(int location, int value) {
    Op op;
    op.kind = OpKind::spin;
    op.location = location;
    Condition c;
    c.location = location;
    c.reg = new_register();
    c.value = value;
    c.equal = chance(80);
    c.order = load_order();
    op.conditions.push_back(c);
    return op;
  }

  Op shaped_op(char access, int location, int value) {
    if (access == 'R' && chance(15)) {
      return await_op(location, value);
    }
    Op op;
    op.location = location;
    if (access == 'U' || (access == 'W' && chance(15))) {
      op.kind = chance(50) ? OpKind::exchange : OpKind::fetch_add;
      op.a = constant(value, value);
      op.reg = new_register();
      op.order = rmw_order();
    } else if (access == 'W' && chance(10)) {
      op.kind = OpKind::cas;
      op.a = constant(0, 0);
      op.b = constant(value, value);
      op.reg = new_register();
      op.ok_reg = new_register();
      op.order = rmw_order();
      op.failure = failure_order(op.order);
    } else if (access == 'W') {
      op.kind = OpKind::store;
      op.a = constant(value, value);
      op.order = store_order();
    } else if (chance(10)) {
      op.kind = OpKind::fetch_add;
      op.a = constant(0, 0);
      op.reg = new_register();
      op.order = rmw_order();
    } else {
      op.kind = OpKind::load;
      op.reg = new_register();
      op.order = load_order();
    }
    return op;
  }

  // Family C: half litmus shapes (shaped_program); else main and 1-3 spawned threads, at least
  // two of them working, 1-3 operations each and at most budget_c in all.
  Program weak_program(std::uint64_t seed) {
    if (chance(50)) {
      return shaped_program(seed);
    }
    Program p;
    p.family = family_;
    p.seed = seed;
    locations_ = pick({35, 45, 20}) + 1;
    for (int l = 0; l < locations_; ++l) {
      p.initial.push_back(chance(80) ? 0 : below(2) + 1);
    }
    initial_ = p.initial;
    const int spawned = pick({40, 40, 20}) + 1;
    const bool main_works = spawned == 1 || chance(50);  // at least two threads work
    const int workers = main_works ? spawned + 1 : spawned;
    fill_threads(p, spawned, main_works, thread_sizes(workers, 3, budget_c));
    return p;
  }

  std::memory_order load_order() {
    if (all_sc_) {
      return std::memory_order_seq_cst;
    }
    static constexpr std::memory_order orders[] = {
        std::memory_order_relaxed, std::memory_order_consume, std::memory_order_acquire,
        std::memory_order_seq_cst};
    return orders[pick({40, 5, 30, 25})];
  }
  std::memory_order store_order() {
    if (all_sc_) {
      return std::memory_order_seq_cst;
    }
    static constexpr std::memory_order orders[] = {
        std::memory_order_relaxed, std::memory_order_release, std::memory_order_seq_cst};
    return orders[pick({40, 35, 25})];
  }
  std::memory_order rmw_order() {
    if (all_sc_) {
      return std::memory_order_seq_cst;
    }
    static constexpr std::memory_order orders[] = {
        std::memory_order_relaxed, std::memory_order_acquire, std::memory_order_release,
        std::memory_order_acq_rel, std::memory_order_seq_cst};
    return orders[pick({25, 20, 20, 15, 20})];
  }
  std::memory_order fence_order() {
    if (all_sc_) {
      return std::memory_order_seq_cst;
    }
    static constexpr std::memory_order orders[] = {
        std::memory_order_acquire, std::memory_order_release, std::memory_order_acq_rel,
        std::memory_order_seq_cst};
    return orders[pick({25, 25, 20, 30})];
  }
  // A CAS's failure order: relaxed, acquire or seq_cst, no stronger than `success`'s read part.
  std::memory_order failure_order(std::memory_order success) {
    std::vector<std::memory_order> allowed{std::memory_order_relaxed};
    if (success == std::memory_order_acquire || success == std::memory_order_acq_rel ||
        success == std::memory_order_seq_cst) {
      allowed.push_back(std::memory_order_acquire);
    }
    if (success == std::memory_order_seq_cst) {
      allowed.push_back(std::memory_order_seq_cst);
    }
    return allowed[static_cast<std::size_t>(below(static_cast<int>(allowed.size())))];
  }

  // Family C: load, store, fetch_add, exchange, cas, fence, branch.
  Op weak_op(int depth) {
    Op op;
    op.location = location();
    if (chance(6)) {
      return await_op(location(), below(3));
    }
    switch (pick({22, 20, 10, 8, 12, 12, 10})) {
      case 0:
        op.kind = OpKind::load;
        op.reg = new_register();
        op.order = load_order();
        break;
      case 1:
        op.kind = OpKind::store;
        op.a = operand(20, 0, 3);
        op.order = store_order();
        break;
      case 2:
        op.kind = OpKind::fetch_add;
        op.a = constant(1, 2);  // a register operand makes the values (and enumeration) grow
        op.reg = new_register();
        op.order = rmw_order();
        break;
      case 3:
        op.kind = OpKind::exchange;
        op.a = operand(15, 0, 3);
        op.reg = new_register();
        op.order = rmw_order();
        break;
      case 4:
        op.kind = OpKind::cas;
        op.a = operand(20, 0, 2);
        op.b = operand(15, 0, 3);
        op.reg = new_register();
        op.ok_reg = new_register();
        op.order = rmw_order();
        op.failure = failure_order(op.order);
        op.weak = weak_cas(op.location);
        break;
      case 5:
        op.kind = OpKind::fence;
        op.location = 0;
        op.order = fence_order();
        break;
      default:
        branch_or_load(op, depth, 2);
        if (op.kind == OpKind::load) {
          op.order = load_order();
        }
        break;
    }
    return op;
  }

  Family family_;
  std::mt19937_64 rng_;
  std::vector<int> initial_;
  int locations_ = 1;
  int waits_ = 0;
  int notifies_ = 0;
  int registers_ = 0;
  std::vector<int> weak_cas_locations_;  // of the thread being generated (weak_cas)
  bool all_sc_ = false;                  // shaped_program: every order seq_cst
};

}  // namespace

Program generate(Family family, std::uint64_t seed) {
  // Family B's and C's seeds name other programs than family A's.
  const std::uint64_t salt = family == Family::rmws ? 1 : family == Family::weak ? 2 : 0;
  const std::uint64_t mixed = seed * 0x9E3779B97F4A7C15ULL + salt;
  return Generator(family, mixed).program(seed);
}

}  // namespace weft::model::oracle
