// Formatting of oracle outcomes.

#include "outcome.hpp"

#include <fmt/format.h>

#include "program.hpp"

namespace weft::model::oracle {

namespace {

std::string memory_text(const std::vector<int>& memory) {
  std::string out;
  for (std::size_t l = 0; l < memory.size(); ++l) {
    out += fmt::format("{}{}={}", l == 0 ? "" : " ", location_name(static_cast<int>(l)), memory[l]);
  }
  return out;
}

}  // namespace

std::string complete_outcome(const std::vector<int>& memory,
                             const std::vector<std::vector<int>>& registers) {
  std::string out = "complete  " + memory_text(memory) + " |";
  for (std::size_t t = 0; t < registers.size(); ++t) {
    out += fmt::format(" t{}[", t);
    for (std::size_t r = 0; r < registers[t].size(); ++r) {
      out += fmt::format("{}r{}={}", r == 0 ? "" : " ", r, registers[t][r]);
    }
    out += ']';
  }
  return out;
}

std::string stuck_outcome(StuckKind kind, const std::vector<int>& memory,
                          const std::vector<bool>& finished) {
  std::string out = kind == StuckKind::deadlock ? "deadlock  " : "liveness  ";
  out += memory_text(memory) + " | unfinished";
  for (std::size_t t = 0; t < finished.size(); ++t) {
    if (!finished[t]) {
      out += fmt::format(" t{}", t);
    }
  }
  return out;
}

std::size_t count_kind(const OutcomeSet& set, const std::string& kind) {
  std::size_t n = 0;
  for (const std::string& o : set) {
    if (o.compare(0, kind.size(), kind) == 0) {
      ++n;
    }
  }
  return n;
}

}  // namespace weft::model::oracle
