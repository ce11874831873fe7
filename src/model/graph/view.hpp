// View: a vector clock over threads. view[t] = how many of thread t's first events (in program
// order) belong to the set it describes.

#pragma once

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cstdint>

namespace weft::model::graph {

class View {
 public:
  std::uint32_t operator[](std::uint32_t thread) const {
    return thread < counts_.size() ? counts_[thread] : 0;
  }

  // True if event (thread, index) is in the set.
  bool contains(std::uint32_t thread, std::uint32_t index) const {
    return index < (*this)[thread];
  }

  // Adds events 0..index of `thread`.
  void include(std::uint32_t thread, std::uint32_t index) {
    if (thread >= counts_.size()) {
      counts_.resize(thread + 1, 0);
    }
    counts_[thread] = std::max(counts_[thread], index + 1);
  }

  void join(const View& other) {
    if (other.counts_.size() > counts_.size()) {
      counts_.resize(other.counts_.size(), 0);
    }
    for (std::size_t t = 0; t < other.counts_.size(); ++t) {
      counts_[t] = std::max(counts_[t], other.counts_[t]);
    }
  }

  std::uint32_t thread_count() const { return static_cast<std::uint32_t>(counts_.size()); }

 private:
  // Most tests have few threads: keep their clocks inline, without a heap allocation per event.
  boost::container::small_vector<std::uint32_t, 8> counts_;
};

}  // namespace weft::model::graph
