// Published lock-free structures whose orderings matter, ported operation by operation to
// weft::model and checked under RC11: each as published is verified, and each with one ordering
// weakened (the bug that passes every test on x86 and under SC) is reported.
//   - folly::ProducerConsumerQueue (folly/ProducerConsumerQueue.h): a single-producer,
//     single-consumer ring; the bug publishes the write index with a relaxed store.
//   - Dmitry Vyukov's bounded MPMC queue (1024cores.net, "Bounded MPMC queue"): per-cell sequence
//     numbers; the bug publishes a cell's data with a relaxed sequence store.
//   - A seqlock (Boehm, "Can seqlocks get along with programming language memory models?",
//     MSPC 2012, Figure 6: the reader's acquire fence): the bug drops the reader's fence.
// Slots are weft::model::cell<int>: an access the orderings do not order is a data race.

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <memory>

#include "expect_failure.hpp"
#include "weft/model.hpp"

namespace weft::model::real_code {
namespace {

constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;

Options under(Model model) {
  Options options;
  options.model = model;
  return options;
}

// folly::ProducerConsumerQueue<int> with `size` slots (size - 1 usable), write() and read() as
// folly has them; `publish` is the order of the index stores (folly: release).
class ProducerConsumerQueue {
 public:
  ProducerConsumerQueue(std::size_t size, std::memory_order publish)
      : size_(size), records_(std::make_unique<cell<int>[]>(size)), publish_(publish) {}

  bool write(int value) {
    const std::size_t current_write = write_index_.load(relaxed);
    std::size_t next_record = current_write + 1;
    if (next_record == size_) {
      next_record = 0;
    }
    if (next_record != read_index_.load(acquire)) {
      records_[current_write].set(value);
      write_index_.store(next_record, publish_);
      return true;
    }
    return false;  // queue is full
  }

  bool read(int& record) {
    const std::size_t current_read = read_index_.load(relaxed);
    if (current_read == write_index_.load(acquire)) {
      return false;  // queue is empty
    }
    std::size_t next_record = current_read + 1;
    if (next_record == size_) {
      next_record = 0;
    }
    record = records_[current_read].get();
    read_index_.store(next_record, publish_);
    return true;
  }

 private:
  const std::size_t size_;
  std::unique_ptr<cell<int>[]> records_;
  std::memory_order publish_;
  atomic<std::size_t> read_index_{0, "readIndex_"};
  atomic<std::size_t> write_index_{0, "writeIndex_"};
};

// The producer writes 1 and 2 into a ring of 2 slots (one usable: it waits for the consumer);
// the consumer reads until it has both, in order.
Report spsc(std::memory_order publish, Model model) {
  return check(
      [publish] {
        ProducerConsumerQueue queue(2, publish);
        thread consumer([&] {
          for (int expected = 1; expected <= 2; ++expected) {
            int value = 0;
            spin_until([&] { return queue.read(value); });
            WEFT_ASSERT(value == expected);
          }
        });
        for (int value = 1; value <= 2; ++value) {
          spin_until([&] { return queue.write(value); });
        }
        consumer.join();
      },
      under(model));
}

TEST(WeakMemoryStructures, ProducerConsumerQueueAsPublishedIsCorrect) {
  const Report report = spsc(release, Model::rc11);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 1U) << report;
}

TEST(WeakMemoryStructures, ProducerConsumerQueueWithRelaxedIndexStoresRaces) {
  const Report report = spsc(relaxed, Model::rc11);
  expect_failure(report, FailureKind::data_race, "data race on");
  EXPECT_TRUE(mentions(report.failure->message, "is not a release")) << report;
  EXPECT_EQ(spsc(relaxed, Model::sc).verdict, Verdict::ok);  // SC hides it
}

// Vyukov's bounded MPMC queue of ints with a power-of-two `size`; `publish` is the order of the
// sequence stores (published: release).
class MpmcQueue {
 public:
  MpmcQueue(std::size_t size, std::memory_order publish)
      : mask_(size - 1), cells_(std::make_unique<Cell[]>(size)), publish_(publish) {
    for (std::size_t i = 0; i < size; ++i) {
      cells_[i].sequence.store(i, relaxed);
    }
  }

  bool enqueue(int data) {
    Cell* cell = nullptr;
    std::size_t pos = enqueue_pos_.load(relaxed);
    for (;;) {
      cell = &cells_[pos & mask_];
      const std::size_t seq = cell->sequence.load(acquire);
      const auto dif = static_cast<std::ptrdiff_t>(seq) - static_cast<std::ptrdiff_t>(pos);
      if (dif == 0) {
        if (enqueue_pos_.compare_exchange_weak(pos, pos + 1, relaxed)) {
          break;
        }
      } else if (dif < 0) {
        return false;
      } else {
        pos = enqueue_pos_.load(relaxed);
      }
      spin_loop();  // the retry (a new iteration only if something changed)
    }
    cell->data.set(data);
    cell->sequence.store(pos + 1, publish_);
    return true;
  }

  bool dequeue(int& data) {
    Cell* cell = nullptr;
    std::size_t pos = dequeue_pos_.load(relaxed);
    for (;;) {
      cell = &cells_[pos & mask_];
      const std::size_t seq = cell->sequence.load(acquire);
      const auto dif = static_cast<std::ptrdiff_t>(seq) - static_cast<std::ptrdiff_t>(pos + 1);
      if (dif == 0) {
        if (dequeue_pos_.compare_exchange_weak(pos, pos + 1, relaxed)) {
          break;
        }
      } else if (dif < 0) {
        return false;
      } else {
        pos = dequeue_pos_.load(relaxed);
      }
      spin_loop();
    }
    data = cell->data.get();
    cell->sequence.store(pos + mask_ + 1, publish_);
    return true;
  }

 private:
  struct Cell {
    atomic<std::size_t> sequence{0, "sequence"};
    cell<int> data{0, "data"};
  };
  const std::size_t mask_;
  std::unique_ptr<Cell[]> cells_;
  std::memory_order publish_;
  atomic<std::size_t> enqueue_pos_{0, "enqueue_pos_"};
  atomic<std::size_t> dequeue_pos_{0, "dequeue_pos_"};
};

// Two producers enqueue 1 and 2 into a queue of 2 cells; one consumer dequeues twice; it gets
// both values.
Report mpmc(std::memory_order publish, Model model) {
  return check(
      [publish] {
        MpmcQueue queue(2, publish);
        thread p1([&] { WEFT_ASSERT(queue.enqueue(1)); });
        thread p2([&] { WEFT_ASSERT(queue.enqueue(2)); });
        int sum = 0;
        for (int i = 0; i < 2; ++i) {
          int value = 0;
          spin_until([&] { return queue.dequeue(value); });
          sum += value;
        }
        p1.join();
        p2.join();
        WEFT_ASSERT(sum == 3);
      },
      under(model));
}

TEST(WeakMemoryStructures, MpmcQueueAsPublishedIsCorrect) {
  const Report report = mpmc(release, Model::rc11);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;
}

TEST(WeakMemoryStructures, MpmcQueueWithARelaxedSequenceStoreRaces) {
  const Report report = mpmc(relaxed, Model::rc11);
  expect_failure(report, FailureKind::data_race, "data race on data");
  EXPECT_EQ(mpmc(relaxed, Model::sc).verdict, Verdict::ok);  // SC hides it
}

// A seqlock of two atomic data words: the writer makes the sequence odd, writes both words, and
// makes it even; a reader retries until it read one even sequence twice around its reads, and
// must then see both words from one write. `reader_fence`: the reader's acquire fence before its
// second sequence load (Boehm's Figure 6).
Report seqlock(bool reader_fence, Model model) {
  return check(
      [reader_fence] {
        atomic<unsigned> seq{0U, "seq"};
        atomic<int> d1{0, "d1"};
        atomic<int> d2{0, "d2"};
        thread writer([&] {
          const unsigned s = seq.load(relaxed);
          seq.store(s + 1, relaxed);
          fence(release);
          d1.store(1, relaxed);
          d2.store(1, relaxed);
          seq.store(s + 2, release);
        });
        int a = 0;
        int b = 0;
        spin_until([&] {
          const unsigned s1 = seq.load(acquire);
          a = d1.load(relaxed);
          b = d2.load(relaxed);
          if (reader_fence) {
            fence(acquire);
          }
          const unsigned s2 = seq.load(relaxed);
          return (s1 & 1U) == 0 && s1 == s2;
        });
        WEFT_ASSERT_MSG(a == b, "the reader saw half of a write");
        writer.join();
      },
      under(model));
}

TEST(WeakMemoryStructures, SeqlockWithTheReadersFenceIsCorrect) {
  const Report report = seqlock(true, Model::rc11);
  EXPECT_EQ(report.verdict, Verdict::ok) << report;
  EXPECT_EQ(report.executions, 2U) << report;
}

TEST(WeakMemoryStructures, SeqlockReaderWithoutItsFenceSeesATornWrite) {
  const Report report = seqlock(false, Model::rc11);
  expect_failure(report, FailureKind::assertion, "the reader saw half of a write");
  EXPECT_TRUE(mentions(report.failure->trace, "newer in coherence")) << report;
  EXPECT_EQ(seqlock(false, Model::sc).verdict, Verdict::ok);  // SC hides it
}

}  // namespace
}  // namespace weft::model::real_code
