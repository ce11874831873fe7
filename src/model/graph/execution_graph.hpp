// ExecutionGraph: the events of one execution, per thread in program order, with reads-from
// (Event::rf), per-location coherence order and the insertion order (stamps) that TruSt's
// revisits are defined over.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/event.hpp"

namespace weft::model::graph {

// What the graph knows of one location.
struct LocationInfo {
  bool defined = false;
  LocationKind kind = LocationKind::atomic;
  std::uint8_t size = 8;  // bytes; values are truncated to this width
  Value init = 0;
  // Values are addresses (atomic<T*>, cell<T*>): they may differ between re-runs of the body,
  // so a re-run takes them from the program, not from the graph (runtime/run_values.hpp).
  bool holds_pointers = false;
  std::string name;            // empty: printed as its id
  std::vector<EventId> co;     // writes in coherence order (the initial write is implicit, first)
  std::vector<EventId> reads;  // reads of this location, in insertion order
  // Some event accessed the location non-atomically (Event::plain; every access of a cell):
  // only then can a new access race. Set when such an access is added, never cleared.
  bool plain_accessed = false;
};

// Per thread, how many leading events (in program order) a set keeps.
using PrefixCounts = std::vector<std::uint32_t>;

class ExecutionGraph {
 public:
  // Threads and events.
  ThreadId thread_count() const { return static_cast<ThreadId>(threads_.size()); }
  std::uint32_t thread_size(ThreadId t) const {
    return t < threads_.size() ? static_cast<std::uint32_t>(threads_[t].size()) : 0;
  }
  const std::vector<Event>& thread_events(ThreadId t) const { return threads_[t]; }
  const Event& operator[](EventId e) const { return threads_[e.thread][e.index]; }
  Event& at(EventId e) { return threads_[e.thread][e.index]; }
  bool contains(EventId e) const { return e.is_init() || e.index < thread_size(e.thread); }

  // Appends `event` at the end of `thread` (creating the thread if needed): gives it the next
  // stamp and its porf view. The caller (the memory model) fills in the hb view.
  EventId append(ThreadId thread, Event event);

  Stamp stamp_of(EventId e) const { return e.is_init() ? 0 : (*this)[e].stamp; }
  Stamp next_stamp() const { return next_stamp_; }

  // e ∈ porf(of); the initial write is in every prefix.
  bool in_porf(EventId e, EventId of) const {
    return e.is_init() || (*this)[of].porf.contains(e.thread, e.index);
  }

  // Locations.
  void define_location(LocationId id, LocationKind kind, std::uint8_t size, Value init,
                       bool holds_pointers, std::string name);
  bool has_location(LocationId id) const;
  const LocationInfo& location(LocationId id) const { return locations_[id.thread][id.index]; }
  LocationInfo& location(LocationId id) { return locations_[id.thread][id.index]; }
  template <class F>
  void for_each_location(F&& f) const {
    for (std::uint32_t t = 0; t < locations_.size(); ++t) {
      for (std::uint32_t i = 0; i < locations_[t].size(); ++i) {
        if (locations_[t][i].defined) {
          f(LocationId{t, i}, locations_[t][i]);
        }
      }
    }
  }

  // Coherence order. `pred` is the write `w` is placed immediately after (init: first).
  const std::vector<EventId>& co(LocationId id) const { return location(id).co; }
  void insert_co_after(EventId w, EventId pred);
  void remove_from_co(EventId w);
  // Index of `w` in co(loc); the initial write is -1.
  std::int64_t co_index(EventId w) const {
    return w.is_init() ? -1 : static_cast<std::int64_t>((*this)[w].co_position);
  }
  EventId co_max(LocationId id) const;
  // The write immediately after `w` in coherence order, or nullopt-like init() if none.
  bool co_successor(EventId w, EventId* out) const;
  // The write immediately co-after the source of `read` (the source may be the initial write):
  // the first write `read` is fr-before. False if its source is co-maximal.
  bool first_overwrite(EventId read, EventId* out) const {
    const Event& r = (*this)[read];
    const std::vector<EventId>& order = co(r.location);
    const auto next = static_cast<std::size_t>(co_index(r.rf) + 1);
    if (next >= order.size()) {
      return false;
    }
    *out = order[next];
    return true;
  }
  Value value_of(EventId write, LocationId loc) const;

  // Reads-from. Sets the read's source and the value it reads; the read no longer awaits a
  // write, and did not take this source in place (the caller marks either again).
  void set_rf(EventId read, EventId write);

  // Keeps only each thread's first `keep[t]` events, and drops everything else (co and reads
  // entries included). next_stamp becomes one past the largest kept stamp.
  void truncate(const PrefixCounts& keep);
  // The per-thread prefix of events with stamp <= s.
  PrefixCounts prefix_upto(Stamp s) const;
  void cut_to_stamp(Stamp s) {
    truncate(prefix_upto(s));
    forget_withdrawals_after(s);
  }

  // A compare-exchange taken out of the graph (TrustExplorer::withdraw_failed_cas, GenMC's
  // removeCASReadIfBlocks): its thread adds the event at `at` again only once a write to
  // `location` added after the withdrawal exists (stamp >= since), or no other thread can run.
  // Part of the graph like an event: a cut to before it forgets it.
  struct Withdrawal {
    EventId at;
    LocationId location;
    Stamp since;
  };
  // Removes `read`, its thread's last event, and records its Withdrawal.
  void withdraw_last(EventId read);
  const Withdrawal* withdrawal_at(EventId at) const {
    for (const Withdrawal& w : withdrawals_) {
      if (w.at == at) {
        return &w;
      }
    }
    return nullptr;
  }
  // Whether a write to `loc` with stamp >= since exists.
  bool has_write_since(LocationId loc, Stamp since) const;
  // Drops the withdrawals made after the event stamped `s` (a cut back to it).
  void forget_withdrawals_after(Stamp s) {
    std::erase_if(withdrawals_, [s](const Withdrawal& w) { return w.since > s; });
  }

 private:
  // Records every write's index in `co`, from index `from` on.
  void number_co(std::vector<EventId>& co, std::size_t from);

  std::vector<std::vector<Event>> threads_;
  std::vector<std::vector<LocationInfo>> locations_;
  Stamp next_stamp_ = 1;  // stamp 0 is the initial write
  std::vector<Withdrawal> withdrawals_;
};

}  // namespace weft::model::graph
