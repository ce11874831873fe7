// An execution graph as a Graphviz digraph (`dot -Tsvg`): one cluster per thread with its
// events in program order (po edges, black), reads-from edges from each write to the reads that
// read it (rf, red; "rf, sw" and bold across threads where the write happens-before what follows
// the read in its thread: an acquire read, or one an acquire fence right after it, synchronizes
// with the write or its release sequence), and each location's coherence
// order (mo, blue, between consecutive writes; the initial values are one node, `init`).
// Thread starts and ends are left out; spawns and joins are drawn as po events.

#pragma once

#include <string>

#include "graph/execution_graph.hpp"

namespace weft::model::report {

std::string to_graphviz(const graph::ExecutionGraph& g, const std::string& title);

}  // namespace weft::model::report
