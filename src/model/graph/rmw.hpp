// What a read-modify-write writes, given what its read part read.

#pragma once

#include <optional>

#include "graph/event.hpp"

namespace weft::model::graph {

// Truncates `v` to `size` bytes.
inline Value truncate_to(Value v, std::uint8_t size) {
  return size >= 8 ? v : (v & ((Value{1} << (8U * size)) - 1U));
}

// The value the RMW writes after reading `old`, or nullopt when it does not write (a CAS whose
// expected value differs).
inline std::optional<Value> rmw_result(const RmwPayload& p, Value old, std::uint8_t size) {
  switch (p.op) {
    case RmwOp::exchange:
      return truncate_to(p.operand, size);
    case RmwOp::add:
      return truncate_to(old + p.operand, size);
    case RmwOp::sub:
      return truncate_to(old - p.operand, size);
    case RmwOp::bit_and:
      return old & p.operand;
    case RmwOp::bit_or:
      return truncate_to(old | p.operand, size);
    case RmwOp::bit_xor:
      return truncate_to(old ^ p.operand, size);
    case RmwOp::cas:
      if (old != truncate_to(p.expected, size)) {
        return std::nullopt;
      }
      return truncate_to(p.operand, size);
  }
  return std::nullopt;
}

}  // namespace weft::model::graph
