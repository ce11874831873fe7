#include "graph/execution_graph.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace weft::model::graph {

EventId ExecutionGraph::append(ThreadId thread, Event event) {
  if (thread >= threads_.size()) {
    threads_.resize(thread + 1);
  }
  auto& events = threads_[thread];
  const EventId id{thread, static_cast<std::uint32_t>(events.size())};
  event.stamp = next_stamp_++;
  // porf: the po-predecessor's prefix, plus what the predecessor received: its rf (a read's own
  // rf only enters its successors, so the read's cached view survives a change of its rf).
  event.porf = View{};
  if (id.index > 0) {
    const Event& pred = events.back();
    event.porf = pred.porf;
    if (pred.kind == EventKind::read && !pred.rf.is_init()) {
      event.porf.join((*this)[pred.rf].porf);
    }
  }
  // A thread's start receives its spawn, a join the joined thread's end (both kept in rf).
  if ((event.kind == EventKind::start || event.kind == EventKind::join) && !event.rf.is_init()) {
    event.porf.join((*this)[event.rf].porf);
  }
  event.porf.include(id.thread, id.index);
  events.push_back(std::move(event));
  return id;
}

void ExecutionGraph::define_location(LocationId id, LocationKind kind, std::uint8_t size,
                                     Value init, bool holds_pointers, std::string name) {
  if (id.thread >= locations_.size()) {
    locations_.resize(id.thread + 1);
  }
  auto& per_thread = locations_[id.thread];
  if (id.index >= per_thread.size()) {
    per_thread.resize(id.index + 1);
  }
  LocationInfo& info = per_thread[id.index];
  info.defined = true;
  info.kind = kind;
  info.size = size;
  info.init = init;
  info.holds_pointers = holds_pointers;
  info.name = std::move(name);
}

bool ExecutionGraph::has_location(LocationId id) const {
  return id.thread < locations_.size() && id.index < locations_[id.thread].size() &&
         locations_[id.thread][id.index].defined;
}

void ExecutionGraph::number_co(std::vector<EventId>& co, std::size_t from) {
  for (std::size_t i = from; i < co.size(); ++i) {
    at(co[i]).co_position = static_cast<std::uint32_t>(i);
  }
}

void ExecutionGraph::insert_co_after(EventId w, EventId pred) {
  auto& co = location((*this)[w].location).co;
  const auto pos = static_cast<std::size_t>(co_index(pred) + 1);
  assert(pred.is_init() || co[pos - 1] == pred);
  co.insert(co.begin() + static_cast<std::ptrdiff_t>(pos), w);
  number_co(co, pos);
}

void ExecutionGraph::remove_from_co(EventId w) {
  auto& co = location((*this)[w].location).co;
  const auto pos = static_cast<std::size_t>(co_index(w));
  assert(co[pos] == w);
  co.erase(co.begin() + static_cast<std::ptrdiff_t>(pos));
  number_co(co, pos);
}

EventId ExecutionGraph::co_max(LocationId id) const {
  const auto& co = location(id).co;
  return co.empty() ? EventId::init() : co.back();
}

bool ExecutionGraph::co_successor(EventId w, EventId* out) const {
  // The initial write's location is not known from its id; callers pass real writes only, or
  // use co(loc).front() for init.
  const auto& co = location((*this)[w].location).co;
  const auto next = static_cast<std::size_t>(co_index(w) + 1);
  if (next >= co.size()) {
    return false;
  }
  *out = co[next];
  return true;
}

Value ExecutionGraph::value_of(EventId write, LocationId loc) const {
  return write.is_init() ? location(loc).init : (*this)[write].value;
}

void ExecutionGraph::set_rf(EventId read, EventId write) {
  Event& r = at(read);
  r.rf = write;
  r.value = value_of(write, r.location);
  r.awaits_write = false;
  r.in_place = false;
  r.rmw.fails_spuriously = false;
}

PrefixCounts ExecutionGraph::prefix_upto(Stamp s) const {
  PrefixCounts keep(threads_.size(), 0);
  for (ThreadId t = 0; t < threads_.size(); ++t) {
    const auto& events = threads_[t];
    // Stamps increase along program order, so the kept events are a prefix.
    auto it = std::upper_bound(events.begin(), events.end(), s,
                               [](Stamp v, const Event& e) { return v < e.stamp; });
    keep[t] = static_cast<std::uint32_t>(it - events.begin());
  }
  return keep;
}

void ExecutionGraph::truncate(const PrefixCounts& keep) {
  Stamp max_stamp = 0;
  for (ThreadId t = 0; t < threads_.size(); ++t) {
    const std::uint32_t n = t < keep.size() ? keep[t] : 0;
    if (threads_[t].size() > n) {
      threads_[t].resize(n);
    }
    if (!threads_[t].empty()) {
      max_stamp = std::max(max_stamp, threads_[t].back().stamp);
    }
  }
  while (!threads_.empty() && threads_.back().empty()) {
    threads_.pop_back();
  }
  auto dropped = [&](EventId e) { return !contains(e); };
  for (auto& per_thread : locations_) {
    for (auto& info : per_thread) {
      if (std::erase_if(info.co, dropped) != 0) {
        number_co(info.co, 0);
      }
      std::erase_if(info.reads, dropped);
    }
  }
  next_stamp_ = max_stamp + 1;
  std::erase_if(withdrawals_,
                [&](const Withdrawal& w) { return thread_size(w.at.thread) < w.at.index; });
}

void ExecutionGraph::withdraw_last(EventId read) {
  assert(read.index + 1 == thread_size(read.thread) && (*this)[read].kind == EventKind::read);
  const LocationId loc = (*this)[read].location;
  threads_[read.thread].pop_back();
  std::erase(location(loc).reads, read);
  std::erase_if(withdrawals_, [&](const Withdrawal& w) { return w.at == read; });
  // Events added from now on (stamps from next_stamp_) come after the withdrawal.
  withdrawals_.push_back(Withdrawal{read, loc, next_stamp_});
}

bool ExecutionGraph::has_write_since(LocationId loc, Stamp since) const {
  const std::vector<EventId>& order = co(loc);
  return std::any_of(order.begin(), order.end(),
                     [&](EventId w) { return (*this)[w].stamp >= since; });
}

}  // namespace weft::model::graph
