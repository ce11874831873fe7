// View: a vector clock over threads. view[t] = how many of thread t's first events (in program
// order) belong to the set it describes.

#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace weft::model::graph {

class View {
 public:
  std::uint32_t operator[](std::uint32_t thread) const {
    if (thread < inline_threads) {
      return small_[thread];
    }
    thread -= inline_threads;
    return thread < large_.size() ? large_[thread] : 0;
  }

  // True if event (thread, index) is in the set.
  bool contains(std::uint32_t thread, std::uint32_t index) const { return index < (*this)[thread]; }

  // Adds events 0..index of `thread`.
  void include(std::uint32_t thread, std::uint32_t index) {
    std::uint32_t& count = slot(thread);
    count = std::max(count, index + 1);
  }

  void join(const View& other) {
    for (std::size_t t = 0; t < inline_threads; ++t) {
      small_[t] = std::max(small_[t], other.small_[t]);
    }
    if (other.large_.size() > large_.size()) {
      large_.resize(other.large_.size(), 0);
    }
    for (std::size_t t = 0; t < other.large_.size(); ++t) {
      large_[t] = std::max(large_[t], other.large_[t]);
    }
  }

 private:
  // Most tests have few threads: their clocks stay inline, with no allocation per event.
  static constexpr std::uint32_t inline_threads = 8;

  std::uint32_t& slot(std::uint32_t thread) {
    if (thread < inline_threads) {
      return small_[thread];
    }
    thread -= inline_threads;
    if (thread >= large_.size()) {
      large_.resize(thread + 1, 0);
    }
    return large_[thread];
  }

  std::array<std::uint32_t, inline_threads> small_{};
  std::vector<std::uint32_t> large_;
};

}  // namespace weft::model::graph
