// The Treiber stack (R. K. Treiber, "Systems Programming: Coping with Parallelism", IBM Almaden
// Research Center, RJ 5118, 1986), in the form C++ users know it from cppreference's
// std::atomic<T>::compare_exchange_weak example: nodes allocated with `new`, a plain `next`
// field, and the head in an atomic pointer. Ported to weft::model::atomic. The CAS retry loops
// stay plain loops, not spin_until(): they are not waiting loops (a failed CAS means another
// thread made progress, and the retry uses the head it read), and spin_until() would take a
// failed iteration for a re-read and report a false liveness failure (see the test
// TreiberStack.PushAsASpinUntilLoopIsReportedAsLiveness).
//
// Two layers, as in real code: IntrusiveTreiberStack links nodes its caller owns (like the Linux
// kernel's llist), TreiberStack<T> allocates a node per push and deletes it in pop.
//
// pop() deletes the node it took, which is safe only with a single popping thread (as in these
// tests): with concurrent pops the node could be freed while another popper reads its `next`
// (and the ABA problem appears).

#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <utility>

#include "weft/model.hpp"

namespace weft::model::real_code {

template <class T>
struct TreiberNode {
  T value;
  TreiberNode* next = nullptr;
};

// Links caller-owned nodes; owns none of them.
template <class T>
class IntrusiveTreiberStack {
 public:
  using Node = TreiberNode<T>;

  // Treiber's push: link the node to the head read last, then swing the head to it.
  void push(Node* node) {
    node->next = head_.load(std::memory_order_relaxed);
    // release: publishes node->value and node->next to the pop that acquires this head. A
    // failed CAS loads the new head into node->next, so the retry is a different CAS.
    while (!head_.compare_exchange_weak(node->next, node, std::memory_order_release,
                                        std::memory_order_relaxed)) {
    }
  }

  // The seeded bug: the head is read and then overwritten with a plain store, so a push that
  // lands between the two is lost.
  void push_without_cas(Node* node) {
    node->next = head_.load(std::memory_order_relaxed);
    head_.store(node, std::memory_order_release);
  }

  // Treiber's pop: unlinks the top node and returns it, nullptr when the stack is empty.
  Node* pop() {
    Node* node = head_.load(std::memory_order_acquire);
    // acquire: pairs with the push that published `node` (or the new head a failed CAS read).
    while (node != nullptr &&
           !head_.compare_exchange_weak(node, node->next, std::memory_order_acquire,
                                        std::memory_order_acquire)) {
    }
    return node;
  }

  // Unlinks every node at once (the Linux llist's llist_del_all) and returns the old head.
  Node* pop_all() { return head_.exchange(nullptr, std::memory_order_acquire); }

 private:
  weft::model::atomic<Node*> head_{nullptr, "head"};
};

// Owns its nodes: push allocates, pop deletes, the destructor frees what is left.
template <class T>
class TreiberStack {
 public:
  using Node = TreiberNode<T>;

  TreiberStack() = default;
  TreiberStack(const TreiberStack&) = delete;
  TreiberStack& operator=(const TreiberStack&) = delete;
  // No thread may use the stack any more.
  ~TreiberStack() {
    for (Node* node = nodes_.pop_all(); node != nullptr;) {
      delete std::exchange(node, node->next);
    }
  }

  void push(T value) {
    // unique_ptr until the CAS publishes the node: a thread unwound mid-push frees it.
    auto node = std::make_unique<Node>(Node{std::move(value)});
    nodes_.push(node.get());
    node.release();
  }

  // Single popper only (see the file comment).
  std::optional<T> pop() {
    const std::unique_ptr<Node> node(nodes_.pop());
    if (node == nullptr) {
      return std::nullopt;
    }
    return std::move(node->value);
  }

 private:
  IntrusiveTreiberStack<T> nodes_;
};

}  // namespace weft::model::real_code
