#include "report/graphviz.hpp"

#include <fmt/format.h>

#include "graph/modes.hpp"
#include "memory/memory_model.hpp"
#include "report/describe.hpp"

namespace weft::model::report {

namespace {

using graph::EventKind;

bool drawn(const graph::Event& e) {
  return e.kind != EventKind::start && e.kind != EventKind::end;
}

std::string node_name(EventId e) {
  return e.is_init() ? "init" : fmt::format("e{}_{}", e.thread, e.index);
}

// Graphviz's escapes for a double-quoted label.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + '"';
}

void add_thread(const ExecutionGraph& g, graph::ThreadId t, std::string* out) {
  *out += fmt::format("  subgraph cluster_{} {{\n    label=\"thread {}\";\n", t, t);
  std::string previous;
  for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
    const EventId id{t, i};
    if (!drawn(g[id])) {
      continue;
    }
    const std::string label = fmt::format("{}.{}  {}", t, i, describe_operation(g, g[id]));
    *out += fmt::format("    {} [label={}];\n", node_name(id), quoted(label));
    if (!previous.empty()) {
      *out += fmt::format("    {} -> {} [label=\"po\"];\n", previous, node_name(id));
    }
    previous = node_name(id);
  }
  *out += "  }\n";
}

void add_reads_from(const ExecutionGraph& g, std::string* out) {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
      const EventId read{t, i};
      if (g[read].kind != EventKind::read || g[read].wait == graph::WaitPart::wake) {
        continue;
      }
      const EventId write = g[read].rf;
      // The read synchronizes with the write when the write happens-before what follows the
      // read and was not ordered before the read already (an acquire's own view leaves its
      // source out).
      const EventId after = i + 1 < g.thread_size(t) ? EventId{t, i + 1} : read;
      const bool synchronizes = !write.is_init() && write.thread != t &&
                                graph::is_atomic(g, read) && graph::is_atomic(g, write) &&
                                !memory::MemoryModel::happens_before(g, write, read) &&
                                memory::MemoryModel::happens_before(g, write, after);
      *out += fmt::format("  {} -> {} [color=red, fontcolor=red, label=\"{}\"{}];\n",
                          node_name(write), node_name(read), synchronizes ? "rf, sw" : "rf",
                          synchronizes ? ", style=bold" : "");
    }
  }
}

void add_coherence(const ExecutionGraph& g, std::string* out) {
  g.for_each_location([&](graph::LocationId loc, const graph::LocationInfo& info) {
    if (info.kind == graph::LocationKind::wait_queue) {
      return;
    }
    EventId previous = EventId::init();
    for (EventId w : info.co) {
      *out += fmt::format("  {} -> {} [color=blue, fontcolor=blue, label=\"mo {}\"];\n",
                          node_name(previous), node_name(w), describe_location(g, loc));
      previous = w;
    }
  });
}

}  // namespace

std::string to_graphviz(const ExecutionGraph& g, const std::string& title) {
  std::string out = fmt::format("digraph {} {{\n  label={};\n  node [shape=box];\n", quoted("weft"),
                                quoted(title));
  out += "  init [label=\"initial values\"];\n";
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    add_thread(g, t, &out);
  }
  add_reads_from(g, &out);
  add_coherence(g, &out);
  return out + "}\n";
}

}  // namespace weft::model::report
