// weft_model_bench: runs every program of bench/programs at every size under SC, then under
// RC11, and prints, per row, weft's verdict, complete and blocked executions, wall time and speed
// beside GenMC's count under the same model (from /work/shared/bench-programs/README.md),
// marking each row "match" or "MISMATCH". Exits with status 1 if any row does not match (count
// or verdict).
//
//   weft_model_bench --model=sc      only the SC table (--model=rc11: only the RC11 one)
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
  std::vector<weft::model::Model> models = {weft::model::Model::sc, weft::model::Model::rc11};
  std::uint64_t max_work = 5'000'000;
  std::string filter;
  std::string json_out;
};

void usage() {
  std::cerr << "usage: weft_model_bench [--model=sc|rc11] [--quick | --all | --max-work=N] "
               "[--filter=TEXT] [--benchmark_out=FILE]\n";
}

bool parse(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; i++) {
    const std::string_view a = argv[i];
    auto value = [&](std::string_view prefix) { return std::string(a.substr(prefix.size())); };
    if (a == "--model=sc") {
      args->models = {weft::model::Model::sc};
    } else if (a == "--model=rc11") {
      args->models = {weft::model::Model::rc11};
    } else if (a == "--quick") {
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

std::string expected_verdict(const bp::Answer& genmc) {
  return genmc.safe ? "ok" : std::string(weft::model::to_string(genmc.failure));
}

const char* model_name(weft::model::Model model) {
  return model == weft::model::Model::rc11 ? "rc11" : "sc";
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
  weft::model::Model model = weft::model::Model::sc;
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
std::string genmc_rate(const bp::Answer& genmc) {
  return genmc.seconds > 0
             ? fmt::format("{:.0f}", static_cast<double>(genmc.executions) / genmc.seconds)
             : "";
}

// The counts of one table (one memory model).
struct Tally {
  int mismatches = 0;
  int skipped = 0;
  double seconds = 0;
};

// Checks one row under `model` and prints its line.
Result check_row(const bp::Program& program, const bp::Row& row, weft::model::Model model,
                 Tally* tally) {
  const bp::Answer genmc = bp::genmc_answer(program, row, model);
  Result result;
  result.model = model;
  result.name = bp::row_name(program, row);
  result.genmc = genmc.executions;
  result.genmc_seconds = genmc.seconds;
  const std::string genmc_s = genmc.seconds > 0 ? fmt::format("{:.2f}", genmc.seconds) : "";
  const int n = row.n;
  const Report report =
      weft::model::check([body = row.body, n] { body(n); }, bp::options_for(program, model));
  tally->seconds += report.seconds;
  const bool verdict_ok = genmc.safe ? report.ok()
                                     : (report.verdict == Verdict::failed && report.failure &&
                                        report.failure->kind == genmc.failure);
  const bool match = verdict_ok && report.executions == genmc.executions;
  std::string status = match ? "match" : "MISMATCH";
  if (!verdict_ok) {
    status += fmt::format(" (expected verdict {})", expected_verdict(genmc));
  }
  if (!match && row.known_mismatch != 0) {
    status += " (known)";
  }
  tally->mismatches += match ? 0 : 1;
  const double secs = report.seconds > 0 ? report.seconds : 1e-9;
  const double rate = static_cast<double>(report.executions) / secs;
  const std::string ratio =
      genmc.seconds > 0
          ? fmt::format("{:.2f}x", rate * genmc.seconds / static_cast<double>(genmc.executions))
          : "";
  std::cout << row_line(program.name, row.size, verdict_of(report), report.executions,
                        report.blocked, report.moot, fmt::format("{:.3f}", report.seconds),
                        fmt::format("{:.0f}", rate),
                        fmt::format("{:.0f}", static_cast<double>(report.runs) / secs),
                        genmc.executions, genmc_s, genmc_rate(genmc), ratio, status)
            << std::endl;
  result.status = match ? "match" : "MISMATCH";
  result.report = report;
  return result;
}

// Prints the table of every row under `model`, appending its results.
Tally run_table(weft::model::Model model, const Args& args, std::vector<Result>* results) {
  const std::string header =
      row_line("program", "size", "verdict", "executions", "blocked", "moot", "time [s]", "exec/s",
               "runs/s", "GenMC", "GenMC s", "GenMC ex/s", "ratio", "");
  const bool rc11 = model == weft::model::Model::rc11;
  std::cout << fmt::format(
                   "weft model checker on the GenMC reference programs ({0}; GenMC v0.11.0's "
                   "{0} complete-execution counts)\n",
                   rc11 ? "RC11" : "SC")
            << header << "\n"
            << std::string(header.size() + 8, '-') << "\n";
  Tally tally;
  std::size_t rows = 0;
  for (const bp::Program& program : bp::programs()) {
    for (const bp::Row& row : program.rows) {
      if (!args.filter.empty() &&
          bp::row_name(program, row).find(args.filter) == std::string::npos) {
        continue;
      }
      ++rows;
      if (row.work <= args.max_work) {
        results->push_back(check_row(program, row, model, &tally));
        continue;
      }
      const bp::Answer genmc = bp::genmc_answer(program, row, model);
      Result result;
      result.model = model;
      result.name = bp::row_name(program, row);
      result.status = "skipped";
      result.genmc = genmc.executions;
      result.genmc_seconds = genmc.seconds;
      ++tally.skipped;
      std::cout << row_line(program.name, row.size, "-", "-", "-", "-", "-", "-", "-",
                            genmc.executions,
                            genmc.seconds > 0 ? fmt::format("{:.2f}", genmc.seconds) : "",
                            genmc_rate(genmc), "-",
                            fmt::format("skipped: ~{:.3g} explored executions > {:.3g} (--all)",
                                        static_cast<double>(row.work),
                                        static_cast<double>(args.max_work)))
                << std::endl;
      results->push_back(std::move(result));
    }
  }
  std::cout << "\n"
            << rows << " rows, " << tally.mismatches << " mismatch(es), " << tally.skipped
            << " skipped; " << fmt::format("{:.1f}", tally.seconds) << " s checking\n";
  std::cout << "exec/s counts complete executions; runs/s every run of the body (complete, "
               "blocked, moot, failed); GenMC s is GenMC's wall time where it was measured (see "
               "bench/programs/programs.hpp); ratio is weft's exec/s over GenMC's.\n\n";
  return tally;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse(argc, argv, &args)) {
    return 2;
  }
  std::vector<Result> results;
  int mismatches = 0;
  for (const weft::model::Model model : args.models) {
    mismatches += run_table(model, args, &results).mismatches;
  }

  if (!args.json_out.empty()) {
    std::ofstream out(args.json_out);
    out << "{\n  \"rows\": [\n";
    for (std::size_t i = 0; i < results.size(); i++) {
      const Result& r = results[i];
      out << fmt::format(
          "    {{\"model\": \"{}\", \"name\": \"{}\", \"status\": \"{}\", \"verdict\": \"{}\", "
          "\"executions\": {}, "
          "\"blocked\": {}, \"moot\": {}, \"runs\": {}, \"seconds\": {:.6f}, "
          "\"genmc_executions\": {}, \"genmc_seconds\": {}}}{}\n",
          model_name(r.model), json_escape(r.name), r.status,
          r.status == "skipped" ? "" : verdict_of(r.report), r.report.executions, r.report.blocked,
          r.report.moot, r.report.runs, r.report.seconds, r.genmc, r.genmc_seconds,
          i + 1 < results.size() ? "," : "");
    }
    out << "  ]\n}\n";
    if (!out) {
      std::cerr << "weft_model_bench: could not write " << args.json_out << "\n";
      return 2;
    }
  }
  return mismatches == 0 ? 0 : 1;
}
