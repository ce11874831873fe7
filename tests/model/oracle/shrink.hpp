// Cutting a failing oracle program down to a small one that still fails the same way: greedy
// one-step reductions (drop an operation, a thread, a location, a spin condition; replace a
// branch by one arm; lower a constant) while a caller's test still holds.

#pragma once

#include <functional>

#include "program.hpp"

namespace weft::model::oracle {

// The smallest program reached from `program` by reductions that keep `still_fails` true,
// trying at most `max_tries` candidates for at most about `max_seconds`. Registers are
// renumbered in order of appearance.
Program shrink(Program program, const std::function<bool(const Program&)>& still_fails,
               int max_tries = 3000, double max_seconds = 60);

}  // namespace weft::model::oracle
