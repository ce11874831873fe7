// weft/sync.hpp: weft's production synchronization primitives.
#pragma once

#include "weft/sync/mutex.hpp"      // IWYU pragma: export
#include "weft/sync/spin_lock.hpp"  // IWYU pragma: export
