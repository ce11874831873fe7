// Printing oracle programs as the C++ a developer would write to reproduce them.

#include "program.hpp"

#include <fmt/format.h>

#include "report/describe.hpp"

namespace weft::model::oracle {

bool is_value_spin(const Op& op) {
  return op.kind == OpKind::spin && op.conditions.size() == 1 && !op.conditions[0].is_cas;
}

namespace {

std::string operand(const Operand& o) {
  return o.is_register ? fmt::format("r{}", o.value) : fmt::format("{}", o.value);
}

std::string pad(int depth) {
  return std::string(static_cast<std::size_t>(2 * depth), ' ');
}

std::string order_text(std::memory_order order) {
  return fmt::format("std::memory_order_{}", report::order_name(order));
}

// ", std::memory_order_<order>", or nothing for seq_cst (the default argument).
std::string order_argument(std::memory_order order) {
  return order == std::memory_order_seq_cst ? "" : ", " + order_text(order);
}

// `{ int e = <expected>; ok = x.compare_exchange_strong(e, <desired>[, success, failure]);
// old = e; }`
std::string cas_statement(int location, const Operand& expected, const Operand& desired, int reg,
                          int ok_reg, std::memory_order success = std::memory_order_seq_cst,
                          std::memory_order failure = std::memory_order_seq_cst,
                          bool weak = false) {
  const bool both_sc = success == std::memory_order_seq_cst && failure == std::memory_order_seq_cst;
  const std::string orders =
      both_sc ? "" : fmt::format(", {}, {}", order_text(success), order_text(failure));
  return fmt::format("{{ int e = {}; r{} = {}.compare_exchange_{}(e, {}{}); r{} = e; }}",
                     operand(expected), ok_reg, location_name(location), weak ? "weak" : "strong",
                     operand(desired), orders, reg);
}

void print_ops(const std::vector<Op>& ops, SpinForm spin, int depth, std::string& out);

// spin_until([&] { ... return cond; }); or for (;;) { ... if (cond) break; spin_loop(); }; or
// r = x.spin_until([](int v) { return v == c; });
void print_spin(const Op& op, SpinForm spin, int depth, std::string& out) {
  if (spin == SpinForm::value && is_value_spin(op)) {
    const Condition& c = op.conditions[0];
    out += pad(depth) + fmt::format("r{} = {}.spin_until([](int v) {{ return v {} {}; }}{});\n",
                                    c.reg, location_name(c.location),
                                    c.equal ? "==" : "!=", c.value, order_argument(c.order));
    return;
  }
  const bool until = spin != SpinForm::loop;
  const std::string in = pad(depth + 1);
  const char* fail = until ? "return false;" : "{ weft::model::spin_loop(); continue; }";
  out += pad(depth) + (until ? "weft::model::spin_until([&] {\n" : "for (;;) {\n");
  std::string resets;
  for (int r : loop_registers(op)) {
    resets += fmt::format("r{} = 0; ", r);
  }
  if (!resets.empty()) {
    resets.pop_back();
    out += in + resets + "\n";
  }
  for (std::size_t i = 0; i < op.conditions.size(); ++i) {
    const Condition& c = op.conditions[i];
    std::string test;
    if (c.is_cas) {
      out += in + cas_statement(c.location, c.expected, c.desired, c.reg, c.ok_reg) + "\n";
      test = fmt::format("r{} == 1", c.ok_reg);
    } else {
      out += in + fmt::format("r{} = {}.load({});\n", c.reg, location_name(c.location),
                              c.order == std::memory_order_seq_cst ? "" : order_text(c.order));
      test = fmt::format("r{} {} {}", c.reg, c.equal ? "==" : "!=", c.value);
    }
    if (i + 1 < op.conditions.size()) {
      out += in + fmt::format("if (!({})) {}\n", test, fail);
    } else if (until) {
      out += in + fmt::format("return {};\n", test);
    } else {
      out += in + fmt::format("if ({}) break;\n", test) + in + "weft::model::spin_loop();\n";
    }
  }
  out += pad(depth) + (until ? "});\n" : "}\n");
}

void print_op(const Op& op, SpinForm spin, int depth, std::string& out) {
  const std::string in = pad(depth);
  const char* x = location_name(op.location);
  switch (op.kind) {
    case OpKind::load:
      out += in + fmt::format("r{} = {}.load({});\n", op.reg, x,
                              op.order == std::memory_order_seq_cst ? "" : order_text(op.order));
      return;
    case OpKind::store:
      out += in + fmt::format("{}.store({}{});\n", x, operand(op.a), order_argument(op.order));
      return;
    case OpKind::fetch_add:
      out += in + fmt::format("r{} = {}.fetch_add({}{});\n", op.reg, x, operand(op.a),
                              order_argument(op.order));
      return;
    case OpKind::exchange:
      out += in + fmt::format("r{} = {}.exchange({}{});\n", op.reg, x, operand(op.a),
                              order_argument(op.order));
      return;
    case OpKind::cas:
      out +=
          in +
          cas_statement(op.location, op.a, op.b, op.reg, op.ok_reg, op.order, op.failure, op.weak) +
          "\n";
      return;
    case OpKind::fence:
      out += in + fmt::format("weft::model::fence({});\n", order_text(op.order));
      return;
    case OpKind::branch:
      out += in + fmt::format("if (r{} == {}) {{\n", op.reg, op.value);
      print_ops(op.then_ops, spin, depth + 1, out);
      if (!op.else_ops.empty()) {
        out += in + "} else {\n";
        print_ops(op.else_ops, spin, depth + 1, out);
      }
      out += in + "}\n";
      return;
    case OpKind::wait:
      out += in + fmt::format("{}.wait({});\n", x, operand(op.a));
      return;
    case OpKind::notify_one:
      out += in + fmt::format("{}.notify_one();\n", x);
      return;
    case OpKind::notify_all:
      out += in + fmt::format("{}.notify_all();\n", x);
      return;
    case OpKind::spin:
      print_spin(op, spin, depth, out);
      return;
  }
}

void print_ops(const std::vector<Op>& ops, SpinForm spin, int depth, std::string& out) {
  for (const Op& op : ops) {
    print_op(op, spin, depth, out);
  }
}

void print_registers(const ThreadProgram& t, int depth, std::string& out) {
  if (t.registers == 0) {
    return;
  }
  std::string decl = "int ";
  for (int r = 0; r < t.registers; ++r) {
    decl += fmt::format("r{} = 0{}", r, r + 1 < t.registers ? ", " : ";\n");
  }
  out += pad(depth) + decl;
}

int count_ops(const std::vector<Op>& ops) {
  int n = 0;
  for (const Op& op : ops) {
    n += 1 + count_ops(op.then_ops) + count_ops(op.else_ops);
    if (op.kind == OpKind::spin) {
      n += static_cast<int>(op.conditions.size()) - 1;
    }
  }
  return n;
}

bool in_range(const std::vector<Op>& ops, int registers) {
  auto ok = [&](int r) { return r >= 0 && r < registers; };
  auto ok_operand = [&](const Operand& o) { return !o.is_register || ok(o.value); };
  for (const Op& op : ops) {
    const bool defines = op.kind == OpKind::load || op.kind == OpKind::fetch_add ||
                         op.kind == OpKind::exchange || op.kind == OpKind::cas ||
                         op.kind == OpKind::branch;
    if ((defines && !ok(op.reg)) || (op.kind == OpKind::cas && !ok(op.ok_reg)) ||
        !ok_operand(op.a) || !ok_operand(op.b) || !in_range(op.then_ops, registers) ||
        !in_range(op.else_ops, registers)) {
      return false;
    }
    for (const Condition& c : op.conditions) {
      if (!ok(c.reg) || (c.is_cas && !ok(c.ok_reg)) || !ok_operand(c.expected) ||
          !ok_operand(c.desired)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool registers_in_range(const Program& program) {
  for (const ThreadProgram& t : program.threads) {
    if (!in_range(t.ops, t.registers)) {
      return false;
    }
  }
  return true;
}

const char* family_name(Family family) {
  switch (family) {
    case Family::waits:
      return "A";
    case Family::rmws:
      return "B";
    case Family::weak:
      return "C";
  }
  return "?";
}

namespace {

bool loops_or_waits(const std::vector<Op>& ops) {
  for (const Op& op : ops) {
    if (op.kind == OpKind::spin || op.kind == OpKind::wait || op.kind == OpKind::notify_one ||
        op.kind == OpKind::notify_all || loops_or_waits(op.then_ops) ||
        loops_or_waits(op.else_ops)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool has_loops_or_waits(const Program& program) {
  for (const ThreadProgram& t : program.threads) {
    if (loops_or_waits(t.ops)) {
      return true;
    }
  }
  return false;
}

const char* location_name(int location) {
  static const char* const names[] = {"x", "y", "z"};
  return names[location];
}

std::vector<int> loop_registers(const Op& spin) {
  std::vector<int> regs;
  for (const Condition& c : spin.conditions) {
    regs.push_back(c.reg);
    if (c.is_cas) {
      regs.push_back(c.ok_reg);
    }
  }
  return regs;
}

int size_of(const Program& program) {
  int n = 0;
  for (const ThreadProgram& t : program.threads) {
    n += count_ops(t.ops);
  }
  return n;
}

std::string to_cpp(const Program& program, SpinForm spin) {
  std::string out =
      fmt::format("// family {}, {}seed {}, {} ops\n", family_name(program.family),
                  program.shrunk ? "shrunk from " : "", program.seed, size_of(program));
  for (std::size_t l = 0; l < program.initial.size(); ++l) {
    out += fmt::format("weft::model::atomic<int> {}{{{}, \"{}\"}};\n",
                       location_name(static_cast<int>(l)), program.initial[l],
                       location_name(static_cast<int>(l)));
  }
  for (std::size_t t = 1; t < program.threads.size(); ++t) {
    out += fmt::format("weft::model::thread t{}([&] {{\n", t);
    print_registers(program.threads[t], 1, out);
    print_ops(program.threads[t].ops, spin, 1, out);
    out += "});\n";
  }
  out += "// main thread (t0)\n";
  print_registers(program.threads[0], 0, out);
  print_ops(program.threads[0].ops, spin, 0, out);
  for (std::size_t t = 1; t < program.threads.size(); ++t) {
    out += fmt::format("t{}.join();\n", t);
  }
  return out;
}

}  // namespace weft::model::oracle
