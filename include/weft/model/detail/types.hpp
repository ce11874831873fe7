// weft/model/detail/types.hpp: small value types shared by the model API and the runtime.
// Internal: not part of weft's public interface.

#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

namespace weft::model::detail {

// Every modelled value travels as 64 bits, zero-extended from its type's width.
using Value = std::uint64_t;

// A location's identity, stable across the re-runs of an execution: the thread that created it
// and how many locations that thread had created before.
struct LocationId {
  std::uint32_t thread = 0;
  std::uint32_t index = 0;
  friend auto operator<=>(LocationId, LocationId) = default;
};

// wait_queue: the hidden companion of every atomic, where atomic::wait sleeps and notify wakes
// (defined right after its atomic, so its index is the atomic's plus one).
enum class LocationKind : std::uint8_t { atomic, cell, wait_queue };

// The read-modify-write operations of std::atomic. Values are zero-extended bit patterns, so
// the operations that depend on how the bits are read say so: max/min compare them as signed
// or unsigned integers of the location's width, float_add/float_sub add them as a float (4
// bytes) or a double (8 bytes).
enum class RmwOp : std::uint8_t {
  exchange,
  add,
  sub,
  bit_and,
  bit_or,
  bit_xor,
  cas,
  max_signed,
  max_unsigned,
  min_signed,
  min_unsigned,
  float_add,
  float_sub,
};

// Where in the user's source an operation was called. Used as a defaulted last parameter,
// `SourceLine where = SourceLine::current()`, it captures the caller's file and line (like
// std::source_location, which Clang 14 cannot provide with libstdc++).
struct SourceLine {
  const char* file = nullptr;
  std::uint32_t line = 0;

  static constexpr SourceLine current(const char* file = __builtin_FILE(),
                                      int line = __builtin_LINE()) noexcept {
    return SourceLine{file, static_cast<std::uint32_t>(line)};
  }
};

// Whether a value a waiting load may read ends its loop (atomic::spin_until): a callable seen
// through a function pointer, valid for the duration of one load_until call.
struct ValueFilter {
  bool (*call)(const void* self, Value v);
  const void* self;
  bool operator()(Value v) const { return call(self, v); }
};

}  // namespace weft::model::detail

namespace weft::model {

namespace detail {
template <class T>
struct difference_type_of {
  using type = T;
};
template <class T>
struct difference_type_of<T*> {
  using type = std::ptrdiff_t;
};
}  // namespace detail

// The argument type of atomic<T>::fetch_add: T for integers, std::ptrdiff_t for pointers.
template <class T>
using difference_type_for = typename detail::difference_type_of<T>::type;

}  // namespace weft::model
