// RC11's SC axiom: psc, the order that SC accesses and SC fences must agree on, is acyclic.
// psc = psc_base ∪ psc_F (../shared/guides/rc11.md §2, §6.6), built over the graph's SC events
// only (they are few; with fewer than two there is nothing to check), each edge decided from
// vector clocks, then searched for a cycle.

#pragma once

#include "graph/execution_graph.hpp"
#include "memory/rc11_relations.hpp"

namespace weft::model::memory::rc11 {

// With variant.location_free_scb, GenMC's psc (scb's sb;hb;sb without location restriction).
bool psc_acyclic(const graph::ExecutionGraph& g, const Rc11Variant& variant);

}  // namespace weft::model::memory::rc11
