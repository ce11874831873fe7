#include "report/describe.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "graph/modes.hpp"
#include "graph/rmw.hpp"
#include "graph/wait_queue.hpp"

namespace weft::model::report {

using graph::EventKind;
using graph::RmwOp;

const char* order_name(std::memory_order o) {
  switch (o) {
    case std::memory_order_relaxed:
      return "relaxed";
    case std::memory_order_consume:
      return "consume";
    case std::memory_order_acquire:
      return "acquire";
    case std::memory_order_release:
      return "release";
    case std::memory_order_acq_rel:
      return "acq_rel";
    case std::memory_order_seq_cst:
      return "seq_cst";
  }
  return "?";
}

namespace {

const char* rmw_name(RmwOp op) {
  switch (op) {
    case RmwOp::exchange:
      return "exchange";
    case RmwOp::add:
      return "fetch_add";
    case RmwOp::sub:
      return "fetch_sub";
    case RmwOp::bit_and:
      return "fetch_and";
    case RmwOp::bit_or:
      return "fetch_or";
    case RmwOp::bit_xor:
      return "fetch_xor";
    case RmwOp::cas:
      return "compare_exchange";
    case RmwOp::max_signed:
    case RmwOp::max_unsigned:
      return "fetch_max";
    case RmwOp::min_signed:
    case RmwOp::min_unsigned:
      return "fetch_min";
    case RmwOp::float_add:
      return "fetch_add";
    case RmwOp::float_sub:
      return "fetch_sub";
  }
  return "?";
}

std::string_view basename(const char* path) {
  std::string_view p = path;
  const auto slash = p.find_last_of('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

bool parse_number(std::string_view s, std::uint32_t* out, int base = 10) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out, base);
  return ec == std::errc{} && end == s.data() + s.size() && !s.empty();
}

// A value as the program sees it: addresses in hexadecimal, everything else in decimal.
std::string value_text(const ExecutionGraph& g, const Event& e, graph::Value v) {
  if (g.has_location(e.location) && g.location(e.location).holds_pointers) {
    return v == 0 ? "nullptr" : fmt::format("{:#x}", v);
  }
  return fmt::format("{}", v);
}

// A cell that owns an object (cell<T> of a T that is not a small trivially copyable value): its
// accesses are events without a value.
bool holds_object(const ExecutionGraph& g, const Event& e) {
  return e.plain && g.location(e.location).size == 0;
}

// The operand of a fetch_* as the program wrote it.
std::string operand_text(const ExecutionGraph& g, const Event& e) {
  const std::uint8_t size = g.has_location(e.location) ? g.location(e.location).size : 8;
  switch (e.rmw.op) {
    case RmwOp::exchange:
      return value_text(g, e, e.rmw.operand);
    case RmwOp::max_signed:
    case RmwOp::min_signed:
      return fmt::format("{}", graph::sign_extend(e.rmw.operand, size));
    case RmwOp::float_add:
    case RmwOp::float_sub:
      if (size == 4) {
        return fmt::format("{}", std::bit_cast<float>(static_cast<std::uint32_t>(e.rmw.operand)));
      }
      return fmt::format("{}", std::bit_cast<double>(e.rmw.operand));
    default:
      return fmt::format("{}", e.rmw.operand);  // an integer, or a pointer's byte offset
  }
}

std::string describe_read(const ExecutionGraph& g, const Event& e) {
  const std::string loc = describe_location(g, e.location);
  if (e.plain) {  // a cell, or a plain access of an atomic location
    return "read " + loc;
  }
  if (!e.is_rmw) {
    return fmt::format("{}({}) {}", e.wait == graph::WaitPart::load ? "wait" : "load",
                       order_name(e.order), loc);
  }
  if (e.rmw.op == RmwOp::cas) {
    return fmt::format("compare_exchange({} -> {}, {}) {}", value_text(g, e, e.rmw.expected),
                       value_text(g, e, e.rmw.operand), order_name(e.order), loc);
  }
  return fmt::format("{}({}, {}) {}", rmw_name(e.rmw.op), operand_text(g, e), order_name(e.order),
                     loc);
}

}  // namespace

std::string describe_source(graph::SourceLine where) {
  if (where.file == nullptr) {
    return "";
  }
  return fmt::format(" at {}:{}", basename(where.file), where.line);
}

std::string describe_location(const ExecutionGraph& g, graph::LocationId loc) {
  if (g.has_location(loc) && !g.location(loc).name.empty()) {
    return g.location(loc).name;
  }
  if (g.has_location(loc) && g.location(loc).kind == graph::LocationKind::wait_queue) {
    loc = graph::queued_location(loc);  // named like the atomic it belongs to
  }
  return fmt::format("@{}.{}", loc.thread, loc.index);
}

std::string describe_operation(const ExecutionGraph& g, const Event& e) {
  switch (e.kind) {
    case EventKind::start:
      return "start";
    case EventKind::end:
      return "end";
    case EventKind::read:
      if (e.wait == graph::WaitPart::wake) {
        return fmt::format("wake {}", describe_location(g, e.location));
      }
      return describe_read(g, e);
    case EventKind::write:
      if (e.wait == graph::WaitPart::sleep) {
        return fmt::format("sleep {}", describe_location(g, e.location));
      }
      if (e.is_notify()) {
        return fmt::format("{} {}",
                           e.wait == graph::WaitPart::notify_all ? "notify_all" : "notify_one",
                           describe_location(g, e.location));
      }
      if (holds_object(g, e)) {
        return fmt::format("write {}", describe_location(g, e.location));
      }
      if (e.plain) {
        return fmt::format("write {} := {}", describe_location(g, e.location),
                           value_text(g, e, e.value));
      }
      if (e.is_rmw) {
        return fmt::format("  (its write) {} := {}", describe_location(g, e.location),
                           value_text(g, e, e.value));
      }
      return fmt::format("store({}) {} := {}", order_name(e.order),
                         describe_location(g, e.location), value_text(g, e, e.value));
    case EventKind::fence:
      return fmt::format("fence({})", order_name(e.order));
    case EventKind::spawn:
      return fmt::format("spawn thread {}", e.other);
    case EventKind::join:
      return fmt::format("join thread {}", e.other);
    case EventKind::choice:
      return e.other == 2 ? fmt::format("{}: {}", e.label, e.value != 0 ? "yes" : "no")
                          : fmt::format("{}: {} of 0..{}", e.label, e.value, e.other - 1);
  }
  return "?";
}

namespace {

// Whether a fence of `thread` between po indexes `from` and `to` (exclusive) satisfies `is`.
template <class Is>
bool fence_between(const ExecutionGraph& g, graph::ThreadId thread, std::uint32_t from,
                   std::uint32_t to, Is&& is) {
  for (std::uint32_t i = from + 1; i < to; ++i) {
    const EventId e{thread, i};
    if (g[e].kind == EventKind::fence && is(g, e)) {
      return true;
    }
  }
  return false;
}

// Where a racing pair of accesses comes from under a weak model: `second`'s thread read, before
// it, an atomic write that `first`'s thread made after `first`, and that read did not
// synchronize with that write. Names the pair and what each side lacks; "" when there is no such
// direct message (under SC every atomic read synchronizes).
std::string missing_synchronization(const ExecutionGraph& g, EventId first, EventId second) {
  for (std::uint32_t i = second.index; i-- > 0;) {
    const EventId read{second.thread, i};
    const Event& r = g[read];
    if (r.kind != EventKind::read || !graph::is_atomic(g, read) || r.rf.is_init() ||
        r.rf.thread != first.thread || r.rf.index <= first.index) {
      continue;
    }
    const EventId write = r.rf;
    const bool released = graph::releases(g, write) ||
                          fence_between(g, write.thread, first.index, write.index, graph::releases);
    const bool acquired = graph::acquires(g, read) ||
                          fence_between(g, read.thread, read.index, second.index, graph::acquires);
    if (released && acquired) {
      continue;
    }
    std::string lacks;
    if (!released) {
      lacks = fmt::format("{}.{} is not a release (nor is a fence before it)", write.thread,
                          write.index);
    }
    if (!acquired) {
      lacks += fmt::format("{}{}.{} is not an acquire (nor is a fence after it)",
                           lacks.empty() ? "" : " and ", read.thread, read.index);
    }
    return fmt::format("\n  {}.{} {} is read by {}.{} {}, but they do not synchronize: {}",
                       write.thread, write.index, describe_operation(g, g[write]), read.thread,
                       read.index, describe_operation(g, r), lacks);
  }
  return "";
}

}  // namespace

std::string describe_race(const ExecutionGraph& g, EventId first, EventId second) {
  auto access = [&](EventId id) {
    const Event& e = g[id];
    return fmt::format("thread {}'s {} (event {}.{}){}", id.thread,
                       e.kind == EventKind::write ? "write" : "read", id.thread, id.index,
                       describe_source(e.source));
  };
  return fmt::format("data race on {}: {} and {} are not ordered by happens-before{}",
                     describe_location(g, g[second].location), access(first), access(second),
                     missing_synchronization(g, first, second));
}

namespace {

// A stale read (possible under RC11): the co-latest write to its location that is co-after its
// source and comes before it in `order` (the read at `order[at]`), if any.
std::optional<EventId> newer_write_shown_before(const ExecutionGraph& g,
                                                const std::vector<EventId>& order, std::size_t at) {
  const Event& read = g[order[at]];
  std::optional<EventId> newer;
  for (std::size_t i = 0; i < at; ++i) {
    const Event& e = g[order[i]];
    if (e.kind == EventKind::write && e.location == read.location &&
        g.co_index(order[i]) > g.co_index(read.rf) &&
        (!newer || g.co_index(order[i]) > g.co_index(*newer))) {
      newer = order[i];
    }
  }
  return newer;
}

}  // namespace

std::string format_trace(const ExecutionGraph& g, const std::vector<EventId>& order) {
  // A long trace (a loop that ran into max_events) shows its beginning and its end.
  constexpr std::size_t shown_at_each_end = 40;
  const bool shortened = order.size() > 3 * shown_at_each_end;
  std::string out;
  std::size_t step = 0;
  for (EventId id : order) {
    ++step;
    if (shortened && step > shown_at_each_end && step <= order.size() - shown_at_each_end) {
      if (step == shown_at_each_end + 1) {
        out += fmt::format("        ... {} events not shown ...\n",
                           order.size() - 2 * shown_at_each_end);
      }
      continue;
    }
    const Event& e = g[id];
    std::string what = describe_operation(g, e);
    if (e.wait == graph::WaitPart::wake) {
      what += e.rf.is_init() ? "  [asleep: no notify wakes it]"
                             : fmt::format("  [woken by {}.{}]", e.rf.thread, e.rf.index);
    } else if (e.kind == EventKind::read) {
      if (!holds_object(g, e)) {
        what += " -> " + value_text(g, e, e.value);
      }
      const std::string source = e.rf.is_init()
                                     ? "reads initial value"
                                     : fmt::format("reads {}.{}", e.rf.thread, e.rf.index);
      const std::optional<EventId> newer = newer_write_shown_before(g, order, step - 1);
      what += newer ? fmt::format("  [{}; newer in coherence: {}.{}]", source, newer->thread,
                                  newer->index)
                    : fmt::format("  [{}]", source);
      if (e.rmw.fails_spuriously) {
        what += " fails spuriously";
      }
    }
    std::string line =
        fmt::format("  {:>4}  thread {:<3} {:<5} {:<56}{}", step, id.thread,
                    fmt::format("{}.{}", id.thread, id.index), what, describe_source(e.source));
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + '\n';
  }
  return out;
}

namespace {

// Each read's source as its position in `order` (`i`: the initial write), `s` after it for a weak
// compare-exchange that failed spuriously, in order.
std::string weak_sources(const ExecutionGraph& g, const std::vector<EventId>& order) {
  std::string out;
  for (EventId e : order) {
    if (g[e].kind != EventKind::read) {
      continue;
    }
    const EventId source = g[e].rf;
    const auto at = std::find(order.begin(), order.end(), source);
    out += out.empty() ? "" : ",";
    out += source.is_init() || at == order.end()
               ? std::string("i")
               : fmt::format("{}", static_cast<std::size_t>(at - order.begin()));
    if (g[e].rmw.fails_spuriously) {
      out += 's';
    }
  }
  return out;
}

// Each write's index in its location's coherence order, in order.
std::string weak_co_places(const ExecutionGraph& g, const std::vector<EventId>& order) {
  std::string out;
  for (EventId e : order) {
    if (g[e].kind == EventKind::write) {
      out += fmt::format("{}{}", out.empty() ? "" : ",", g.co_index(e));
    }
  }
  return out;
}

}  // namespace

std::string encode_schedule(const ExecutionGraph& g, const std::vector<EventId>& order,
                            std::uint32_t body_id, bool operational, bool rc11) {
  const bool weak = rc11 && !operational;  // reads may read older writes: say which
  std::string out =
      fmt::format("{}{}{:08x}:", rc11 ? "rc11" : "sc", operational ? '!' : '@', body_id);
  for (std::size_t i = 0; i < order.size();) {
    std::size_t run = 1;
    while (i + run < order.size() && order[i + run].thread == order[i].thread) {
      ++run;
    }
    if (i > 0) {
      out += ',';
    }
    out +=
        run == 1 ? fmt::format("{}", order[i].thread) : fmt::format("{}x{}", order[i].thread, run);
    i += run;
  }
  char separator = '/';
  for (EventId e : order) {
    if (g[e].kind == EventKind::choice) {
      out += fmt::format("{}{}", separator, g[e].value);
      separator = ',';
    }
  }
  if (weak) {
    if (separator == '/') {
      out += '/';  // no choices
    }
    out += '/' + weak_sources(g, order) + '/' + weak_co_places(g, order);
  }
  return out;
}

namespace {

// "a,b,c" -> f(a), f(b), f(c); false as soon as f is.
template <class F>
bool for_each_item(std::string_view s, F&& f) {
  while (!s.empty()) {
    const auto comma = s.find(',');
    if (!f(s.substr(0, comma))) {
      return false;
    }
    s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
  }
  return true;
}

}  // namespace

namespace {

// "3,i,12s": each read's source position (`i`: the initial write; `s`: failed spuriously).
bool parse_sources(std::string_view list, DecodedSchedule* out) {
  return for_each_item(list, [&](std::string_view item) {
    const bool spurious = item.ends_with('s');
    if (spurious) {
      item.remove_suffix(1);
    }
    std::uint32_t position = 0;
    if (item != "i" && !parse_number(item, &position)) {
      return false;
    }
    out->sources.push_back(item == "i" ? -1 : static_cast<std::int64_t>(position));
    out->spurious.push_back(spurious);
    return true;
  });
}

// "0,1,0": each write's index in its location's coherence order.
bool parse_co_places(std::string_view list, DecodedSchedule* out) {
  return for_each_item(list, [&](std::string_view item) {
    std::uint32_t place = 0;
    if (!parse_number(item, &place)) {
      return false;
    }
    out->co_places.push_back(place);
    return true;
  });
}

}  // namespace

bool decode_schedule(const std::string& text, DecodedSchedule* out) {
  std::string_view s = text;
  *out = DecodedSchedule{};
  out->rc11 = s.starts_with("rc11");
  if (out->rc11) {
    s.remove_prefix(4);
  } else if (s.starts_with("sc")) {
    s.remove_prefix(2);
  } else {
    return false;
  }
  out->operational = s.starts_with("!");
  if (s.starts_with("@") || out->operational) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos ||
        !parse_number(s.substr(1, colon - 1), &out->body_id, 16)) {
      return false;
    }
    s.remove_prefix(colon + 1);
  } else if (s.starts_with(":")) {
    s.remove_prefix(1);
  } else {
    return false;
  }
  // schedule / choices [/ sources / co places]
  std::string_view parts[4];
  std::size_t part_count = 0;
  for (; part_count < 4 && !s.empty(); ++part_count) {
    const auto slash = s.find('/');
    parts[part_count] = s.substr(0, slash);
    s = slash == std::string_view::npos ? std::string_view{} : s.substr(slash + 1);
  }
  if (!s.empty() || (out->weak() && part_count < 3) || (!out->weak() && part_count > 2)) {
    return false;
  }
  const std::string_view threads = parts[0];
  const std::string_view choices = parts[1];
  const bool weak_ok = parse_sources(parts[2], out) && parse_co_places(parts[3], out);
  if (!weak_ok) {
    return false;
  }
  const bool threads_ok = for_each_item(threads, [&](std::string_view item) {
    graph::ThreadId thread = 0;
    std::uint32_t count = 1;
    const auto x = item.find('x');
    if (!parse_number(item.substr(0, x), &thread)) {
      return false;
    }
    if (x != std::string_view::npos && (!parse_number(item.substr(x + 1), &count) || count == 0)) {
      return false;
    }
    out->threads.insert(out->threads.end(), count, thread);
    return true;
  });
  return threads_ok && for_each_item(choices, [&](std::string_view item) {
           std::uint32_t value = 0;
           if (!parse_number(item, &value)) {
             return false;
           }
           out->choices.push_back(value);
           return true;
         });
}

}  // namespace weft::model::report
