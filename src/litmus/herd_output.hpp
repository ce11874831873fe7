// weft::litmus output: a test's answer printed the way herd7 prints it, or as one JSON line.
//
// The layout follows herd7 7.58 (herd/top_herd.ml, Printer.pp_stats; the condition printer is
// lib/constrGen.ml, pp_prop and constraints_to_string), with values in decimal (herd's default,
// no -hexa):
//
//   Test SB Allowed                      Allowed (exists), Forbidden (~exists), Required (forall)
//   States 2                             distinct final states, then one line each
//   0:r0=0; 1:r0=1;                      registers n:r, locations [x]; "k=v;" joined by spaces
//   0:r0=1; 1:r0=0;
//   Ok                                   Ok / No; Undef instead when some execution has a race
//   Witnesses
//   Positive: 2 Negative: 1              for ~exists the two counts are swapped
//   Flag *undef*                         only when some execution has a race
//   Condition exists (0:r0=0 /\ 1:r0=0)
//   Observation SB Sometimes 1 2         Never (none satisfies), Always (none falsifies),
//                                        Sometimes; then satisfying and falsifying executions
//   Time SB 0.01                         seconds, two decimals
//                                        a blank line ends the test
//
// herd also prints `Hash=...` when the test file has a Hash= info line; the parsed Test does not
// keep info lines, so it is never printed. `Loop` before the verdict (herd's unrolling bound) has
// no counterpart: weft runs loops to the end.

#pragma once

#include <string>

#include "litmus/ast.hpp"
#include "litmus/interpreter.hpp"

namespace weft::litmus {

// format_prop: `prop` as herd re-prints it. Locations as `[x]=1`, registers as `0:r0=1`,
// `x!=v` as `not (x=v)`, `~p` as `not (p)`, ` /\ `, ` \/ `, ` => `, `true`, `false`. herd's
// parentheses: a disjunction or implication inside a conjunction, an implication inside a
// disjunction, and a conjunction or disjunction inside an implication are parenthesised;
// nothing else is (so `(a /\ b) \/ c` prints as `a /\ b \/ c`, which reads back the same).
std::string format_prop(const Prop& prop);

// format_condition: the test's final condition as herd's `Condition` line has it:
// `exists (P)`, `~exists (P)` or `forall (P)`, P by format_prop. `locations` and `filter` are
// not part of it.
std::string format_condition(const Test& test);

// format_kind: "Allowed" (exists), "Forbidden" (~exists) or "Required" (forall).
std::string format_kind(const Test& test);

// format_herd: herd's report of `answer` (see the file comment), ending with a blank line.
// When the run timed out or failed (answer.timed_out, answer.error) the counts mean nothing:
// the report is then the Test line, `Timeout NAME SECONDS` or `Error NAME: MESSAGE`, the
// Condition line, the Time line and the blank line.
std::string format_herd(const Test& test, const Answer& answer);

// format_json: the same information as format_herd, as one JSON object on one line (no
// newline at the end), keys in this order: name, file, kind, states (an array of
// {"values": {"0:r0": 1, "[x]": 2}, "executions": n}, keys spelled as in herd's state lines),
// verdict ("Ok"/"No": herd's check, also when a race makes herd print Undef), positive and
// negative (the Witnesses counts), race, condition, observation, satisfying and falsifying (the
// Observation counts), seconds (three decimals), timed_out, error ("" when none).
// When the run timed out or failed, states is [] and verdict, positive, negative,
// observation, satisfying and falsifying are null. Strings are escaped as JSON requires;
// bytes that are not UTF-8 become U+FFFD.
std::string format_json(const std::string& file, const Test& test, const Answer& answer);

// format_json_failure: the JSON line of a file that could not be read or parsed: name, kind
// and condition null, error `message`, the other fields as for a failed run.
std::string format_json_failure(const std::string& file, const std::string& message);

}  // namespace weft::litmus
