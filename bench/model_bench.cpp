// weft_model_bench: runs every program of bench/programs at every size under SC and prints, per
// row, weft's verdict, complete and blocked executions, wall time and speed beside GenMC's count
// (from /work/shared/bench-programs/README.md), marking each row "match" or "MISMATCH". Exits
// with status 1 if any row does not match (count or verdict).
//
//   weft_model_bench                 every row up to 5M explored executions (complete and
//                                    blocked; runs for ticketlock), about 2 minutes in
//                                    Release: ttas N=6 (~40 s), ticketlock N=9 (~30 s) and
//                                    seqlock N=5 (~5 s) are the long ones. The rows above
//                                    (seqlock N=6, 7: minutes to an hour) are listed as skipped.
//   weft_model_bench --quick         only the rows up to 200k explored executions (~10 s)
//   weft_model_bench --all           every row, whatever it costs
//   weft_model_bench --max-work=N    only the rows up to N explored executions
//   weft_model_bench --filter=TEXT   only the rows whose name ("ttas N=5") contains TEXT
//   weft_model_bench --benchmark_out=FILE   also writes the results as JSON to FILE
//
// Other --benchmark_* flags (Google Benchmark's, which scripts/run-bench.sh passes to every
// program) are accepted and ignored.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "programs.hpp"
#include "weft/model.hpp"

namespace {

namespace bp = weft::bench_programs;
using weft::model::FailureKind;
using weft::model::Report;
using weft::model::Verdict;

struct Args {
  std::uint64_t max_work = 5'000'000;
  std::string filter;
  std::string json_out;
};

void usage() {
  std::cerr << "usage: weft_model_bench [--quick | --all | --max-work=N] [--filter=TEXT] "
               "[--benchmark_out=FILE]\n";
}

bool parse(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; i++) {
    const std::string_view a = argv[i];
    auto value = [&](std::string_view prefix) { return std::string(a.substr(prefix.size())); };
    if (a == "--quick") {
      args->max_work = 200'000;
    } else if (a == "--all") {
      args->max_work = UINT64_MAX;
    } else if (a.starts_with("--max-work=")) {
      args->max_work = std::strtoull(value("--max-work=").c_str(), nullptr, 10);
    } else if (a.starts_with("--filter=")) {
      args->filter = value("--filter=");
    } else if (a.starts_with("--benchmark_out=")) {
      args->json_out = value("--benchmark_out=");
    } else if (a.starts_with("--benchmark_")) {
      // Google Benchmark's flags, meant for the other benchmark programs.
    } else if (a == "--help" || a == "-h") {
      usage();
      std::exit(0);
    } else {
      std::cerr << "weft_model_bench: unknown argument " << a << "\n";
      usage();
      return false;
    }
  }
  return true;
}

std::string verdict_of(const Report& r) {
  switch (r.verdict) {
    case Verdict::ok:
      return "ok";
    case Verdict::bound_reached:
      return "bound";
    case Verdict::sampled:
      return "sampled";
    case Verdict::failed:
      return r.failure ? std::string(weft::model::to_string(r.failure->kind)) : "failed";
  }
  return "?";
}

std::string expected_verdict(const bp::Program& p) {
  return p.safe ? "ok" : std::string(weft::model::to_string(p.failure));
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

struct Result {
  std::string name;
  std::string status;  // match, MISMATCH, skipped
  Report report;
  std::uint64_t genmc = 0;
  double genmc_seconds = 0;
};

// One line of the table; every cell is formatted by the caller (or is a number).
template <class... Cells>
std::string row_line(const Cells&... cells) {
  return fmt::format(
      "{:<19} {:<5} {:<9} {:>10} {:>10} {:>10} {:>9} {:>10} {:>11} {:>10} {:>8} "
      "{:>11} {:>7}  {}",
      cells...);
}

// GenMC's complete executions per second, where its time is known.
std::string genmc_rate(const bp::Row& row) {
  return row.genmc_seconds > 0
             ? fmt::format("{:.0f}", static_cast<double>(row.genmc_executions) / row.genmc_seconds)
             : "";
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse(argc, argv, &args)) {
    return 2;
  }

  const std::string header =
      row_line("program", "size", "verdict", "executions", "blocked", "moot", "time [s]", "exec/s",
               "runs/s", "GenMC", "GenMC s", "GenMC ex/s", "ratio", "");
  std::cout << "weft model checker on the GenMC reference programs (SC; GenMC v0.11.0's SC "
               "complete-execution counts)\n"
            << header << "\n"
            << std::string(header.size() + 8, '-') << "\n";

  std::vector<Result> results;
  int mismatches = 0;
  int skipped = 0;
  double total_seconds = 0;
  for (const bp::Program& program : bp::programs()) {
    for (const bp::Row& row : program.rows) {
      const std::string name = bp::row_name(program, row);
      if (!args.filter.empty() && name.find(args.filter) == std::string::npos) {
        continue;
      }
      Result result;
      result.name = name;
      result.genmc = row.genmc_executions;
      result.genmc_seconds = row.genmc_seconds;
      const std::string genmc_s =
          row.genmc_seconds > 0 ? fmt::format("{:.2f}", row.genmc_seconds) : "";
      if (row.work > args.max_work) {
        result.status = "skipped";
        ++skipped;
        std::cout << row_line(program.name, row.size, "-", "-", "-", "-", "-", "-", "-",
                              row.genmc_executions, genmc_s, genmc_rate(row), "-",
                              fmt::format("skipped: ~{:.3g} explored executions > {:.3g} (--all)",
                                          static_cast<double>(row.work),
                                          static_cast<double>(args.max_work)))
                  << std::endl;
        results.push_back(std::move(result));
        continue;
      }
      const int n = row.n;
      const Report report =
          weft::model::check([body = row.body, n] { body(n); }, bp::options_for(program));
      total_seconds += report.seconds;
      const bool verdict_ok = program.safe ? report.ok()
                                           : (report.verdict == Verdict::failed && report.failure &&
                                              report.failure->kind == program.failure);
      const bool match = verdict_ok && report.executions == row.genmc_executions;
      std::string status = match ? "match" : "MISMATCH";
      if (!verdict_ok) {
        status += fmt::format(" (expected verdict {})", expected_verdict(program));
      }
      if (!match && row.known_mismatch != 0) {
        status += " (known)";
      }
      if (!match) {
        ++mismatches;
      }
      const double secs = report.seconds > 0 ? report.seconds : 1e-9;
      const double rate = static_cast<double>(report.executions) / secs;
      const std::string ratio =
          row.genmc_seconds > 0
              ? fmt::format("{:.2f}x",
                            rate * row.genmc_seconds / static_cast<double>(row.genmc_executions))
              : "";
      std::cout << row_line(program.name, row.size, verdict_of(report), report.executions,
                            report.blocked, report.moot, fmt::format("{:.3f}", report.seconds),
                            fmt::format("{:.0f}", rate),
                            fmt::format("{:.0f}", static_cast<double>(report.runs) / secs),
                            row.genmc_executions, genmc_s, genmc_rate(row), ratio, status)
                << std::endl;
      result.status = match ? "match" : "MISMATCH";
      result.report = report;
      results.push_back(std::move(result));
    }
  }

  std::cout << "\n"
            << results.size() << " rows, " << mismatches << " mismatch(es), " << skipped
            << " skipped; " << fmt::format("{:.1f}", total_seconds) << " s checking\n";
  std::cout << "exec/s counts complete executions; runs/s every run of the body (complete, "
               "blocked, moot, failed); GenMC s is GenMC's wall time where it was measured (see "
               "bench/programs/programs.hpp); ratio is weft's exec/s over GenMC's.\n";

  if (!args.json_out.empty()) {
    std::ofstream out(args.json_out);
    out << "{\n  \"rows\": [\n";
    for (std::size_t i = 0; i < results.size(); i++) {
      const Result& r = results[i];
      out << fmt::format(
          "    {{\"name\": \"{}\", \"status\": \"{}\", \"verdict\": \"{}\", \"executions\": {}, "
          "\"blocked\": {}, \"moot\": {}, \"runs\": {}, \"seconds\": {:.6f}, "
          "\"genmc_executions\": {}, \"genmc_seconds\": {}}}{}\n",
          json_escape(r.name), r.status, r.status == "skipped" ? "" : verdict_of(r.report),
          r.report.executions, r.report.blocked, r.report.moot, r.report.runs, r.report.seconds,
          r.genmc, r.genmc_seconds, i + 1 < results.size() ? "," : "");
    }
    out << "  ]\n}\n";
    if (!out) {
      std::cerr << "weft_model_bench: could not write " << args.json_out << "\n";
      return 2;
    }
  }
  return mismatches == 0 ? 0 : 1;
}
