// The lock operations of weft/model/detail/lock_runtime.hpp.

#include <fmt/format.h>

#include "runtime/execution.hpp"
#include "weft/model/detail/lock_runtime.hpp"

namespace weft::model::detail {

using runtime::Execution;

void lock_wait_failed(std::uint32_t from, LocationId word, SourceLine where) {
  Execution::current().lock_wait_failed(from, word, where);
}

void notify_wait_failed(std::uint32_t from, LocationId cv, SourceLine where) {
  Execution::current().notify_wait_failed(from, cv, where);
}

void lock_misuse(LocationId word, const char* verb, const char* kind, const char* what,
                 SourceLine where) {
  Execution& execution = Execution::current();
  execution.fail(FailureKind::misuse,
                 fmt::format("thread {} {} {} {}, {}", execution.current_thread(), verb, kind,
                             execution.describe_location(word), what),
                 where);
}

void enter_no_abort() {
  Execution::current().enter_no_abort();
}

void leave_no_abort() noexcept {
  if (Execution* execution = Execution::current_or_null()) {
    execution->leave_no_abort();
  }
}

}  // namespace weft::model::detail
