#include "graph/order_graph.hpp"

namespace weft::model::graph {

OrderGraph::Arrays& OrderGraph::thread_arrays() {
  thread_local Arrays arrays;
  return arrays;
}

OrderGraph::OrderGraph(const ExecutionGraph& g) {
  Arrays& a = arrays_;
  a.offset.assign(g.thread_count() + 1, 0);
  for (ThreadId t = 0; t < g.thread_count(); ++t) {
    a.offset[t + 1] = a.offset[t] + g.thread_size(t);
  }
  a.indegree.assign(a.offset.back(), 0);
  a.edges.clear();
  a.edges.reserve(3 * a.indegree.size());  // po, rf and fr or co: about three per event
}

void OrderGraph::finish() {
  // Compressed adjacency: one array for all successors instead of one per event.
  Arrays& a = arrays_;
  a.first.assign(a.indegree.size() + 1, 0);
  for (const auto& [from, to] : a.edges) {
    ++a.first[from + 1];
  }
  for (std::size_t n = 0; n < a.indegree.size(); ++n) {
    a.first[n + 1] += a.first[n];
  }
  a.targets.resize(a.edges.size());
  a.fill.assign(a.first.begin(), a.first.end() - 1);
  for (const auto& [from, to] : a.edges) {
    a.targets[a.fill[from]++] = to;
  }
}

bool OrderGraph::acyclic() {
  std::vector<std::size_t>& ready = ready_nodes();
  std::size_t visited = 0;
  while (!ready.empty()) {
    const std::size_t n = ready.back();
    ready.pop_back();
    ++visited;
    release_successors(n, ready);
  }
  return visited == node_count();
}

EventId OrderGraph::id(std::size_t n) const {
  ThreadId t = 0;
  while (arrays_.offset[t + 1] <= n) {
    ++t;
  }
  return {t, static_cast<std::uint32_t>(n - arrays_.offset[t])};
}

}  // namespace weft::model::graph
