// The notes' naive mutex (a Relaxed load, then a separate Relaxed store), 2 threads x 1
// increment: the checker finds the bug, prints the execution that shows it, and replays it from
// its replay string. Under RC11 (the default) the first execution that shows it is a data race
// on the counter: the Relaxed unlock synchronizes with nothing (under Model::sc, where every
// access is seq_cst, it is the lost update). Exits 0 when the bug is found and reproduced.

#include <iostream>

#include "notes_locks.hpp"

int main() {
  auto body = [] { notes::counter_under_lock<notes::NaiveLock>(2, 1); };
  const weft::model::Report report = weft::model::check(body);
  std::cout << report;
  if (report.ok() || !report.failure) {
    std::cout << "expected the lost update to be found\n";
    return 1;
  }
  weft::model::Options replay;
  replay.replay = report.failure->replay;
  std::cout << "\nreplaying it:\n";
  const weft::model::Report again = weft::model::check(body, replay);
  const bool same = again.failure && again.failure->kind == report.failure->kind &&
                    again.failure->message == report.failure->message;
  std::cout << (same ? "the replay reproduces the failure\n" : "the replay did not reproduce it\n");
  return same ? 0 : 1;
}
