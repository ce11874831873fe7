// TrustExplorer: TruSt (Kokologiannakis, Marmanis, Gladstein, Vafeiadis, POPL 2022), stateless
// optimal exploration of execution graphs, parametric in the memory model. Every consistent
// graph is visited exactly once; memory is one graph (plus pending alternatives) per backward
// revisit on the current path. See docs/architecture.md.

#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "explore/read_rules.hpp"
#include "memory/memory_model.hpp"
#include "runtime/driver.hpp"

namespace weft::model::explore {

using graph::Event;
using graph::EventId;
using graph::ExecutionGraph;
using graph::LocationId;
using graph::ThreadId;
using graph::Value;

class TrustExplorer final : public runtime::Driver {
 public:
  // With `max_preemptions`, alternatives whose graph has more preemptions (preemptions.hpp)
  // than the bound are not explored, nor anything that would follow from them. TruSt reaches
  // some graphs only through others with more preemptions (a lock taken in the order opposite
  // to the final one, before a revisit fixes it): such graphs within the bound are missed.
  // `spurious_cas_failures`: a weak compare-exchange that succeeds is also explored failing.
  explicit TrustExplorer(const memory::MemoryModel& model,
                         std::optional<std::uint32_t> max_preemptions = std::nullopt,
                         bool spurious_cas_failures = false);

  ExecutionGraph& graph() override { return frames_.back().graph; }
  EventId add(ThreadId thread, Event event) override;
  bool moot() const override { return rmw_conflict_ || restart_requested_; }
  bool await_write(EventId read) override;
  void value_filter(const detail::ValueFilter* ends_loop) override { ends_loop_ = ends_loop; }
  // The revisits of the writes that completing the last alternative added (held_back_).
  void replay_done(bool run_over) override;
  bool defers_failing_cas(const Event& cas) override;
  bool withdraw_failed_cas(EventId read) override;

  // Moves to the next graph to run after an execution ends. False when exploration is done.
  bool advance();

  // Alternatives left out for having more than max_preemptions preemptions.
  std::uint64_t over_bound() const { return over_bound_; }

  // In-place revisiting (GenMC's IPR) is exact only on locations where no plain write could
  // take more than one coherence position (GenMC's calcCoOrderings rule: an RMW's write part
  // is placed by atomicity, right after its source, and never counts). When such a write comes
  // on a location where a read was revisited in place (in any graph so far), the exploration so
  // far may be incomplete: the current run is abandoned and restart() explores everything
  // again, with no in-place revisit on the racy locations.
  bool restart_requested() const { return restart_requested_; }
  void restart();
  // Reads revisited in place so far (for tests and the benchmark).
  std::uint64_t in_place_revisits() const { return in_place_revisits_; }

 private:
  // A read takes another source (forward alternative).
  struct ReadAlt {
    EventId read;
    EventId source;
  };
  // A write takes another coherence position, right after `pred` (forward alternative).
  struct CoAlt {
    EventId write;
    EventId pred;
  };
  // A read added before `write` reads it instead (backward revisit).
  struct Revisit {
    EventId read;
    EventId write;
  };
  // A choice takes another value (forward alternative).
  struct ChoiceAlt {
    EventId choice;
    Value value;
  };
  // A weak compare-exchange that succeeded fails spuriously instead (forward alternative).
  struct SpuriousAlt {
    EventId read;
  };
  using Alternative = std::variant<ReadAlt, CoAlt, Revisit, ChoiceAlt, SpuriousAlt>;

  struct Frame {
    ExecutionGraph graph;
    std::vector<Alternative> todo;  // last in, first out
  };

  // Whether compare-exchange `cas` (a read part) may wait for a write instead of failing:
  // outside a preemption bound, on an atomic location that holds no pointers.
  bool may_wait_for_write(const ExecutionGraph& g, const Event& cas) const;
  void choose_source(EventId read);
  void place_write(EventId write);
  void finish_rmw(EventId read);
  // `in_place`: reads that await a write may take this one in place.
  void push_revisits(EventId write, bool in_place = true);
  // push_revisits now, or, while an alternative is completed, once its graph has been replayed
  // (held_back_).
  void push_or_hold(EventId write);
  bool may_revisit_in_place(const ExecutionGraph& g, EventId read, EventId write) const;
  void revisit_in_place(EventId read, EventId write);
  void note_write_race(EventId write);
  // GenMC's unordered-writes rule, which its removeCASReadIfBlocks relies on: a location where
  // a plain write and another write are unordered by happens-before (in any graph so far) gets
  // no withdrawn compare-exchange; if it had one, the exploration restarts.
  void note_unordered_writes(EventId write);
  // Whether the note_* rules still judge the writes to `loc`: in-place revisiting is on, `loc`
  // is an atomic, and not yet in `marked`.
  bool judges_writes_of(LocationId loc, const std::vector<LocationId>& marked) const;
  // A rule that keeps an optimization exact no longer holds on `loc`: it joins `marked`, and if
  // the optimization was used there (`used`), the exploration restarts without it.
  void mark_location(std::vector<LocationId>& marked, const std::vector<LocationId>& used,
                     LocationId loc);
  void repair_dangling_reads();
  void cut(graph::Stamp stamp);
  // In-place revisiting: off under a preemption bound (a revisit in place is not a graph of
  // its own, so the bound could not cut it).
  bool in_place_enabled() const { return !max_preemptions_; }
  bool is_maximal(const ExecutionGraph& g, EventId read, EventId write) const;
  bool exceeds_bound(const ExecutionGraph& g) const;
  bool settled_rmw_reads(const ExecutionGraph& g, EventId source, EventId self) const;
  // apply: make the alternative's choice; complete: what follows from it once it is known to
  // be consistent.
  void apply(const ReadAlt& alt);
  void apply(const CoAlt& alt);
  void apply(const Revisit& alt);
  void apply(const ChoiceAlt& alt);
  void complete(const ChoiceAlt& /*alt*/) {}
  void apply(const SpuriousAlt& alt);
  void complete(const SpuriousAlt& /*alt*/) {}
  void complete(const ReadAlt& alt);
  void complete(const CoAlt& alt);
  void complete(const Revisit& alt);

  // Whether the RMW read `r` is a weak compare-exchange whose spurious failure is explored.
  bool may_fail_spuriously(const graph::Event& r) const {
    return spurious_cas_failures_ && r.rmw.op == graph::RmwOp::cas && r.rmw.weak;
  }

  const memory::MemoryModel& model_;
  ReadRules rules_;
  std::vector<Frame> frames_;
  bool rmw_conflict_ = false;  // two successful RMWs read one write: never counted
  std::optional<std::uint32_t> max_preemptions_;
  bool spurious_cas_failures_ = false;
  std::uint64_t over_bound_ = 0;
  std::vector<LocationId> racy_locations_;        // two writes unordered by hb were seen
  std::vector<LocationId> in_place_locations_;    // a read was revisited in place
  std::vector<LocationId> unordered_locations_;   // note_unordered_writes
  std::vector<LocationId> withdrawal_locations_;  // a compare-exchange was withdrawn
  bool restart_requested_ = false;
  std::uint64_t in_place_revisits_ = 0;
  const detail::ValueFilter* ends_loop_ = nullptr;  // value_filter(), for the add under way
  // Writes added while an alternative was completed (an RMW's write part, a moved write), before
  // the run replays its graph. Whether a read awaits a write (in-place revisiting) is known only
  // once its thread has run again, so their revisits wait for replay_done().
  std::vector<EventId> held_back_;
  bool completing_ = false;  // in advance(), completing an alternative
};

}  // namespace weft::model::explore
