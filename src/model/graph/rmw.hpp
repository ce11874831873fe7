// What a read-modify-write writes, given what its read part read.

#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>

#include "graph/execution_graph.hpp"

namespace weft::model::graph {

// Truncates `v` to `size` bytes.
inline Value truncate_to(Value v, std::uint8_t size) {
  return size >= 8 ? v : (v & ((Value{1} << (8U * size)) - 1U));
}

// `v` read as a two's-complement integer of `size` bytes (1 to 8).
inline std::int64_t sign_extend(Value v, std::uint8_t size) {
  const unsigned unused = 64U - 8U * size;
  return static_cast<std::int64_t>(v << unused) >> unused;
}

// `a + b` (or `a - b`) where both are the bits of a float (`size` 4) or a double (`size` 8).
inline Value float_sum(Value a, Value b, std::uint8_t size, bool subtract) {
  if (size == 4) {
    const auto x = std::bit_cast<float>(static_cast<std::uint32_t>(a));
    const auto y = std::bit_cast<float>(static_cast<std::uint32_t>(b));
    return std::bit_cast<std::uint32_t>(subtract ? x - y : x + y);
  }
  const auto x = std::bit_cast<double>(a);
  const auto y = std::bit_cast<double>(b);
  return std::bit_cast<Value>(subtract ? x - y : x + y);
}

// The value the RMW writes after reading `old`, or nullopt when it does not write (a CAS whose
// expected value differs, or a weak one that fails spuriously).
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
      if (old != truncate_to(p.expected, size) || p.fails_spuriously) {
        return std::nullopt;
      }
      return truncate_to(p.operand, size);
    case RmwOp::max_signed:
      return sign_extend(p.operand, size) > sign_extend(old, size) ? truncate_to(p.operand, size)
                                                                   : old;
    case RmwOp::max_unsigned:
      return std::max(old, truncate_to(p.operand, size));
    case RmwOp::min_signed:
      return sign_extend(p.operand, size) < sign_extend(old, size) ? truncate_to(p.operand, size)
                                                                   : old;
    case RmwOp::min_unsigned:
      return std::min(old, truncate_to(p.operand, size));
    case RmwOp::float_add:
      return float_sum(old, p.operand, size, false);
    case RmwOp::float_sub:
      return float_sum(old, p.operand, size, true);
  }
  return std::nullopt;
}

// An RMW is two events of one thread: the read part, then (when it writes) the write part.
constexpr EventId rmw_read_of(EventId write_part) {
  return {write_part.thread, write_part.index - 1};
}

// The write part that RMW read `read` has in `g`, or nullopt (not an RMW, or it did not write).
inline std::optional<EventId> rmw_write_of(const ExecutionGraph& g, EventId read) {
  const EventId next{read.thread, read.index + 1};
  if (!g[read].is_rmw || next.index >= g.thread_size(read.thread)) {
    return std::nullopt;
  }
  const Event& e = g[next];
  if (e.kind == EventKind::write && e.is_rmw) {
    return next;
  }
  return std::nullopt;
}

// Calls f(read, write_part) for every RMW of `loc` that reads `source` and wrote, in insertion
// order of the reads. Two of them make a graph that can never be counted (atomicity).
template <class F>
void for_each_rmw_writing_after(const ExecutionGraph& g, LocationId loc, EventId source, F&& f) {
  for (EventId r : g.location(loc).reads) {
    if (g[r].rf == source) {
      if (const std::optional<EventId> part = rmw_write_of(g, r)) {
        f(r, *part);
      }
    }
  }
}

// The write part of RMW read `read` (already given its source and value), or nullopt when the
// RMW does not write (a failed compare-exchange). `size` is the location's width.
inline std::optional<Event> rmw_write_part(const Event& read, std::uint8_t size) {
  const std::optional<Value> result = rmw_result(read.rmw, read.value, size);
  if (!read.is_rmw || !result) {
    return std::nullopt;
  }
  Event w;
  w.kind = EventKind::write;
  w.is_rmw = true;
  w.order = read.order;
  w.location = read.location;
  w.value = *result;
  w.source = read.source;
  return w;
}

}  // namespace weft::model::graph
