// The random program generator. Only std::mt19937_64's raw output is used (no std
// distributions), so a seed names the same program under every standard library.

#include "generator.hpp"

#include <random>
#include <utility>
#include <vector>

namespace weft::model::oracle {

namespace {

constexpr int max_depth = 2;  // branches nest at most this deep
// Operations per program at most (spin conditions and branch arms not counted).
constexpr int budget_a = 10;
constexpr int budget_b = 9;
// Family A: waits and notifies per program at most.
constexpr int max_waits = 3;
constexpr int max_notifies = 3;

class Generator {
 public:
  Generator(Family family, std::uint64_t seed) : family_(family), rng_(seed) {}

  Program program(std::uint64_t seed) {
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
    std::vector<int> sizes(static_cast<std::size_t>(workers));
    int total = 0;
    for (int& s : sizes) {
      s = below(5) + 1;
      total += s;
    }
    const int budget = family_ == Family::waits ? budget_a : budget_b;
    while (total > budget) {
      int& s = sizes[static_cast<std::size_t>(below(workers))];
      if (s > 1) {
        --s;
        --total;
      }
    }
    p.threads.resize(static_cast<std::size_t>(spawned) + 1);
    std::size_t next = 0;
    for (std::size_t t = main_works ? 0 : 1; t < p.threads.size(); ++t) {
      registers_ = 0;
      p.threads[t].ops = ops(sizes[next++], 0);
      p.threads[t].registers = registers_;
    }
    return p;
  }

 private:
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
        if (registers_ == 0 || depth >= max_depth) {
          op.kind = OpKind::load;
          op.reg = new_register();
          break;
        }
        op.kind = OpKind::branch;
        op.reg = chance(60) ? registers_ - 1 : below(registers_);
        op.value = below(3);
        op.then_ops = ops(below(2) + 1, depth + 1);
        op.else_ops = ops(below(3), depth + 1);
        break;
    }
    return op;
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

  Family family_;
  std::mt19937_64 rng_;
  std::vector<int> initial_;
  int locations_ = 1;
  int waits_ = 0;
  int notifies_ = 0;
  int registers_ = 0;
};

}  // namespace

Program generate(Family family, std::uint64_t seed) {
  // Family B's seeds name other programs than family A's.
  const std::uint64_t mixed = seed * 0x9E3779B97F4A7C15ULL + (family == Family::rmws ? 1 : 0);
  return Generator(family, mixed).program(seed);
}

}  // namespace weft::model::oracle
