// The relations and axioms of RC11 and SC over one candidate graph, formula by formula from the
// RC11 guide (§2 relations, §3 axioms); see axioms.hpp.

#include "axioms.hpp"

#include <algorithm>

namespace weft::model::oracle::axiomatic {

// ---- Relation ----

Relation Relation::identity(std::size_t size, Mask on) {
  Relation r(size);
  for (std::size_t a = 0; a < size; ++a) {
    if (((on >> a) & 1U) != 0) {
      r.add(a, a);
    }
  }
  return r;
}

Relation& Relation::operator|=(const Relation& other) {
  for (std::size_t a = 0; a < size(); ++a) {
    rows_[a] |= other.rows_[a];
  }
  return *this;
}

Relation Relation::operator|(const Relation& other) const {
  Relation r = *this;
  r |= other;
  return r;
}

Relation Relation::operator&(const Relation& other) const {
  Relation r = *this;
  for (std::size_t a = 0; a < size(); ++a) {
    r.rows_[a] &= other.rows_[a];
  }
  return r;
}

Relation Relation::minus(const Relation& other) const {
  Relation r = *this;
  for (std::size_t a = 0; a < size(); ++a) {
    r.rows_[a] &= ~other.rows_[a];
  }
  return r;
}

Relation Relation::then(const Relation& other) const {
  Relation r(size());
  for (std::size_t a = 0; a < size(); ++a) {
    for (Mask m = rows_[a]; m != 0; m &= m - 1) {
      r.rows_[a] |= other.rows_[static_cast<std::size_t>(__builtin_ctzll(m))];
    }
  }
  return r;
}

Relation Relation::inverse() const {
  Relation r(size());
  for (std::size_t a = 0; a < size(); ++a) {
    for (Mask m = rows_[a]; m != 0; m &= m - 1) {
      r.add(static_cast<std::size_t>(__builtin_ctzll(m)), a);
    }
  }
  return r;
}

Relation Relation::plus() const {
  Relation r = *this;  // Warshall, a row at a time
  for (std::size_t k = 0; k < size(); ++k) {
    const Mask bit = Mask{1} << k;
    for (std::size_t a = 0; a < size(); ++a) {
      if ((r.rows_[a] & bit) != 0) {
        r.rows_[a] |= r.rows_[k];
      }
    }
  }
  return r;
}

Relation Relation::optional() const {
  Relation r = *this;
  for (std::size_t a = 0; a < size(); ++a) {
    r.add(a, a);
  }
  return r;
}

Relation Relation::from(Mask domain) const {
  Relation r = *this;
  for (std::size_t a = 0; a < size(); ++a) {
    if (((domain >> a) & 1U) == 0) {
      r.rows_[a] = 0;
    }
  }
  return r;
}

Relation Relation::to(Mask range) const {
  Relation r = *this;
  for (Mask& row : r.rows_) {
    row &= range;
  }
  return r;
}

bool Relation::irreflexive() const {
  for (std::size_t a = 0; a < size(); ++a) {
    if (has(a, a)) {
      return false;
    }
  }
  return true;
}

bool Relation::empty() const {
  return std::all_of(rows_.begin(), rows_.end(), [](Mask m) { return m == 0; });
}

// ---- event sets (§0, §1) ----

namespace {

bool is_read(const Event& e) {
  return e.kind == Kind::read;
}
bool is_write(const Event& e) {
  return e.kind == Kind::write || e.kind == Kind::init;
}
bool is_fence(const Event& e) {
  return e.kind == Kind::fence;
}
bool is_access(const Event& e) {
  return is_read(e) || is_write(e);
}

// E⊒rel: release, acq_rel, seq_cst (relaxed fences and thread events are none of these).
bool at_least_release(const Event& e) {
  return e.mode == std::memory_order_release || e.mode == std::memory_order_acq_rel ||
         e.mode == std::memory_order_seq_cst;
}
// E⊒acq: acquire, acq_rel, seq_cst, and consume (treated as acquire, §8.4).
bool at_least_acquire(const Event& e) {
  return e.mode == std::memory_order_acquire || e.mode == std::memory_order_acq_rel ||
         e.mode == std::memory_order_seq_cst || e.mode == std::memory_order_consume;
}
// E^sc: seq_cst accesses and seq_cst fences.
bool is_sc(const Event& e) {
  return (is_access(e) || is_fence(e)) && e.mode == std::memory_order_seq_cst;
}

template <class Pred>
Mask events_where(const Graph& g, Pred pred) {
  Mask m = 0;
  for (std::size_t a = 0; a < g.size(); ++a) {
    if (pred(g.events[a])) {
      m |= Mask{1} << a;
    }
  }
  return m;
}

// Pairs of accesses to one location (a fence or thread event has none).
Relation same_location(const Graph& g) {
  Relation r(g.size());
  for (std::size_t a = 0; a < g.size(); ++a) {
    for (std::size_t b = 0; b < g.size(); ++b) {
      if (g.events[a].location >= 0 && g.events[a].location == g.events[b].location) {
        r.add(a, b);
      }
    }
  }
  return r;
}

Relation identity(const Graph& g, Mask on) {
  return Relation::identity(g.size(), on);
}

// rb = (rf⁻¹ ; mo) \ id
Relation reads_before(const Graph& g) {
  return g.rf.inverse().then(g.mo).minus(identity(g, ~Mask{0}));
}

// eco = (rf ∪ mo ∪ rb)+
Relation extended_coherence(const Graph& g) {
  return (g.rf | g.mo | reads_before(g)).plus();
}

// rs = [W⊒rlx] ; (rf;rmw)*   (C++20: no same-thread later writes)
Relation release_sequence(const Graph& g) {
  const Mask atomic_writes = events_where(g, is_write);  // every write here is atomic
  return g.rf.then(g.rmw).star().from(atomic_writes);
}

// sw = [E⊒rel] ; ([F];sb)? ; rs ; rf ; [R⊒rlx] ; (sb;[F])? ; [E⊒acq]
Relation synchronizes_with(const Graph& g) {
  const Mask releases = events_where(g, at_least_release);
  const Mask acquires = events_where(g, at_least_acquire);
  const Mask fences = events_where(g, is_fence);
  const Mask atomic_reads = events_where(g, is_read);  // every read here is atomic
  // [E⊒rel];([F];sb)? = [E⊒rel] ∪ [E⊒rel ∩ F];sb
  const Relation release_side = identity(g, releases) | g.sb.from(releases & fences);
  // (sb;[F])?;[E⊒acq] = [E⊒acq] ∪ sb;[F ∩ E⊒acq]
  const Relation acquire_side = identity(g, acquires) | g.sb.to(fences & acquires);
  return release_side.then(release_sequence(g)).then(g.rf.to(atomic_reads)).then(acquire_side);
}

}  // namespace

// ---- §2 relations and §3 axioms ----

// hb = (sb ∪ sw ∪ spawn/join)+
Relation happens_before(const Graph& g) {
  return (g.sb | synchronizes_with(g) | g.sj).plus();
}

// sb ∪ rf acyclic
bool no_thin_air(const Graph& g) {
  return (g.sb | g.rf).acyclic();
}

// hb ; eco? irreflexive
bool coherent(const Graph& g, const Relation& hb) {
  return hb.then(extended_coherence(g).optional()).irreflexive();
}

// rmw ∩ (rb ; mo) = ∅
bool atomic_rmws(const Graph& g) {
  return (g.rmw & reads_before(g).then(g.mo)).empty();
}

// psc = psc_base ∪ psc_F acyclic, where
//   scb      = sb ∪ sb|≠loc;hb;sb|≠loc ∪ hb|loc ∪ mo ∪ rb
//   psc_base = ([E^sc] ∪ [F^sc];hb?) ; scb ; ([E^sc] ∪ hb?;[F^sc])
//   psc_F    = [F^sc] ; (hb ∪ hb;eco;hb) ; [F^sc]
bool psc_acyclic(const Graph& g, const Relation& hb) {
  const Mask sc = events_where(g, is_sc);
  const Mask sc_fences = sc & events_where(g, is_fence);
  if (sc == 0) {
    return true;  // psc is empty
  }
  const Relation loc = same_location(g);
  const Relation sb_other_loc = g.sb.minus(loc);
  const Relation scb =
      g.sb | sb_other_loc.then(hb).then(sb_other_loc) | (hb & loc) | g.mo | reads_before(g);
  const Relation left = identity(g, sc) | hb.optional().from(sc_fences);
  const Relation right = identity(g, sc) | hb.optional().to(sc_fences);
  const Relation psc_base = left.then(scb).then(right);
  const Relation psc_f =
      (hb | hb.then(extended_coherence(g)).then(hb)).from(sc_fences).to(sc_fences);
  return (psc_base | psc_f).acyclic();
}

// sb ∪ spawn/join ∪ rf ∪ mo ∪ rb acyclic
bool sc_acyclic(const Graph& g) {
  return (g.sb | g.sj | g.rf | g.mo | reads_before(g)).acyclic();
}

bool rc11_consistent(const Graph& g) {
  if (!no_thin_air(g) || !atomic_rmws(g)) {
    return false;
  }
  const Relation hb = happens_before(g);
  return coherent(g, hb) && psc_acyclic(g, hb);
}

bool sc_consistent(const Graph& g) {
  return sc_acyclic(g) && atomic_rmws(g);
}

}  // namespace weft::model::oracle::axiomatic
