// MemoryModel: the narrow interface between the explorer and one memory model. The explorer
// never names a concrete model; it asks which choices exist and whether a graph is consistent.
//
// Coherence (co is a total order per location, an RMW's write immediately follows its source)
// is maintained by the explorer; a model checks the remaining axioms. Models are stateless and
// may be shared; every method reads only the graph it is given.

#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "graph/execution_graph.hpp"
#include "weft/model/check.hpp"

namespace weft::model::memory {

using graph::EventId;
using graph::ExecutionGraph;

class MemoryModel {
 public:
  virtual ~MemoryModel() = default;

  static std::unique_ptr<MemoryModel> make(Model kind, const Rc11Variant& rc11 = {});

  // Fills in the hb view of `e`, which was just appended (its porf view is set).
  virtual void update_views(ExecutionGraph& g, EventId e) const = 0;

  // The writes `read` may read from, in coherence order, co-maximal last. Candidates before the
  // last one may still turn out inconsistent: check them with is_consistent. Not asked for
  // wakes: which notify woke a thread follows graph/wait_queue.hpp under every model.
  virtual std::vector<EventId> coherent_stores(const ExecutionGraph& g, EventId read) const = 0;

  // The writes that the (non-RMW) write `w`, not yet in co, may be placed immediately after, in
  // coherence order; the last places it co-maximal. The initial write is EventId::init().
  virtual std::vector<EventId> coherent_placings(const ExecutionGraph& g, EventId w) const = 0;

  // Whether `read`, which reads some write co-before `w`, may read `w` instead without some
  // write co-after `w` being visible to it (a quick filter; is_consistent decides). Not asked
  // for wakes (see coherent_stores).
  virtual bool may_revisit(const ExecutionGraph& g, EventId read, EventId w) const = 0;

  // Consistency check of an alternative the explorer just applied: the axioms under which every
  // porf-maximal event's co-maximal choice keeps a consistent graph consistent (what TruSt
  // explores), less those the explorer keeps by construction (RC11's coherence: read sources
  // and write placings come from coherent_stores / coherent_placings, revisits pass
  // may_revisit).
  virtual bool is_consistent(const ExecutionGraph& g) const = 0;
  // The same axioms, all of them, checked from scratch on any graph: for tests, replay strings
  // and Options::recheck (every counted graph), which would see a construction that failed.
  virtual bool is_consistent_from_scratch(const ExecutionGraph& g) const {
    return is_consistent(g);
  }

  // Whether a consistent graph that has stopped growing is an execution of the program: also the
  // axioms that a co-maximal choice may break, so that exploration can only apply them to
  // finished graphs. Today one: a wait's load and its sleep are one atomic step (a notify that
  // comes before the sleep in the queue must not find the load's value still to be changed).
  virtual bool is_execution(const ExecutionGraph& g) const = 0;

  // The model's order of events, for traces, replay and preemption counts: `sink(a, b)` gets
  // the edges of a relation ("a before b") whose linearizations are orders in which a run may
  // perform the events (for SC, po ∪ rf ∪ co ∪ fr with spawn and join), acyclic for a
  // consistent graph; with `wait_steps`, also the edges that make a wait's load and its sleep
  // one step (acyclic for an execution, see is_execution). explore/linearize.hpp orders them.
  using EdgeSink = std::function<void(EventId, EventId)>;
  virtual void order_edges(const ExecutionGraph& g, bool wait_steps,
                           const EdgeSink& sink) const = 0;

  // Whether `a` happens-before `b` (both events of `g`).
  static bool happens_before(const ExecutionGraph& g, EventId a, EventId b) {
    return a.is_init() || g[b].hb.contains(a.thread, a.index);
  }
};

}  // namespace weft::model::memory
