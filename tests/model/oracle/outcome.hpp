// Outcomes of an oracle program, as text so that the two sides compare as sets of strings and a
// difference prints as it is:
//   complete  x=1 y=0 | t0[r0=1 r1=0] t1[]      every thread finished: memory and registers
//   deadlock  x=1 y=0 | unfinished t0 t2       nobody can move, nobody spins
//   liveness  x=1 y=0 | unfinished t1          every unfinished thread is stuck, one spins

#pragma once

#include <set>
#include <string>
#include <vector>

namespace weft::model::oracle {

using OutcomeSet = std::set<std::string>;

enum class StuckKind : unsigned char { deadlock, liveness };

std::string complete_outcome(const std::vector<int>& memory,
                             const std::vector<std::vector<int>>& registers);
std::string stuck_outcome(StuckKind kind, const std::vector<int>& memory,
                          const std::vector<bool>& finished);

// How many outcomes of `set` start with `kind` ("complete", "deadlock", "liveness").
std::size_t count_kind(const OutcomeSet& set, const std::string& kind);

}  // namespace weft::model::oracle
