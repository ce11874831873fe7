// operator<< for Report: the verdict, the counts, and for a failure its message, trace and
// replay string.

#include <ostream>

#include <fmt/format.h>

#include "weft/model/check.hpp"

namespace weft::model {

const char* to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::assertion:
      return "assertion failed";
    case FailureKind::data_race:
      return "data race";
    case FailureKind::deadlock:
      return "deadlock";
    case FailureKind::liveness:
      return "liveness";
    case FailureKind::exception:
      return "uncaught exception";
    case FailureKind::event_limit:
      return "event limit exceeded";
    case FailureKind::thread_not_joined:
      return "thread not joined";
    case FailureKind::misuse:
      return "misuse";
    case FailureKind::internal_error:
      return "internal error";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, const Report& report) {
  const char* verdict = report.verdict == Verdict::ok              ? "ok"
                        : report.verdict == Verdict::failed        ? "FAILED"
                        : report.verdict == Verdict::bound_reached ? "BOUND REACHED"
                                                                   : "SAMPLED";
  out << fmt::format("weft::model::check: {}: {} complete executions, {} blocked", verdict,
                     report.executions, report.blocked);
  if (report.failed_executions != 0) {
    out << fmt::format(", {} failing", report.failed_executions);
  }
  if (report.moot != 0) {
    out << fmt::format(", {} moot (abandoned, not counted)", report.moot);
  }
  out << fmt::format(" ({:.3f} s)\n", report.seconds);
  if (report.verdict == Verdict::sampled) {
    out << fmt::format("  {}: random schedules, not every execution was explored\n", report.bound);
  } else if (!report.bound.empty()) {
    out << fmt::format(
        "  bounded by {}{}\n", report.bound,
        report.verdict == Verdict::bound_reached ? ": not every execution was explored" : "");
  }
  if (const auto& f = report.failure) {
    out << fmt::format("{}: {}\n", to_string(f->kind), f->message);
    if (!f->file.empty()) {
      out << fmt::format("  at {}:{}\n", f->file, f->line);
    }
    if (!f->trace.empty()) {
      out << "trace of the failing execution:\n" << f->trace;
    }
    if (!f->replay.empty()) {
      out << fmt::format("replay it with WEFT_REPLAY='{}' (or Options::replay)\n", f->replay);
    }
  }
  return out;
}

}  // namespace weft::model
