// weft/model.hpp: weft's model checker for C++ concurrency.
//
// Write a test body against weft::model's stand-ins for the standard library (atomic,
// atomic_flag, thread, fence, mutex, shared_mutex, condition_variable) plus cell for plain
// shared memory, Mutex<T> (a data-owning lock) and SyncMutex<T> (weft's own lock algorithm), and
// weft::model::check() runs it under every execution the memory model allows, each exactly once,
// reporting data races, deadlocks, spin loops that never end and failed WEFT_ASSERTs with a
// readable trace and a replay string. See README.md and docs/architecture.md.

#pragma once

#include "weft/model/assert.hpp"              // IWYU pragma: export
#include "weft/model/atomic.hpp"              // IWYU pragma: export
#include "weft/model/atomic_flag.hpp"         // IWYU pragma: export
#include "weft/model/cell.hpp"                // IWYU pragma: export
#include "weft/model/check.hpp"               // IWYU pragma: export
#include "weft/model/condition_variable.hpp"  // IWYU pragma: export
#include "weft/model/fence.hpp"               // IWYU pragma: export
#include "weft/model/mutex.hpp"               // IWYU pragma: export
#include "weft/model/shared_mutex.hpp"        // IWYU pragma: export
#include "weft/model/spin.hpp"                // IWYU pragma: export
#include "weft/model/std_mutex.hpp"           // IWYU pragma: export
#include "weft/model/sync_mutex.hpp"          // IWYU pragma: export
#include "weft/model/thread.hpp"              // IWYU pragma: export
#include "weft/model/thread_local.hpp"        // IWYU pragma: export
