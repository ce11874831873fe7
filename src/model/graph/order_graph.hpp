// OrderGraph: a relation over the events of one ExecutionGraph ("a before b"), stored as
// compressed adjacency, with Kahn's algorithm over it: whether it is acyclic (a memory model's
// consistency check) and a topological order that picks among the ready events by the
// caller's preference (traces, replay, preemption counts). The initial write precedes every
// event and has only outgoing edges: edges from it are left out.
//
// A check runs for every alternative the explorer tries, so the arrays are kept per OS thread
// and reused (their capacity survives), not allocated per graph: one OrderGraph at a time.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "graph/execution_graph.hpp"

namespace weft::model::graph {

class OrderGraph {
 public:
  // Every event of `g` as a node, no edges yet.
  explicit OrderGraph(const ExecutionGraph& g);
  OrderGraph(const OrderGraph&) = delete;
  OrderGraph& operator=(const OrderGraph&) = delete;

  // `a` before `b`. Call finish() after the last edge.
  void edge(EventId a, EventId b) {
    if (a.is_init()) {
      return;
    }
    arrays_.edges.emplace_back(node(a), node(b));
    ++arrays_.indegree[node(b)];
  }
  void finish();

  // Whether the relation is acyclic. Consumes the graph (call one of acyclic() and order()).
  bool acyclic();

  // A topological order, or nullopt if there is a cycle: among the ready events, the one that
  // `before(a, b, last)` puts first (`last`: the event placed last, or nullptr at the start).
  // Consumes the graph.
  template <class Before>
  std::optional<std::vector<EventId>> order(Before&& before) {
    std::vector<std::size_t>& ready = ready_nodes();
    std::vector<EventId> order;
    order.reserve(node_count());
    while (!ready.empty()) {
      const EventId* last = order.empty() ? nullptr : &order.back();
      std::size_t best = 0;
      for (std::size_t i = 1; i < ready.size(); ++i) {
        if (before(id(ready[i]), id(ready[best]), last)) {
          best = i;
        }
      }
      const std::size_t n = ready[best];
      ready[best] = ready.back();
      ready.pop_back();
      order.push_back(id(n));
      release_successors(n, ready);
    }
    if (order.size() != node_count()) {
      return std::nullopt;
    }
    return order;
  }

 private:
  struct Arrays {
    std::vector<std::uint32_t> offset;  // first node of each thread
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    std::vector<std::uint32_t> first;  // first successor of each node in `targets`
    std::vector<std::uint32_t> targets;
    std::vector<std::uint32_t> indegree;
    std::vector<std::uint32_t> fill;
    std::vector<std::size_t> ready;
  };
  static Arrays& thread_arrays();

  std::size_t node_count() const { return arrays_.indegree.size(); }
  std::uint32_t node(EventId e) const { return arrays_.offset[e.thread] + e.index; }
  EventId id(std::size_t n) const;
  // The nodes without predecessors.
  std::vector<std::size_t>& ready_nodes() {
    std::vector<std::size_t>& ready = arrays_.ready;
    ready.clear();
    for (std::size_t n = 0; n < node_count(); ++n) {
      if (arrays_.indegree[n] == 0) {
        ready.push_back(n);
      }
    }
    return ready;
  }
  // Node `n` is placed: its successors lose a predecessor; those left with none become ready.
  void release_successors(std::size_t n, std::vector<std::size_t>& ready) {
    const std::uint32_t* targets = arrays_.targets.data();
    std::uint32_t* indegree = arrays_.indegree.data();
    for (std::uint32_t k = arrays_.first[n]; k < arrays_.first[n + 1]; ++k) {
      if (--indegree[targets[k]] == 0) {
        ready.push_back(targets[k]);
      }
    }
  }

  Arrays& arrays_ = thread_arrays();
};

}  // namespace weft::model::graph
