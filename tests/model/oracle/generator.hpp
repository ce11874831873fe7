// Random oracle programs: deterministic in (family, seed), small enough that both weft and the
// brute-force enumerator explore them exhaustively in milliseconds.

#pragma once

#include <cstdint>

#include "program.hpp"

namespace weft::model::oracle {

// 2-4 working threads (the main thread works, or only spawns and joins), 1-3 locations, 1-5
// operations per thread and at most 10 (family A; 9 for B) in all, family A with at most 3 waits
// and 3 notifies; family C: 1-3 operations per thread and at most 7 in all, random memory
// orders; see program.hpp for the families.
Program generate(Family family, std::uint64_t seed);

}  // namespace weft::model::oracle
