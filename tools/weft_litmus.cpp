// weft-litmus: answers herd7 C litmus tests with weft::model's engine (issue 11).
//
//   weft-litmus [--model rc11|c++20|sc] [--json] [--timeout SECONDS] [--graph FILE.dot] [-j N]
//               FILE|DIR...
//
// Each FILE is read, parsed (litmus/parser.hpp) and run (litmus/interpreter.hpp); a DIR is
// walked recursively for `*.litmus` files, taken in sorted path order. Each test's report goes
// to stdout in herd7's layout (litmus/herd_output.hpp) or, with --json, as one JSON line, in the
// order the files were named, whatever -j is. A file that cannot be read or parsed gets
// `file:line:col: message` on stderr (with --json also a JSON line on stdout); a run that times
// out or fails gets its report and a line on stderr. A summary line ends stderr:
//   weft-litmus: 66 files: 40 Ok, 17 No (9 with a race), 9 errors, 0 timeouts
// Exit status: 0 when every file was answered, 2 when any was not (unreadable, malformed or
// unsupported, timed out, failed, a missing path, a directory without tests), 1 on bad options.
//
// With -j N, N std::threads take the files in turn; each test is parsed and run wholly on one
// thread (weft's runtime keeps its state per OS thread), so tests never share engine state.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <variant>
#include <vector>

#include "litmus/herd_output.hpp"
#include "litmus/interpreter.hpp"
#include "litmus/parser.hpp"

namespace {

namespace fs = std::filesystem;
using weft::litmus::Answer;

// Larger inputs are rejected by the parser anyway; reading stops one byte past its limit so a
// huge or endless file (a device) cannot exhaust memory.
constexpr std::size_t read_limit = (std::size_t{1} << 20) + 1;

enum class Outcome : std::uint8_t { ok, no, error, timeout };

// What one file produced: its report for stdout, its diagnostic for stderr (may be empty).
struct FileResult {
  Outcome outcome = Outcome::error;
  bool race = false;
  std::string report;
  std::string diagnostic;
};

struct Config {
  weft::litmus::RunOptions run;
  bool json = false;
  std::string graph_path;  // --graph: where the witness graph goes ("" for none)
  bool several_files = false;
};

// Where --graph writes `file`'s graph: the path as given for a single test; for several,
// the path with the test file's stem before its extension (out.dot: out.SB.dot).
fs::path graph_path_for(const Config& config, const std::string& file) {
  if (!config.several_files) {
    return config.graph_path;
  }
  fs::path path = config.graph_path;
  const fs::path extension = path.extension();
  path.replace_extension();
  path += "." + fs::path(file).stem().string();
  path += extension;
  return path;
}

// Writes the graph; an error message, or "".
std::string write_graph(const Config& config, const std::string& file, const Answer& answer) {
  const fs::path path = graph_path_for(config, file);
  std::ofstream out(path, std::ios::binary);
  out << answer.graph;
  out.close();
  return out ? "" : fmt::format("{}: error: cannot write the graph to {}", file, path.string());
}

// read_text: at most read_limit bytes of `path`, or nullopt with `error` set.
std::optional<std::string> read_text(const fs::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return std::nullopt;
  }
  std::string text(read_limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

FileResult failure(const Config& config, const std::string& file, const std::string& message) {
  FileResult result;
  result.diagnostic = message + "\n";
  if (config.json) {
    result.report = weft::litmus::format_json_failure(file, message) + "\n";
  }
  return result;
}

FileResult answer_file(const Config& config, const std::string& file) {
  std::string read_error;
  const std::optional<std::string> text = read_text(file, read_error);
  if (!text) {
    return failure(config, file, fmt::format("{}: error: {}", file, read_error));
  }
  auto parsed = weft::litmus::parse(*text);
  if (const auto* error = std::get_if<weft::litmus::ParseError>(&parsed)) {
    return failure(config, file, weft::litmus::format_error(file, *error));
  }
  const auto& test = std::get<weft::litmus::Test>(parsed);
  const Answer answer = weft::litmus::run(test, config.run);
  FileResult result;
  result.race = answer.race;
  result.report = config.json ? weft::litmus::format_json(file, test, answer) + "\n"
                              : weft::litmus::format_herd(test, answer);
  if (answer.timed_out) {
    result.outcome = Outcome::timeout;
    result.diagnostic =
        fmt::format("{}: error: no answer within {} s\n", file, config.run.timeout_seconds);
  } else if (!answer.error.empty()) {
    result.diagnostic = fmt::format("{}: error: {}\n", file, answer.error);
  } else {
    result.outcome = answer.ok ? Outcome::ok : Outcome::no;
  }
  if (!config.graph_path.empty() && result.diagnostic.empty()) {
    if (const std::string error = write_graph(config, file, answer); !error.empty()) {
      result.outcome = Outcome::error;
      result.diagnostic = error + "\n";
    }
  }
  return result;
}

// answer_file_safely: answer_file, with any exception reported as that file's error.
FileResult answer_file_safely(const Config& config, const std::string& file) {
  try {
    return answer_file(config, file);
  } catch (const std::exception& e) {
    return failure(config, file, fmt::format("{}: error: internal error: {}", file, e.what()));
  } catch (...) {
    return failure(config, file, fmt::format("{}: error: internal error", file));
  }
}

// An input: a file to answer, or a path that named nothing usable (its message).
struct Input {
  std::string file;
  std::string problem;
};

void collect(const std::string& path, std::vector<Input>& inputs) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    inputs.push_back({path, fmt::format("{}: error: no such file or directory", path)});
    return;
  }
  if (!fs::is_directory(status)) {
    inputs.push_back({path, ""});
    return;
  }
  std::vector<std::string> found;
  auto it =
      fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (it->path().extension() == ".litmus" && it->is_regular_file(type_ec)) {
      found.push_back(it->path().string());
    }
  }
  if (ec) {
    inputs.push_back({path, fmt::format("{}: error: {}", path, ec.message())});
  }
  if (found.empty() && !ec) {
    inputs.push_back({path, fmt::format("{}: error: no .litmus files in this directory", path)});
  }
  std::sort(found.begin(), found.end());
  for (std::string& file : found) {
    inputs.push_back({std::move(file), ""});
  }
}

// Answers `inputs` on `jobs` threads; prints each result in input order as soon as it and all
// before it are done. Returns the results.
std::vector<FileResult> answer_all(const Config& config, const std::vector<Input>& inputs,
                                   unsigned jobs) {
  std::vector<std::optional<FileResult>> results(inputs.size());
  std::mutex mutex;
  std::condition_variable done;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < inputs.size(); i = next.fetch_add(1)) {
      FileResult result = inputs[i].problem.empty()
                              ? answer_file_safely(config, inputs[i].file)
                              : failure(config, inputs[i].file, inputs[i].problem);
      const std::scoped_lock lock(mutex);
      results[i] = std::move(result);
      done.notify_one();
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 0; t < std::min<std::size_t>(jobs, inputs.size()); ++t) {
    threads.emplace_back(worker);
  }
  std::vector<FileResult> printed;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return results[i].has_value(); });
    FileResult result = std::move(*results[i]);
    lock.unlock();
    std::fputs(result.report.c_str(), stdout);
    std::fflush(stdout);
    std::fputs(result.diagnostic.c_str(), stderr);
    printed.push_back(std::move(result));
  }
  return printed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"weft-litmus: answers herd7 C litmus tests with weft's model checker"};
  Config config;
  std::vector<std::string> paths;
  std::string model = "rc11";
  unsigned jobs = 1;
  const CLI::Validator positive(
      [](const std::string& text) -> std::string {
        double value = 0;
        return CLI::detail::lexical_cast(text, value) && value > 0 ? "" : "must be > 0";
      },
      "SECONDS > 0");
  app.add_option("--model", model, "memory model: rc11 (herd's rc11.cat), c++20 or sc")
      ->check(CLI::IsMember({"rc11", "c++20", "sc"}))
      ->capture_default_str();
  app.add_flag("--json", config.json, "one JSON line per test instead of herd's layout");
  app.add_option("--timeout", config.run.timeout_seconds, "seconds per test")
      ->check(positive)
      ->capture_default_str();
  app.add_option("--graph", config.graph_path,
                 "write one execution as Graphviz: a witness of the condition (for forall a "
                 "counter-example); with several tests, FILE.TEST.dot each");
  app.add_option("-j,--jobs", jobs, "tests run in parallel")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  app.add_option("paths", paths, "litmus files and directories (walked for *.litmus)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;  // --help is a ParseError too
  }
  config.run.model = model == "sc"      ? weft::litmus::ModelChoice::sc
                     : model == "c++20" ? weft::litmus::ModelChoice::cpp20
                                        : weft::litmus::ModelChoice::rc11;

  std::vector<Input> inputs;
  for (const std::string& path : paths) {
    collect(path, inputs);
  }
  config.run.graph = !config.graph_path.empty();
  config.several_files = inputs.size() > 1;
  const std::vector<FileResult> results = answer_all(config, inputs, jobs);

  int ok = 0;
  int no = 0;
  int racy = 0;
  int errors = 0;
  int timeouts = 0;
  for (const FileResult& result : results) {
    ok += result.outcome == Outcome::ok ? 1 : 0;
    no += result.outcome == Outcome::no ? 1 : 0;
    errors += result.outcome == Outcome::error ? 1 : 0;
    timeouts += result.outcome == Outcome::timeout ? 1 : 0;
    racy += result.race && (result.outcome == Outcome::ok || result.outcome == Outcome::no) ? 1 : 0;
  }
  fmt::print(stderr, "weft-litmus: {} {}: {} Ok, {} No ({} with a race), {} errors, {} timeouts\n",
             results.size(), results.size() == 1 ? "file" : "files", ok, no, racy, errors,
             timeouts);
  return errors + timeouts > 0 ? 2 : 0;
}
