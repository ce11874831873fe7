// weft::litmus: a herd7 C litmus test as the parser reads it (../shared/litmus/FORMAT.md).
//
// The parser (parser.hpp) fills these; the interpreter (interpreter.hpp) runs them as
// weft::model threads. Locations are named by their names in the init block, the thread
// parameters and the condition (herd's parameter names are the locations' names). Whether an
// access is atomic is decided by its syntax, never by the declared type (FORMAT.md §3): `*x`
// is a plain access even on an `atomic_int*`, and so are the kernel's WRITE_ONCE and READ_ONCE
// (herd's rc11 answer for SB+onces has a data race). 128-bit types read as integer types: all
// values are int64.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace weft::litmus {

// 1-based line and column of the first character of a construct in the test file.
struct SourcePos {
  int line = 0;
  int column = 0;
};

enum class Order : std::uint8_t { relaxed, consume, acquire, release, acq_rel, seq_cst };

enum class BinaryOp : std::uint8_t {
  add,
  sub,
  mul,
  div,
  bit_and,
  bit_or,
  bit_xor,  // arithmetic
  eq,
  ne,
  lt,
  gt,
  le,
  ge,  // comparisons: 1 or 0
};

enum class RmwOp : std::uint8_t { exchange, fetch_add, fetch_sub, fetch_or, fetch_and, fetch_xor };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind : std::uint8_t {
    constant,     // `value`
    local,        // `name`: a register of this thread
    plain_load,   // `*name` / READ_ONCE(*name): non-atomic read of location `name`
    atomic_load,  // atomic_load_explicit(name, order) / atomic_load(name): seq_cst
    rmw,          // atomic_<rmw>_explicit(name, operand, order): the old value
    cas,          // atomic_compare_exchange_<strong|weak>[_explicit](name, expected, operand,
                  //   order, failure_order): 1 on success, 0 on failure
    binary,       // lhs op rhs
    add_unless,   // __atomic_add_unless{mb}(name, rhs, lhs): Linux's atomic_add_unless, fully
                  //   ordered: if *name != lhs, atomically *name += rhs; 1 if it added, else 0
  };
  Kind kind = Kind::constant;
  SourcePos pos;
  std::int64_t value = 0;
  std::string name;  // local, or the accessed location
  Order order = Order::seq_cst;
  Order failure_order = Order::seq_cst;  // cas
  RmwOp rmw = RmwOp::exchange;           // rmw
  bool weak = false;                     // cas: may fail spuriously
  std::string expected;         // cas: the location that holds the expected value (read plainly; on
                                // failure the value found is written back to it, plainly)
  BinaryOp op = BinaryOp::add;  // binary
  ExprPtr lhs;                  // binary; add_unless: the value `u` that prevents the add
  ExprPtr rhs;                  // binary; rmw: the operand; cas: the desired value; add_unless:
                                // the addend `a`
};

struct Stmt {
  enum class Kind : std::uint8_t {
    declare,       // `int name;` (value null: 0) or `int name = value;`
    assign,        // `name = value;` (a local)
    plain_store,   // `*name = value;` / WRITE_ONCE(*name, value);
    atomic_store,  // atomic_store_explicit(name, value, order) / atomic_store(name, value)
    fence,         // atomic_thread_fence(order)
    expression,    // `value;` (an RMW or CAS whose result is dropped)
    if_else,       // if (value) then_body [else else_body]
    while_loop,    // while (value) then_body
    block,         // { then_body }
  };
  Kind kind = Kind::block;
  SourcePos pos;
  std::string name;  // declare/assign: the local; plain_store/atomic_store: the location
  ExprPtr value;     // may be null for declare
  Order order = Order::seq_cst;  // atomic_store, fence
  std::vector<Stmt> then_body;
  std::vector<Stmt> else_body;
};

struct Location {
  std::string name;
  std::int64_t initial = 0;  // 0 when the init block does not name it
  SourcePos pos;             // where it is first named
};

struct Thread {
  int index = 0;                    // P<index>
  std::vector<std::string> params;  // the locations it may access, in order
  std::vector<Stmt> body;
  SourcePos pos;
};

// A final location (`x`, `[x]`) or register (`1:r0`) of the condition or of `locations [...]`.
struct StateKey {
  int thread = -1;   // -1: a shared location
  std::string name;  // the location or the register
  friend bool operator==(const StateKey&, const StateKey&) = default;
};

struct Prop {
  enum class Kind : std::uint8_t {
    truth,
    falsity,
    equals,
    not_equals,
    negation,
    conjunction,
    disjunction,
    implication
  };
  Kind kind = Kind::truth;
  StateKey key;                // equals / not_equals
  std::int64_t value = 0;      // equals / not_equals
  std::vector<Prop> operands;  // negation: 1; the others: 2
};

enum class Quantifier : std::uint8_t { exists, not_exists, forall };

struct Test {
  std::string name;                 // from the header line, not the file name
  std::vector<Location> locations;  // init block and thread parameters, first seen first
  std::vector<Thread> threads;      // P0, P1, ... in order
  std::vector<StateKey> printed;    // `locations [...]`: printed, not tested
  std::optional<Prop> filter;       // `filter <prop>`
  Quantifier quantifier = Quantifier::exists;
  Prop condition;
};

}  // namespace weft::litmus
