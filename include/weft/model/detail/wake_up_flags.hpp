// weft/model/detail/wake_up_flags.hpp: how a model thread blocks until another wakes it, written
// once for the checker's blocking primitives. Internal: weft::model::condition_variable and the
// futex queue of weft::model::SyncMutex (detail/futex_queue.hpp) are built on it.
//
// Each blocking thread has a wake-up flag of its own (an atomic location, created at its first
// block and named "<queue>.wake_up[<thread>]"). Its n-th block ends when a waker writes n to
// the flag; the blocked thread awaits that value like a spin_until, so the checker revisits the
// await in place and never re-runs it, and a thread whose flag is never written is reported as
// a deadlock that names the queue. Which thread a waker writes to (the queue's word of blocked
// threads, one bit each) is for the primitive to decide.
//
// Memory ordering: the flag's write and read are seq_cst.

#pragma once

#include <bit>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "weft/model/detail/lock_runtime.hpp"
#include "weft/model/detail/runtime.hpp"

namespace weft::model::detail {

class wake_up_flags {
 public:
  // `queue`: the primitive's location, named in a deadlock report of a thread blocked here.
  wake_up_flags(std::string_view queue_name, LocationId queue)
      : queue_name_(queue_name), queue_(queue) {}

  // Counts a block of `thread` about to begin; returns the value that ends it (for await()).
  Value begin_block(std::uint32_t thread) {
    Flag& flag = flags_[thread];
    if (!flag.created) {
      flag.location = new_location(LocationKind::atomic, 8, 0, flag_name(thread));
      flag.created = true;
    }
    return ++flag.blocks;
  }

  // Ends the block of `thread` that began last.
  void wake(std::uint32_t thread, SourceLine where) {
    const Flag& flag = flags_.at(thread);
    store(flag.location, flag.blocks, std::memory_order_seq_cst, where);
  }

  // Blocks the calling thread until wake() writes `wake_up` (from begin_block()) to its flag.
  void await(Value wake_up, SourceLine where) {
    const LocationId location = flags_.at(current_thread()).location;
    const auto is_wake_up = [](const void* expected, Value v) {
      return v == *static_cast<const Value*>(expected);
    };
    const ValueFilter ends_wait{is_wake_up, &wake_up};
    for (;;) {
      const std::uint32_t from = spin_iteration_begin();
      if (load_until(location, std::memory_order_seq_cst, ends_wait, where) == wake_up) {
        spin_iteration_succeeded();
        return;
      }
      notify_wait_failed(from, queue_, where);
    }
  }

  // The `n`-th (from 0) set bit of `bits`, which has more than n: a thread number.
  static std::uint32_t nth_thread(Value bits, std::uint32_t n) {
    for (; n > 0; --n) {
      bits &= bits - 1;
    }
    return static_cast<std::uint32_t>(std::countr_zero(bits));
  }

 private:
  struct Flag {
    bool created = false;
    LocationId location;
    Value blocks = 0;  // blocks begun so far
  };

  std::string flag_name(std::uint32_t thread) const {
    return queue_name_.empty() ? std::string()
                               : queue_name_ + ".wake_up[" + std::to_string(thread) + "]";
  }

  std::string queue_name_;
  LocationId queue_;
  std::map<std::uint32_t, Flag> flags_;
};

}  // namespace weft::model::detail
