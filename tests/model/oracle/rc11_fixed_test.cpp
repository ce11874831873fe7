// The classic litmus tests of the RC11 guide (/work/shared/guides/rc11.md §4), as oracle
// programs: the axiomatic enumerator must give the guide's execution counts (herd's, or GenMC's
// where §8 says the two differ and weft follows GenMC: C++20 release sequences) and find the
// weak outcome exactly when the guide calls it allowed; weft under RC11 must agree with it.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "axiomatic_enumerator.hpp"
#include "comparison.hpp"

namespace weft::model::oracle {
namespace {

constexpr int x = 0;
constexpr int y = 1;
constexpr auto rlx = std::memory_order_relaxed;
constexpr auto acq = std::memory_order_acquire;
constexpr auto rel = std::memory_order_release;
constexpr auto acq_rel = std::memory_order_acq_rel;
constexpr auto sc = std::memory_order_seq_cst;

Op access(OpKind kind, int location, std::memory_order order, int value, int reg) {
  Op op;
  op.kind = kind;
  op.location = location;
  op.order = order;
  op.a = Operand{false, value};
  op.reg = reg;
  return op;
}

Op load(int location, int reg, std::memory_order order) {
  return access(OpKind::load, location, order, 0, reg);
}
Op store(int location, int value, std::memory_order order) {
  return access(OpKind::store, location, order, value, 0);
}
Op fetch_add(int location, int value, int reg, std::memory_order order) {
  return access(OpKind::fetch_add, location, order, value, reg);
}
Op exchange(int location, int value, int reg, std::memory_order order) {
  return access(OpKind::exchange, location, order, value, reg);
}
Op fence(std::memory_order order) {
  Op op;
  op.kind = OpKind::fence;
  op.order = order;
  return op;
}

ThreadProgram thread(std::vector<Op> ops) {
  ThreadProgram t;
  for (const Op& op : ops) {
    const bool defines = op.kind != OpKind::store && op.kind != OpKind::fence;
    t.registers = std::max(t.registers, defines ? op.reg + 1 : 0);
  }
  t.ops = std::move(ops);
  return t;
}

// Main (t0) only spawns and joins t1, t2, ...; locations x and y start at 0.
Program spawned(std::vector<ThreadProgram> threads) {
  Program p;
  p.family = Family::weak;
  p.initial = {0, 0};
  p.threads.push_back(ThreadProgram{});
  p.threads.insert(p.threads.end(), threads.begin(), threads.end());
  return p;
}

struct Classic {
  const char* name;
  Program program;
  std::size_t executions;  // the guide's count
  std::string weak;        // a piece of the weak outcome's text
  bool allowed;            // whether the guide allows it
};

Program sb(std::memory_order w, std::memory_order r) {
  return spawned(
      {thread({store(x, 1, w), load(y, 0, r)}), thread({store(y, 1, w), load(x, 0, r)})});
}
Program sb_fenced(std::memory_order f) {
  return spawned({thread({store(x, 1, rlx), fence(f), load(y, 0, rlx)}),
                  thread({store(y, 1, rlx), fence(f), load(x, 0, rlx)})});
}
Program mp(std::memory_order wx, std::memory_order wy, std::memory_order ry, std::memory_order rx) {
  return spawned(
      {thread({store(x, 1, wx), store(y, 1, wy)}), thread({load(y, 0, ry), load(x, 1, rx)})});
}
Program mp_fenced(std::vector<Op> writer, std::vector<Op> reader) {
  return spawned({thread(std::move(writer)), thread(std::move(reader))});
}
Program iriw(std::memory_order w, std::memory_order r, bool sc_fences = false) {
  auto reader = [&](int first, int second) {
    std::vector<Op> ops{load(first, 0, r)};
    if (sc_fences) {
      ops.push_back(fence(sc));
    }
    ops.push_back(load(second, 1, r));
    return thread(ops);
  };
  return spawned({thread({store(x, 1, w)}), thread({store(y, 1, w)}), reader(x, y), reader(y, x)});
}
Program two_plus_two_w(std::memory_order w, bool sc_fences = false) {
  auto writer = [&](int first, int second) {
    std::vector<Op> ops{store(first, 1, w)};
    if (sc_fences) {
      ops.push_back(fence(sc));
    }
    ops.push_back(store(second, 2, w));
    return thread(ops);
  };
  return spawned({writer(x, y), writer(y, x)});
}
Program wrc(std::memory_order wy, std::memory_order ry) {
  return spawned({thread({store(x, 1, rlx)}), thread({load(x, 0, rlx), store(y, 1, wy)}),
                  thread({load(y, 0, ry), load(x, 1, rlx)})});
}
// Wx; Wy=1 (or a release fence, then Wy=1 relaxed) ‖ `middle` ‖ Ry acq; Rx.
Program release_sequence(bool fenced, Op middle) {
  std::vector<Op> writer{store(x, 1, rlx)};
  if (fenced) {
    writer.push_back(fence(rel));
  }
  writer.push_back(store(y, 1, fenced ? rlx : rel));
  return spawned({thread(writer), thread({middle}), thread({load(y, 0, acq), load(x, 1, rlx)})});
}

std::vector<Classic> classics() {
  const std::string sb_weak = "t1[r0=0] t2[r0=0]";
  const std::string mp_weak = "t2[r0=1 r1=0]";
  const std::string iriw_weak = "t3[r0=1 r1=0] t4[r0=1 r1=0]";
  const std::string rs_weak = "t2[r0=1] t3[r0=2 r1=0]";
  return {
      {"SB+rlx", sb(rlx, rlx), 4, sb_weak, true},
      {"SB+rel+acq", sb(rel, acq), 4, sb_weak, true},
      {"SB sc stores, acq loads", sb(sc, acq), 4, sb_weak, true},
      {"SB+sc", sb(sc, sc), 3, sb_weak, false},
      {"SB+fence.sc", sb_fenced(sc), 3, sb_weak, false},
      {"SB+fence.acq_rel", sb_fenced(acq_rel), 4, sb_weak, true},
      {"SB fence one side, sc other",
       spawned({thread({store(x, 1, rlx), fence(sc), load(y, 0, rlx)}),
                thread({store(y, 1, sc), load(x, 0, sc)})}),
       3, sb_weak, false},
      {"MP+rlx", mp(rlx, rlx, rlx, rlx), 4, mp_weak, true},
      {"MP+rel+acq", mp(rlx, rel, acq, rlx), 3, mp_weak, false},
      {"MP+rel+rlx", mp(rlx, rel, rlx, rlx), 4, mp_weak, true},
      {"MP+rlx+acq", mp(rlx, rlx, acq, rlx), 4, mp_weak, true},
      {"MP+fence.rel+fence.acq",
       mp_fenced({store(x, 1, rlx), fence(rel), store(y, 1, rlx)},
                 {load(y, 0, rlx), fence(acq), load(x, 1, rlx)}),
       3, mp_weak, false},
      {"MP+fence.sc+fence.sc",
       mp_fenced({store(x, 1, rlx), fence(sc), store(y, 1, rlx)},
                 {load(y, 0, rlx), fence(sc), load(x, 1, rlx)}),
       3, mp_weak, false},
      {"MP+rel+fence.acq",
       mp_fenced({store(x, 1, rlx), store(y, 1, rel)},
                 {load(y, 0, rlx), fence(acq), load(x, 1, rlx)}),
       3, mp_weak, false},
      {"MP+fence.rel+acq",
       mp_fenced({store(x, 1, rlx), fence(rel), store(y, 1, rlx)},
                 {load(y, 0, acq), load(x, 1, rlx)}),
       3, mp_weak, false},
      {"LB+rlx",
       spawned({thread({load(x, 0, rlx), store(y, 1, rlx)}),
                thread({load(y, 0, rlx), store(x, 1, rlx)})}),
       3, "t1[r0=1] t2[r0=1]", false},
      {"IRIW+rlx", iriw(rlx, rlx), 16, iriw_weak, true},
      {"IRIW+rel+acq", iriw(rel, acq), 16, iriw_weak, true},
      {"IRIW rel writes, sc reads", iriw(rel, sc), 16, iriw_weak, true},
      {"IRIW+sc", iriw(sc, sc), 15, iriw_weak, false},
      {"IRIW+rlx+fence.sc", iriw(rlx, rlx, true), 15, iriw_weak, false},
      {"2+2W+rlx", two_plus_two_w(rlx), 4, "x=1 y=1 |", true},
      {"2+2W+rel", two_plus_two_w(rel), 4, "x=1 y=1 |", true},
      {"2+2W+sc", two_plus_two_w(sc), 3, "x=1 y=1 |", false},
      {"2+2W+fence.sc", two_plus_two_w(rlx, true), 3, "x=1 y=1 |", false},
      {"WRC+rlx", wrc(rlx, rlx), 8, "t2[r0=1] t3[r0=1 r1=0]", true},
      {"WRC+rel+acq", wrc(rel, acq), 7, "t2[r0=1] t3[r0=1 r1=0]", false},
      {"CoRR", spawned({thread({store(x, 1, rlx)}), thread({load(x, 0, rlx), load(x, 1, rlx)})}), 3,
       "t2[r0=1 r1=0]", false},
      {"CoWW", spawned({thread({store(x, 1, rlx), store(x, 2, rlx)})}), 1, "x=1 ", false},
      {"CoRW2", spawned({thread({load(x, 0, rlx), store(x, 1, rlx)}), thread({store(x, 2, rlx)})}),
       3, "x=2 y=0 | t0[] t1[r0=2]", false},
      {"CoWR", spawned({thread({store(x, 1, rlx), load(x, 0, rlx)}), thread({store(x, 2, rlx)})}),
       3, "x=1 y=0 | t0[] t1[r0=2]", false},
      {"RMW atomicity",
       spawned({thread({fetch_add(x, 1, 0, rlx)}), thread({fetch_add(x, 1, 0, rlx)})}), 2, "x=1 ",
       false},
      {"RMW vs store", spawned({thread({exchange(x, 1, 0, rlx)}), thread({store(x, 2, rlx)})}), 2,
       "x=1 y=0 | t0[] t1[r0=0]", false},
      {"RS through RMW", release_sequence(false, fetch_add(y, 1, 0, rlx)), 9, rs_weak, false},
      {"RS, rel fence + RMW", release_sequence(true, fetch_add(y, 1, 0, rlx)), 9, rs_weak, false},
      {"RS broken by a plain store", release_sequence(false, store(y, 2, rlx)), 10, "t3[r0=2 r1=0]",
       true},
      // §8.1: C++20 release sequences (GenMC's 5/1; herd's 2017 rs gives 4/0).
      {"RS+po",
       spawned({thread({store(x, 1, rlx), store(y, 1, rel), store(y, 2, rlx)}),
                thread({load(y, 0, acq), load(x, 1, rlx)})}),
       5, "t2[r0=2 r1=0]", true},
      // The paper's example, herd's 24/1 (scb with its location restriction, §8.2).
      {"Z6.U",
       spawned({thread({store(x, 1, sc), store(y, 1, rel)}),
                thread({fetch_add(y, 1, 0, sc), load(y, 1, rlx)}),
                thread({store(y, 3, sc), load(x, 0, sc)})}),
       24, "t2[r0=1 r1=3] t3[r0=0]", true},
  };
}

bool has_outcome(const OutcomeSet& outcomes, const std::string& piece) {
  return std::any_of(outcomes.begin(), outcomes.end(),
                     [&](const std::string& o) { return o.find(piece) != std::string::npos; });
}

TEST(Rc11Axiomatic, ClassicTestsGiveTheGuidesCounts) {
  for (const Classic& c : classics()) {
    const AxiomaticEnumeration e = enumerate_axiomatic(c.program, Axioms::rc11);
    EXPECT_TRUE(e.complete) << c.name;
    EXPECT_EQ(e.graphs, c.executions) << c.name << "\n" << to_cpp(c.program);
    EXPECT_EQ(has_outcome(e.outcomes, c.weak), c.allowed)
        << c.name << ": the weak outcome `" << c.weak << "`\n"
        << to_cpp(c.program);
  }
}

// Under SC every classic keeps only its SC executions: the weak outcome is never there (but in
// "RS broken by a plain store", where T3 may read y=2 and x=0 before T1 runs).
TEST(Rc11Axiomatic, ClassicTestsUnderScLoseTheWeakOutcome) {
  for (const Classic& c : classics()) {
    const AxiomaticEnumeration e = enumerate_axiomatic(c.program, Axioms::sc);
    const bool sc_reachable = std::string(c.name) == "RS broken by a plain store";
    EXPECT_EQ(has_outcome(e.outcomes, c.weak), sc_reachable) << c.name;
    EXPECT_LE(e.graphs, c.executions) << c.name;
  }
}

TEST(Oracle, Rc11ClassicTestsWeftAgrees) {
  for (const Classic& c : classics()) {
    const Comparison result = compare(c.program, SpinForm::until, 200'000, Model::rc11);
    EXPECT_TRUE(result.ok()) << c.name << "\n" << describe(c.program, result);
  }
}

}  // namespace
}  // namespace weft::model::oracle
