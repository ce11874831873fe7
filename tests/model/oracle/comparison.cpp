// Comparing the two sides of the oracle on one program.

#include "comparison.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "axiomatic_enumerator.hpp"
#include "enumerator.hpp"

namespace weft::model::oracle {

std::set<std::string> Comparison::categories() const {
  std::set<std::string> out;
  for (const std::string& o : missing) {
    out.insert("weft misses " + o.substr(0, o.find(' ')));
  }
  for (const std::string& o : extra) {
    out.insert("weft adds " + o.substr(0, o.find(' ')));
  }
  if (duplicates > 0) {
    out.insert("graph counted twice");
  }
  if (!graph_counts_agree()) {
    out.insert(weft_graphs < *expected_graphs ? "weft misses complete graphs"
                                              : "weft counts too many complete graphs");
  }
  if (!errors.empty()) {
    out.insert("weft error");
  }
  if (truncated_at != 0) {
    out.insert(fmt::format("weft needs more than {} runs", truncated_at));
  }
  return out;
}

namespace {

// The axiomatic enumerator's answer in the interleaving enumerator's form.
Enumeration enumerate_rc11(const Program& program) {
  const AxiomaticEnumeration a = enumerate_axiomatic(program, Axioms::rc11);
  Enumeration e;
  e.outcomes = a.outcomes;
  e.states = a.candidates;
  e.complete = a.complete;
  e.complete_graphs = a.graphs;
  return e;
}

}  // namespace

Comparison compare(const Program& program, SpinForm spin, std::size_t max_runs, Model model) {
  const Enumeration expected = model == Model::rc11 ? enumerate_rc11(program) : enumerate(program);
  WeftExploration found = explore_with_weft(program, spin, max_runs, std::nullopt, model);
  if (model == Model::rc11) {
    // The axiomatic enumerator knows complete executions only (a spin loop as an assume of its
    // last iteration): weft's deadlocks and live-locks are not compared.
    std::erase_if(found.outcomes, [](const std::string& o) { return !o.starts_with("complete"); });
  }
  Comparison c;
  c.spin = spin;
  c.duplicates = found.duplicates;
  c.errors = found.errors;
  c.weft_runs = found.runs;
  c.in_place = found.in_place_revisits > 0;
  c.restarted = found.restarts > 0;
  c.states = expected.states;
  c.expected_graphs = expected.complete_graphs;
  c.weft_graphs = found.complete;
  c.expected = expected.outcomes;
  if (!expected.complete && model == Model::rc11) {
    c.enumerator_gave_up = true;
    c.errors = found.errors;  // weft's own errors still count
    return c;
  }
  if (!expected.complete) {
    c.errors.push_back(fmt::format("the enumerator stopped after {} states", expected.states));
  }
  if (found.truncated) {
    c.truncated_at = found.runs;
  } else {
    std::set_difference(expected.outcomes.begin(), expected.outcomes.end(), found.outcomes.begin(),
                        found.outcomes.end(), std::inserter(c.missing, c.missing.end()));
  }
  std::set_difference(found.outcomes.begin(), found.outcomes.end(), expected.outcomes.begin(),
                      expected.outcomes.end(), std::inserter(c.extra, c.extra.end()));
  return c;
}

std::string describe(const Program& program, const Comparison& c) {
  std::string out = to_cpp(program, c.spin);
  out += fmt::format("expected (brute force): {} outcomes\n", c.expected.size());
  for (const std::string& o : c.expected) {
    out += fmt::format("  {} {}\n", c.missing.count(o) != 0 ? "MISSING" : "       ", o);
  }
  for (const std::string& o : c.extra) {
    out += fmt::format("  found by weft only:  {}\n", o);
  }
  if (c.duplicates > 0) {
    out += fmt::format("  {} graphs counted twice\n", c.duplicates);
  }
  if (!c.graph_counts_agree()) {
    out += fmt::format("  complete graphs: {} by brute force, {} counted by weft\n",
                       *c.expected_graphs, c.weft_graphs);
  }
  for (const std::string& e : c.errors) {
    out += "  weft: " + e + "\n";
  }
  if (c.truncated_at != 0) {
    out += fmt::format("  weft stopped after {} runs (WEFT_ORACLE_MAX_RUNS)\n", c.truncated_at);
  }
  return out;
}

}  // namespace weft::model::oracle
