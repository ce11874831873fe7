// The consistency axioms of the axiomatic oracle (axiomatic_enumerator.hpp), written as relations
// over one small execution graph, from /work/shared/guides/rc11.md §2-§3 and independently of
// weft's src/model/memory: boolean matrices of at most 64 events, one bit mask per row.
//
//   RC11: coherence (hb;eco? irreflexive), atomicity (rmw ∩ rb;mo = ∅), SC (psc = psc_base ∪
//         psc_F acyclic, scb with its location restriction), no-thin-air (sb ∪ rf acyclic);
//         hb = (sb ∪ sw ∪ spawn/join)+ with C++20 release sequences rs = [W⊒rlx];(rf;rmw)*; a
//         consume read counts as acquire (the guide's §8.4 recommendation, as weft does).
//   SC:   sb ∪ spawn/join ∪ rf ∪ mo ∪ rb acyclic, and atomicity.

#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::model::oracle::axiomatic {

using Mask = std::uint64_t;  // a set of events

// A binary relation over events 0 .. size-1 (size <= 64).
class Relation {
 public:
  explicit Relation(std::size_t size = 0) : rows_(size, 0) {}
  static Relation identity(std::size_t size, Mask on);

  std::size_t size() const { return rows_.size(); }
  bool has(std::size_t a, std::size_t b) const { return ((rows_[a] >> b) & 1U) != 0; }
  void add(std::size_t a, std::size_t b) { rows_[a] |= Mask{1} << b; }
  void remove(std::size_t a, std::size_t b) { rows_[a] &= ~(Mask{1} << b); }
  Mask row(std::size_t a) const { return rows_[a]; }
  void clear_row(std::size_t a) { rows_[a] = 0; }

  Relation& operator|=(const Relation& other);
  Relation operator|(const Relation& other) const;
  Relation operator&(const Relation& other) const;
  Relation minus(const Relation& other) const;
  Relation then(const Relation& other) const;  // this ; other
  Relation inverse() const;
  Relation plus() const;      // transitive closure
  Relation optional() const;  // reflexive closure
  Relation star() const { return plus().optional(); }
  Relation from(Mask domain) const;  // [domain] ; this
  Relation to(Mask range) const;     // this ; [range]
  bool irreflexive() const;
  bool acyclic() const { return plus().irreflexive(); }
  bool empty() const;

 private:
  std::vector<Mask> rows_;
};

enum class Kind : std::uint8_t { init, read, write, fence, start, end, spawn, join };

struct Event {
  Kind kind = Kind::start;
  int thread = -1;    // -1: an initial write
  int location = -1;  // reads and writes only
  std::memory_order mode = std::memory_order_relaxed;
  int value = 0;  // read: the value read; write: the value written; spawn, join: the child
};

// A candidate execution graph: its events and base relations.
struct Graph {
  std::vector<Event> events;
  Relation sb;   // program order, transitive; initial writes before every other event
  Relation sj;   // spawn -> the child's start, the child's end -> join
  Relation rf;   // write -> read
  Relation mo;   // per location, strict total order, transitive; initial write first
  Relation rmw;  // an RMW's read -> its write

  std::size_t size() const { return events.size(); }
};

// The relations that do not depend on mo (computed once per rf).
Relation happens_before(const Graph& g);
bool no_thin_air(const Graph& g);

// Each monotone in mo: true on a graph with only part of mo implies nothing, false on it means
// false for every completion (so the enumerator prunes with them location by location).
bool coherent(const Graph& g, const Relation& hb);
bool atomic_rmws(const Graph& g);
bool psc_acyclic(const Graph& g, const Relation& hb);
bool sc_acyclic(const Graph& g);

// The whole verdicts.
bool rc11_consistent(const Graph& g);
bool sc_consistent(const Graph& g);

}  // namespace weft::model::oracle::axiomatic
