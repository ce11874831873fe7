// weft::litmus::parse: reads a herd7 C litmus test (../shared/litmus/FORMAT.md) into a Test.
//
// A hand-written lexer and recursive-descent parser. It reads the C11 part of herd's format:
// the header `C <name>`, `(* *)` comments and `key=value` lines before the init block, the init
// block, the threads `P<n>(T* loc, ...) { ... }` and the condition part (`regions:`, which is
// skipped, `locations [...]`, `filter <prop>`, then `exists`, `~exists`, `not exists`, `forall`
// or `final`). A file without a condition reads as `forall (true)`, as herd does. It also reads
// the 128-bit integer types (`__int128`, `__int128_t`, `__uint128_t`; every value must still fit
// in int64) and the few Linux-kernel forms of the corpus: `atomic_t`, `ATOMIC_INIT(v)` as an
// initial value, `WRITE_ONCE(*x, v)` / `READ_ONCE(*x)` as plain accesses (herd's C11 mapping)
// and `__atomic_add_unless{mb}(x, a, u)`.
//
// What it rejects, each with the first error's position: the other Linux-kernel macros
// (`smp_mb`, `spin_lock`, ...), the other herd-internal forms (`__load{..}`, ...), unknown types
// (`int128_t`), mutexes, pointer values in the init block, `cases`/`observed`, and the C that
// herd's C subset lacks (`for`, `&&`, `||`, `!`, unary minus, `++`, `+=`, `return`, unknown
// functions). Names are checked: a thread accesses only its parameters, uses only the
// registers it declared before, and the condition names only locations and declared registers.
// Inputs over 1 MiB, integers outside int64 and nesting deeper than 200 are errors, so no input
// crashes, hangs or exhausts the stack.

#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "litmus/ast.hpp"

namespace weft::litmus {

// ParseError: where the first error is (1-based line and column, in bytes, of `text`) and what.
struct ParseError {
  int line = 0;
  int column = 0;
  std::string message;
};

// parse: the test in `text`, or the first error in it. Never throws on any input.
std::variant<Test, ParseError> parse(std::string_view text);

// format_error: "file:line:col: message", the way compilers print it.
std::string format_error(std::string_view file, const ParseError& e);

}  // namespace weft::litmus
