// Human-readable descriptions of events, locations, races and whole executions.

#pragma once

#include <string>
#include <vector>

#include "graph/execution_graph.hpp"

namespace weft::model::report {

using graph::Event;
using graph::EventId;
using graph::ExecutionGraph;

// " at file.cpp:12", or "" when unknown.
std::string describe_source(graph::SourceLine where);
// The location's name, or `@thread.index` when it has none.
std::string describe_location(const ExecutionGraph& g, graph::LocationId loc);
// "relaxed", "acquire", ..., "seq_cst".
const char* order_name(std::memory_order order);
// "load(acquire) x", "fetch_add(1, seq_cst) n", "write counter := 2", ...
std::string describe_operation(const ExecutionGraph& g, const Event& e);
// "thread 1's write of counter at a.cpp:12 and thread 2's read ... are not ordered ..."
std::string describe_race(const ExecutionGraph& g, EventId first, EventId second);

// One line per event in `order`: thread, operation, location, value, where a read read from
// (and, for a read that an older write than one shown before it in `order` satisfied, "newer in
// coherence: <that write>": a stale read, possible under RC11), source line.
std::string format_trace(const ExecutionGraph& g, const std::vector<EventId>& order);

// The schedule of `order` (all events of `g`) as a replay string of the check body `body_id`,
// and back: `sc@<body id, 8 hex digits>:0x3,1,...` (a thread per event, runs as
// `thread x count`), then `/1,0` when the execution made choices (their values in order);
// `sc!<body id>:...` for an operational run (a sampled one), where every read reads the newest
// write. The prefix names the model (`rc11` for `rc11`): it decides what races and what
// synchronizes. Under SC the schedule decides what each read reads; an explored RC11 string
// (`rc11@...`, where it does not) adds after the choices each read's source, as its position in
// `order` (`i`: the initial write; `s` after it: a weak compare-exchange that failed
// spuriously), and each write's index in its location's coherence order, both in `order`'s
// order: `rc11@<body>:<schedule>/<choices>/<sources>/<co indexes>`.
std::string encode_schedule(const ExecutionGraph& g, const std::vector<EventId>& order,
                            std::uint32_t body_id, bool operational, bool rc11);
// False when `text` is not a replay string. `*body_id` is 0 when the string names no body.
struct DecodedSchedule {
  std::vector<graph::ThreadId> threads;
  std::vector<graph::Value> choices;
  std::uint32_t body_id = 0;
  bool operational = false;
  bool rc11 = false;                     // an rc11 string: found under Model::rc11
  std::vector<std::int64_t> sources;     // per read, the position of its source (-1: initial)
  std::vector<bool> spurious;            // per read, a weak compare-exchange failed spuriously
  std::vector<std::uint32_t> co_places;  // per write, its index in coherence order
  // An explored RC11 string (rc11@): sources, spurious and co_places are set.
  bool weak() const { return rc11 && !operational; }
};
bool decode_schedule(const std::string& text, DecodedSchedule* out);

}  // namespace weft::model::report
