// The programs of the SC completeness oracle: a few threads of small operations on 1-3 shared
// atomic<int> locations, as a tree that the generator builds, the brute-force enumerator
// compiles, the weft interpreter runs, and the shrinker cuts down. Every value an operation
// produces goes to a register of its thread (registers start at 0; each producing operation has
// its own), so that two runs can be compared by their registers and final memory. Every access
// and fence carries a std::memory_order (families A and B: seq_cst throughout).

#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace weft::model::oracle {

// Family A: atomic::wait, notify_one/notify_all and spin loops (plus loads, stores, branches).
// Family B: RMWs and CAS (plus loads, stores, branches, and spin loops of one CAS or one load).
// Family C: weak memory orders: loads, stores, RMWs, CAS and fences of random orders, branches,
// spin loops of one load (awaits); no waits (for the RC11 oracle, axiomatic_enumerator.hpp).
enum class Family : std::uint8_t { waits, rmws, weak };

const char* family_name(Family family);  // "A", "B" or "C"

// A constant or a register of the same thread.
struct Operand {
  bool is_register = false;
  int value = 0;  // the constant, or the register's number
};

// One conjunct of a spin loop's predicate, evaluated in order with short-circuit: a load
// compared with a constant, or a CAS that must succeed (only ever the last conjunct, so that an
// iteration writes only when it ends the loop).
struct Condition {
  bool is_cas = false;
  int location = 0;
  int reg = 0;        // the value loaded; CAS: the old value
  int ok_reg = 0;     // CAS: 1 if it succeeded
  int value = 0;      // load: the constant it is compared with
  bool equal = true;  // load: the conjunct is `reg == value` (else `reg != value`)
  Operand expected;   // CAS
  Operand desired;    // CAS
  // load: its order (family C; seq_cst elsewhere). Family C's spin loops are one load each.
  std::memory_order order = std::memory_order_seq_cst;
};

enum class OpKind : std::uint8_t {
  load,        // reg = x.load()
  store,       // x.store(a)
  fetch_add,   // reg = x.fetch_add(a)
  exchange,    // reg = x.exchange(a)
  cas,         // reg = old value, ok_reg = x.compare_exchange_strong(a -> b)
  branch,      // if (reg == value) { then_ops } else { else_ops }
  wait,        // x.wait(a)
  notify_one,  // x.notify_one()
  notify_all,  // x.notify_all()
  spin,        // spin_until(conditions): every call of the predicate is one iteration
  fence,       // weft::model::fence(order)
};

struct Op {
  OpKind kind = OpKind::load;
  int location = 0;
  int reg = 0;     // load, fetch_add, exchange, cas: the old value; branch: the register tested
  int ok_reg = 0;  // cas
  Operand a;       // store, fetch_add, exchange: the operand; cas: expected; wait: old value
  Operand b;       // cas: desired
  int value = 0;   // branch: the constant compared with
  std::vector<Op> then_ops;
  std::vector<Op> else_ops;
  std::vector<Condition> conditions;  // spin
  // load, store, fetch_add, exchange, fence; cas: on success.
  std::memory_order order = std::memory_order_seq_cst;
  std::memory_order failure = std::memory_order_seq_cst;  // cas: on failure
  // cas (family C only): compare_exchange_weak, which may fail spuriously when it reads its
  // expected value (at most one per thread and location, so that no retry of a spurious failure
  // on the same write arises: weft fails that retry only once, docs/limitations.md).
  bool weak = false;
};

struct ThreadProgram {
  std::vector<Op> ops;
  int registers = 0;  // r0 .. r(registers-1)
};

// threads[0] is the main thread: it creates the locations, spawns threads 1.. in order, runs
// its own ops (possibly none), then joins threads 1.. in order.
struct Program {
  Family family = Family::waits;
  std::uint64_t seed = 0;
  bool shrunk = false;       // cut down from the generated program `seed`
  std::vector<int> initial;  // one initial value per location
  std::vector<ThreadProgram> threads;
};

// How a spin loop is written in C++: weft::model::spin_until(pred), or the hand-written
// `for (;;) { if (pred()) break; weft::model::spin_loop(); }`, or (value) a loop whose one
// condition is a load as `r = x.spin_until([](int v) { return v == c; })`, other loops as
// spin_until(pred).
enum class SpinForm : unsigned char { until, loop, value };

// Whether the spin loop `op` is written as atomic::spin_until under SpinForm::value.
bool is_value_spin(const Op& op);

// Whether the program has a spin loop, a wait or a notify (else it is loop-free: the axiomatic
// enumerator's domain).
bool has_loops_or_waits(const Program& program);

// The location's name in printed programs and outcomes: x, y, z.
const char* location_name(int location);

// The registers a spin loop's predicate assigns (reset to 0 at the start of every iteration).
std::vector<int> loop_registers(const Op& spin);

// Whether every register the program names is below its thread's `registers`.
bool registers_in_range(const Program& program);

// How many operations (conditions of spin loops included) the program has: the size the
// shrinker minimises.
int size_of(const Program& program);

// The program as readable C++ (weft::model API), with its family and seed.
std::string to_cpp(const Program& program, SpinForm spin = SpinForm::until);

}  // namespace weft::model::oracle
