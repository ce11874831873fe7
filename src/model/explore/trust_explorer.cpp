#include "explore/trust_explorer.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <utility>

#include "explore/linearize.hpp"
#include "explore/preemptions.hpp"
#include "graph/rmw.hpp"

namespace weft::model::explore {

using graph::EventKind;
using graph::LocationId;
using graph::Stamp;

namespace {

// Does the RMW read `r` succeed when it reads `source`?
bool rmw_succeeds_with(const ExecutionGraph& g, EventId r, EventId source) {
  const Event& e = g[r];
  const auto size = g.location(e.location).size;
  return graph::rmw_result(e.rmw, g.value_of(source, e.location), size).has_value();
}

bool contains(const std::vector<LocationId>& locations, LocationId loc) {
  return std::find(locations.begin(), locations.end(), loc) != locations.end();
}

// Whether the thread's previous access to the location of `read` (a weak compare-exchange) is a
// weak compare-exchange that failed spuriously reading the same write. Its retry then meets the
// same state and does not fail spuriously again: otherwise a retry loop would fail for ever. So
// a weak compare-exchange fails spuriously at most once in a row on one write
// (docs/limitations.md).
bool retries_a_spurious_failure(const ExecutionGraph& g, EventId read) {
  const Event& r = g[read];
  for (std::uint32_t i = read.index; i-- > 0;) {
    const Event& before = g[EventId{read.thread, i}];
    if (before.is_access() && before.location == r.location) {
      return before.kind == EventKind::read && before.rmw.fails_spuriously && before.rf == r.rf;
    }
  }
  return false;
}

}  // namespace

TrustExplorer::TrustExplorer(const memory::MemoryModel& model,
                             std::optional<std::uint32_t> max_preemptions,
                             bool spurious_cas_failures)
    : model_(model),
      rules_(model),
      max_preemptions_(max_preemptions),
      spurious_cas_failures_(spurious_cas_failures) {
  frames_.push_back(Frame{});
}

// The flag is part of the graph: a replay of it blocks the read's thread at the same read (the
// runtime is deterministic), so a write added before that (an RMW's write part, completed when
// an alternative is applied) already takes the read in place.
bool TrustExplorer::await_write(EventId read) {
  if (!in_place_enabled()) {
    return false;
  }
  graph().at(read).awaits_write = true;
  return true;
}

bool TrustExplorer::may_wait_for_write(const ExecutionGraph& g, const Event& cas) const {
  const graph::LocationInfo& info = g.location(cas.location);
  return in_place_enabled() && cas.is_rmw && cas.rmw.op == graph::RmwOp::cas &&
         info.kind == graph::LocationKind::atomic && !info.holds_pointers;
}

// A compare-exchange that fails on the newest write changes nothing another thread can read; in
// a spin_until or lock iteration its iteration ends blocked. GenMC does not add such a read but
// lets the thread wait for the next write to the location (removeCASReadIfBlocks); weft does
// the same, as a choice of schedule: which thread adds the next event is free in TruSt as long
// as it depends on the graph alone, and this does (the thread's next operation and the newest
// write). The read is added, with all its sources, once a write comes or no other thread can
// run (runtime::Execution). (Deferring every compare-exchange, one-shot ones too, reached one
// live-locked graph on two paths: OracleFixed.WithdrawnCasAddedAgainWhenNothingElseRuns.)
bool TrustExplorer::defers_failing_cas(const Event& cas) {
  const ExecutionGraph& g = graph();
  if (!may_wait_for_write(g, cas)) {
    return false;
  }
  const Value newest = g.value_of(g.co_max(cas.location), cas.location);
  return !graph::rmw_result(cas.rmw, newest, g.location(cas.location).size).has_value();
}

// GenMC's removeCASReadIfBlocks on a revisit: a compare-exchange that a revisit made fail, and
// whose spin_until or lock iteration then blocked, leaves the graph (a Withdrawal, stamped, so
// that replays of the graph wait alike); its thread waits for a write to the location and adds
// it anew, with all its sources. GenMC relies on its unordered-writes rule for this (it refuses
// such programs under in-place revisiting): no withdrawal on a location where a write did not
// see every older one (note_unordered_writes), and a restart without withdrawals there when
// one turns up after a withdrawal. The reads that the withdrawal's revisit kept between the
// read and the withdrawal are in porf of its write, so not revisitable: no later revisit or
// cut goes back to before the withdrawal with the read kept.
bool TrustExplorer::withdraw_failed_cas(EventId read) {
  ExecutionGraph& g = graph();
  const Event& r = g[read];
  if (r.kind != EventKind::read || !may_wait_for_write(g, r) ||
      contains(racy_locations_, r.location) || contains(unordered_locations_, r.location) ||
      r.rf.is_init() || g.stamp_of(r.rf) < r.stamp || !r.revisitable ||
      read.index + 1 != g.thread_size(read.thread)) {
    return false;
  }
  const LocationId loc = r.location;
  g.withdraw_last(read);
  if (!contains(withdrawal_locations_, loc)) {
    withdrawal_locations_.push_back(loc);
  }
  return true;
}

// Cuts the graph back to `stamp`, with what that takes away: reads revisited in place by a
// write cut away read the newest write again.
void TrustExplorer::cut(graph::Stamp stamp) {
  graph().cut_to_stamp(stamp);
  repair_dangling_reads();
}

void TrustExplorer::restart() {
  frames_.clear();
  held_back_.clear();
  frames_.push_back(Frame{});
  in_place_locations_.clear();    // racy_locations_ stay: no in-place revisit there this time
  withdrawal_locations_.clear();  // (and unordered_locations_ stay)
  restart_requested_ = false;
  rmw_conflict_ = false;
  over_bound_ = 0;
}

EventId TrustExplorer::add(ThreadId thread, Event event) {
  ExecutionGraph& g = graph();
  const EventId id = g.append(thread, std::move(event));
  model_.update_views(g, id);
  const Event& e = g[id];
  if (e.kind == EventKind::read) {
    g.location(e.location).reads.push_back(id);
    choose_source(id);
  } else if (e.kind == EventKind::write) {
    place_write(id);
  } else if (e.kind == EventKind::choice) {
    // Value 0 first (the greedy choice, as a read's newest write); the others later.
    g.at(id).value = 0;
    for (Value v = g[id].other; v-- > 1;) {
      frames_.back().todo.push_back(ChoiceAlt{id, v});
    }
  }
  return id;
}

// A new read reads the co-maximal candidate (always consistent for a porf-maximal event); the
// others become forward alternatives, explored co-latest first.
void TrustExplorer::choose_source(EventId read) {
  ExecutionGraph& g = graph();
  std::vector<EventId> candidates = rules_.sources(g, read);
  if (g[read].is_rmw && !may_fail_spuriously(g[read])) {
    // A candidate already consumed by a settled RMW can never be read by another successful
    // RMW; one read by an unsettled RMW may, and its conflict is resolved by revisits. (A weak
    // compare-exchange may still read it and fail spuriously: that alternative is explored
    // from the conflicting graph, finish_rmw's SpuriousAlt.)
    std::erase_if(candidates, [&](EventId c) {
      return rmw_succeeds_with(g, read, c) && settled_rmw_reads(g, c, read);
    });
  }
  assert(!candidates.empty());
  const LocationId loc = g[read].location;
  const bool lock_attempt = g[read].lock_attempt;
  if ((lock_attempt || ends_loop_ != nullptr) && !g.location(loc).holds_pointers) {
    // Sources that fail the loop (GenMC's filterValuesFromAnnotSAVER); the newest write stays,
    // the greedy choice. A value that fails atomic::spin_until's condition would only repeat the
    // loop; a lock's attempt that fails on an older write waits reading it, which is never
    // revisited (not the greedy choice): that run and every extension of it were abandoned at
    // once (Execution::blocked_for_good).
    const EventId newest = candidates.back();
    std::erase_if(candidates, [&](EventId c) {
      const bool fails =
          lock_attempt ? !rmw_succeeds_with(g, read, c) : !(*ends_loop_)(g.value_of(c, loc));
      return c != newest && fails;
    });
  }
  g.set_rf(read, candidates.back());
  g.at(read).added_max = true;
  auto& todo = frames_.back().todo;
  for (std::size_t i = 0; i + 1 < candidates.size(); ++i) {
    todo.push_back(ReadAlt{read, candidates[i]});
  }
  finish_rmw(read);
  if (const std::optional<EventId> part = graph::rmw_write_of(graph(), read)) {
    note_unordered_writes(*part);
  }
}

bool TrustExplorer::settled_rmw_reads(const ExecutionGraph& g, EventId source, EventId self) const {
  bool settled = false;
  graph::for_each_rmw_writing_after(g, g[self].location, source, [&](EventId r, EventId) {
    settled = settled || (r != self && (!g[r].revisitable || g.in_porf(r, self)));
  });
  return settled;
}

void TrustExplorer::place_write(EventId write) {
  ExecutionGraph& g = graph();
  if (g[write].is_rmw) {
    return;  // placed by finish_rmw
  }
  std::vector<EventId> placings = model_.coherent_placings(g, write);
  assert(!placings.empty());
  g.insert_co_after(write, placings.back());
  g.at(write).added_max = true;
  note_write_race(write);
  note_unordered_writes(write);
  auto& todo = frames_.back().todo;
  for (std::size_t i = 0; i + 1 < placings.size(); ++i) {
    todo.push_back(CoAlt{write, placings[i]});
  }
  push_revisits(write);
}

// If RMW read `read` succeeds with what it now reads, appends its write part right after its
// source in co, computes that write's revisits, and moots the graph on an atomicity conflict.
void TrustExplorer::finish_rmw(EventId read) {
  ExecutionGraph& g = graph();
  const Event& r = g[read];
  std::optional<Event> w = graph::rmw_write_part(r, g.location(r.location).size);
  if (!w) {
    return;
  }
  const EventId source = r.rf;
  if (may_fail_spuriously(r) && !retries_a_spurious_failure(g, read)) {
    frames_.back().todo.push_back(SpuriousAlt{read});
  }
  const EventId part = g.append(read.thread, std::move(*w));
  model_.update_views(g, part);
  g.insert_co_after(part, source);
  push_or_hold(part);
  graph::for_each_rmw_writing_after(g, g[part].location, source, [&](EventId other, EventId) {
    rmw_conflict_ = rmw_conflict_ || other != read;  // two RMWs wrote after one write
  });
}

void TrustExplorer::push_revisits(EventId write, bool in_place) {
  ExecutionGraph& g = graph();
  const Event& w = g[write];
  const bool co_max = g.co_max(w.location) == write;
  // An RMW write that conflicts with other RMWs reading its source may only revisit reads older
  // than the earliest conflicting write part (revisiting later ones keeps the conflict).
  Stamp limit = g.next_stamp();
  if (w.is_rmw) {
    const EventId own_read = graph::rmw_read_of(write);
    graph::for_each_rmw_writing_after(g, w.location, g[own_read].rf,
                                      [&](EventId other, EventId part) {
                                        if (other != own_read) {
                                          limit = std::min(limit, g.stamp_of(part));
                                        }
                                      });
  }
  const bool conflicting = limit < g.next_stamp();
  std::vector<EventId> candidates;
  for (EventId r : g.location(w.location).reads) {
    const Event& re = g[r];
    if (re.stamp >= limit || g.in_porf(r, write) || !re.revisitable || !re.added_max) {
      continue;
    }
    // GenMC's tryOptimizeIPRs: a write whose RMW conflicts with another does not revisit a read
    // that a write outside its prefix revisited in place (that graph is reached from there).
    if (conflicting && re.in_place && !g.in_porf(re.rf, write)) {
      continue;
    }
    if (rules_.may_revisit(g, r, write, co_max)) {
      candidates.push_back(r);
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [&](EventId a, EventId b) { return g.stamp_of(a) > g.stamp_of(b); });
  // Reads that await a write take this one in place (no frame, no maximality test: nothing is
  // deleted); the others are revisited as TruSt does, judged on the graph with those changes.
  std::erase_if(candidates, [&](EventId r) {
    if (!in_place || !may_revisit_in_place(g, r, write)) {
      return false;
    }
    revisit_in_place(r, write);
    return true;
  });
  auto& todo = frames_.back().todo;
  for (EventId r : candidates) {
    if (is_maximal(g, r, write)) {
      todo.push_back(Revisit{r, write});
    }
  }
}

// GenMC's in-place revisit (IPR). A read that awaits a write is the whole of a failed spin
// iteration, after which its thread is blocked: the revisit that makes it read the newest
// write would delete nothing but this thread's future, and the run that keeps it reading the
// old write can only end blocked (a liveness verdict needs the newest value, which it will
// have once no write comes). So the read takes the write in place, as if it had been added
// after it, and its thread runs its iteration again in this run. Exact (each graph once, none
// missed) on a location whose writes are all ordered by happens-before: see
// restart_requested().
bool TrustExplorer::may_revisit_in_place(const ExecutionGraph& g, EventId read,
                                         EventId write) const {
  const LocationId loc = g[read].location;
  return g[read].awaits_write && g.co_max(loc) == write && !contains(racy_locations_, loc);
}

void TrustExplorer::revisit_in_place(EventId read, EventId write) {
  ExecutionGraph& g = graph();
  const EventId old_source = g[read].rf;
  const bool was_in_place = g[read].in_place;
  const EventId awaited = was_in_place ? g[read].awaited_source : old_source;
  g.set_rf(read, write);
  if (!model_.is_consistent(g)) {
    g.set_rf(read, old_source);  // (never under SC: a thread's last read of the newest write)
    g.at(read).in_place = was_in_place;
    return;
  }
  g.at(read).added_max = true;
  g.at(read).in_place = true;
  g.at(read).awaited_source = awaited;
  ++in_place_revisits_;
  const LocationId loc = g[read].location;
  if (!contains(in_place_locations_, loc)) {
    in_place_locations_.push_back(loc);
  }
}

// Whether `write`, a plain write just placed in co (added or moved), races with another write
// to its location (atomic locations only: nothing awaits a write elsewhere); after an in-place
// revisit there, the exploration restarts. On a location with no race so far its
// other writes are ordered by happens-before, so one comparison decides: the write races iff it
// is not co-maximal (a co-successor was not hb-before it, and it is newer) or its
// co-predecessor does not happen before it.
void TrustExplorer::note_write_race(EventId write) {
  const ExecutionGraph& g = graph();
  const LocationId loc = g[write].location;
  if (!judges_writes_of(loc, racy_locations_)) {
    return;
  }
  const auto& co = g.co(loc);
  const auto k = static_cast<std::size_t>(g.co_index(write));
  if (k + 1 < co.size() || (k > 0 && !model_.happens_before(g, co[k - 1], write))) {
    mark_location(racy_locations_, in_place_locations_, loc);
  }
}

// A write just added (a plain store, or the write part of a new RMW) after a write to its
// location that does not happen before it (GenMC's check, SCChecker's warning 9: every write of
// the location is in the new write's view). Writes that revisits and moves place are not
// judged (nor are they in GenMC), so the others need not be ordered among themselves: each is
// looked at.
void TrustExplorer::note_unordered_writes(EventId write) {
  const ExecutionGraph& g = graph();
  const LocationId loc = g[write].location;
  if (!judges_writes_of(loc, unordered_locations_)) {
    return;
  }
  const auto& co = g.co(loc);
  if (std::any_of(co.begin(), co.end(), [&](EventId other) {
        return other != write && !model_.happens_before(g, other, write);
      })) {
    mark_location(unordered_locations_, withdrawal_locations_, loc);
  }
}

bool TrustExplorer::judges_writes_of(LocationId loc, const std::vector<LocationId>& marked) const {
  return in_place_enabled() &&
         frames_.back().graph.location(loc).kind == graph::LocationKind::atomic &&
         !contains(marked, loc);
}

void TrustExplorer::mark_location(std::vector<LocationId>& marked,
                                  const std::vector<LocationId>& used, LocationId loc) {
  marked.push_back(loc);
  restart_requested_ = restart_requested_ || contains(used, loc);
}

// A read revisited in place is older than its source, so an alternative that cuts the graph
// back to before that source leaves the read without one. It reads the newest write again, as
// it did while it awaited a write (GenMC's repairDanglingReads); it is its thread's last event
// (everything after it in its thread was added after its source).
void TrustExplorer::repair_dangling_reads() {
  if (in_place_revisits_ == 0) {
    return;
  }
  ExecutionGraph& g = graph();
  for (ThreadId t = 0; t < g.thread_count(); ++t) {
    if (g.thread_size(t) == 0) {
      continue;
    }
    const EventId last{t, g.thread_size(t) - 1};
    const Event& e = g[last];
    if (e.kind != EventKind::read || g.contains(e.rf)) {
      continue;
    }
    const Stamp stamp = e.stamp;
    const EventId awaited = e.awaited_source;
    const EventId newest = g.co_max(e.location);
    g.set_rf(last, newest);
    g.at(last).added_max = true;
    // Back to the source it awaited, or to a later one it took in place (is_maximal judges it
    // by the source it awaited).
    g.at(last).in_place = newest != awaited && g.stamp_of(newest) > stamp;
    g.at(last).awaited_source = awaited;
    // Whether its iteration fails on the newest write is known once its thread runs it again
    // (await_write); until then no write takes it in place (held_back_).
  }
}

// TruSt's maximality test for revisiting `read` from `write`: every event that the revisit
// deletes (added after `read`, not in porf(write)), and `read` itself, made the greedy choice
// relative to what is added before it plus porf(write). This gives every graph one parent.
bool TrustExplorer::is_maximal(const ExecutionGraph& g, EventId read, EventId write) const {
  const Stamp read_stamp = g.stamp_of(read);
  auto kept = [&](EventId e) { return g.stamp_of(e) <= read_stamp || g.in_porf(e, write); };
  // A: the write's co position must be unique after the deletion.
  if (!g[write].is_rmw) {
    EventId succ;
    if (g.co_successor(write, &succ) && !kept(succ)) {
      return false;
    }
  }
  auto kept_write_after = [&](EventId src, LocationId loc) {
    const auto& co = g.co(loc);
    for (std::size_t i = static_cast<std::size_t>(g.co_index(src) + 1); i < co.size(); ++i) {
      if (co[i] != write && kept(co[i])) {
        return true;
      }
    }
    return false;
  };
  auto greedy = [&](EventId e) {
    const Event& ev = g[e];
    if (ev.kind == EventKind::read) {
      if (const std::optional<bool> wake = ReadRules::wake_is_greedy(g, e)) {
        return *wake;
      }
      if (!ev.added_max || ev.rmw.fails_spuriously || kept_write_after(ev.rf, ev.location)) {
        return false;
      }
      // B3: a read revisited by a write that is about to be deleted. One revisited in place
      // counts as added after its source, but as revisited if the source it awaited was.
      const EventId source = ev.in_place ? ev.awaited_source : ev.rf;
      return g.stamp_of(source) < ev.stamp || kept(source);
    }
    if (ev.kind == EventKind::write) {
      return ev.added_max && !kept_write_after(e, ev.location);
    }
    if (ev.kind == EventKind::choice) {
      return ev.value == 0;
    }
    return true;
  };
  if (!greedy(read)) {
    return false;
  }
  for (ThreadId t = 0; t < g.thread_count(); ++t) {
    const auto& events = g.thread_events(t);
    for (auto i = static_cast<std::uint32_t>(events.size()); i-- > 0;) {
      const EventId e{t, i};
      if (events[i].stamp <= read_stamp) {
        break;
      }
      if (!g.in_porf(e, write) && !greedy(e)) {
        return false;
      }
    }
  }
  return true;
}

// Alternatives are checked for consistency before their own follow-ups (an RMW's write part,
// a moved write's revisits) are computed, so that every graph a revisit starts from is one
// that TruSt's tree contains.
bool TrustExplorer::advance() {
  for (;;) {
    while (frames_.back().todo.empty()) {
      frames_.pop_back();
      if (frames_.empty()) {
        return false;
      }
    }
    Alternative alt = std::move(frames_.back().todo.back());
    frames_.back().todo.pop_back();
    rmw_conflict_ = false;
    const bool opened_frame = std::holds_alternative<Revisit>(alt);
    std::visit([this](const auto& a) { apply(a); }, alt);
    const bool consistent = model_.is_consistent(graph());
    if (!consistent || exceeds_bound(graph())) {
      over_bound_ += consistent ? 1 : 0;  // neither run nor followed
      if (opened_frame) {
        frames_.pop_back();
      }
      continue;
    }
    completing_ = true;
    std::visit([this](const auto& a) { complete(a); }, alt);
    completing_ = false;
    if (!rmw_conflict_) {
      return true;
    }
    replay_done(false);  // a graph that is never run: its writes' revisits now
  }
}

bool TrustExplorer::exceeds_bound(const ExecutionGraph& g) const {
  if (!max_preemptions_) {
    return false;
  }
  // The fewer preemptions of two orders with few switches (neither is always the fewest).
  std::uint32_t fewest = std::numeric_limits<std::uint32_t>::max();
  for (const auto prefer : {Prefer::same_thread_then_oldest, Prefer::same_thread_then_newest}) {
    if (const auto order = linearize(model_, g, prefer)) {
      fewest = std::min(fewest, count_preemptions(g, *order));
    }
  }
  return fewest != std::numeric_limits<std::uint32_t>::max() && fewest > *max_preemptions_;
}

void TrustExplorer::apply(const ReadAlt& alt) {
  ExecutionGraph& g = graph();
  cut(g.stamp_of(alt.read));
  g.set_rf(alt.read, alt.source);
  g.at(alt.read).added_max = false;
}

void TrustExplorer::complete(const ReadAlt& alt) {
  finish_rmw(alt.read);
}

void TrustExplorer::push_or_hold(EventId write) {
  if (completing_) {
    held_back_.push_back(write);
  } else {
    push_revisits(write);
  }
}

// An abandoned run's graph must not change: no in-place revisit then.
void TrustExplorer::replay_done(bool run_over) {
  for (const EventId w : std::exchange(held_back_, {})) {
    push_revisits(w, /*in_place=*/!run_over);
  }
}

void TrustExplorer::apply(const CoAlt& alt) {
  ExecutionGraph& g = graph();
  cut(g.stamp_of(alt.write));
  g.remove_from_co(alt.write);
  g.insert_co_after(alt.write, alt.pred);
  g.at(alt.write).added_max = false;
}

void TrustExplorer::complete(const CoAlt& alt) {
  note_write_race(alt.write);
  push_or_hold(alt.write);
}

void TrustExplorer::apply(const Revisit& alt) {
  ExecutionGraph& g = graph();
  cut(g.stamp_of(alt.write));
  // Keep Pre(read) ∪ porf(write), in a frame of its own.
  graph::PrefixCounts keep = g.prefix_upto(g.stamp_of(alt.read));
  const graph::View& porf = g[alt.write].porf;
  for (ThreadId t = 0; t < keep.size(); ++t) {
    keep[t] = std::max(keep[t], porf[t]);
  }
  Frame frame{g, {}};
  frame.graph.truncate(keep);
  frame.graph.forget_withdrawals_after(g.stamp_of(alt.read));
  for (ThreadId t = 0; t < frame.graph.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < std::min(porf[t], frame.graph.thread_size(t)); ++i) {
      frame.graph.at({t, i}).revisitable = false;
    }
  }
  frames_.push_back(std::move(frame));
  repair_dangling_reads();
  ExecutionGraph& ng = graph();
  ng.set_rf(alt.read, alt.write);
  ng.at(alt.read).added_max = ReadRules::greedy_after_revisit(ng, alt.read, alt.write);
}

void TrustExplorer::apply(const SpuriousAlt& alt) {
  ExecutionGraph& g = graph();
  // Its write part goes, with what was added after it. Not everything added after the read: a
  // read that a revisit gave its source keeps its stamp, and the source (added later) stays.
  const std::optional<EventId> part = graph::rmw_write_of(g, alt.read);
  cut(part ? g.stamp_of(*part) - 1 : g.stamp_of(alt.read));
  g.at(alt.read).rmw.fails_spuriously = true;
  g.at(alt.read).added_max = false;
}

void TrustExplorer::apply(const ChoiceAlt& alt) {
  ExecutionGraph& g = graph();
  cut(g.stamp_of(alt.choice));
  g.at(alt.choice).value = alt.value;
}

void TrustExplorer::complete(const Revisit& alt) {
  finish_rmw(alt.read);
}

}  // namespace weft::model::explore
