// herd7's report layout and the JSON line (herd_output.hpp).

#include "litmus/herd_output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <string_view>

namespace weft::litmus {
namespace {

// The connective a sub-proposition is printed under, for herd's parenthesis rule.
enum class Context : std::uint8_t { top, conjunction, disjunction, implication };

// Whether a `here` connective printed as an operand of `above` gets parentheses (herd's
// ConstrGen.is_paren).
bool needs_parens(Context above, Context here) {
  switch (above) {
    case Context::top:
      return false;
    case Context::conjunction:
      return here != Context::conjunction;
    case Context::disjunction:
      return here == Context::implication;
    case Context::implication:
      return here != Context::implication;
  }
  return false;
}

std::string format_key(const StateKey& key) {
  if (key.thread < 0) {
    return fmt::format("[{}]", key.name);
  }
  return fmt::format("{}:{}", key.thread, key.name);
}

std::string format_atom(const StateKey& key, std::int64_t value) {
  return fmt::format("{}={}", format_key(key), value);
}

void append_prop(std::string& out, const Prop& prop, Context above);

void append_binary(std::string& out, const Prop& prop, Context above, Context here,
                   std::string_view connective) {
  const bool parens = needs_parens(above, here);
  if (parens) {
    out += '(';
  }
  append_prop(out, prop.operands.at(0), here);
  out += connective;
  append_prop(out, prop.operands.at(1), here);
  if (parens) {
    out += ')';
  }
}

void append_prop(std::string& out, const Prop& prop, Context above) {
  switch (prop.kind) {
    case Prop::Kind::truth:
      out += "true";
      return;
    case Prop::Kind::falsity:
      out += "false";
      return;
    case Prop::Kind::equals:
      out += format_atom(prop.key, prop.value);
      return;
    case Prop::Kind::not_equals:  // herd reads `k!=v` as the negation of `k=v`
      out += "not (";
      out += format_atom(prop.key, prop.value);
      out += ')';
      return;
    case Prop::Kind::negation:
      out += "not (";
      append_prop(out, prop.operands.at(0), Context::top);
      out += ')';
      return;
    case Prop::Kind::conjunction:
      append_binary(out, prop, above, Context::conjunction, " /\\ ");
      return;
    case Prop::Kind::disjunction:
      append_binary(out, prop, above, Context::disjunction, " \\/ ");
      return;
    case Prop::Kind::implication:
      append_binary(out, prop, above, Context::implication, " => ");
      return;
  }
}

bool answered(const Answer& answer) {
  return !answer.timed_out && answer.error.empty();
}

// herd's Observation word over the raw counts (satisfying, falsifying).
std::string_view observation(const Answer& answer) {
  if (answer.satisfying == 0) {
    return "Never";
  }
  return answer.falsifying == 0 ? "Always" : "Sometimes";
}

// The Witnesses counts: for ~exists, positive counts the executions where the prop fails.
std::pair<std::uint64_t, std::uint64_t> witnesses(const Test& test, const Answer& answer) {
  if (test.quantifier == Quantifier::not_exists) {
    return {answer.falsifying, answer.satisfying};
  }
  return {answer.satisfying, answer.falsifying};
}

std::string format_state(const Answer& answer, const FinalState& state) {
  std::string line;
  for (std::size_t i = 0; i < answer.keys.size() && i < state.values.size(); ++i) {
    if (i > 0) {
      line += ' ';
    }
    line += format_atom(answer.keys[i], state.values[i]);
    line += ';';
  }
  return line;
}

// The length of the well-formed UTF-8 sequence that starts text[i] (a byte >= 0x80), or 0:
// continuation bytes must follow the lead byte, with no overlong form, no surrogate and nothing
// above U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    code = lead & 0x1fu;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    code = lead & 0x0fu;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    code = lead & 0x07u;
  }
  if (length == 0 || i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xc0u) != 0x80u) {
      return 0;
    }
    code = (code << 6) | (next & 0x3fu);
  }
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  const bool surrogate = code >= 0xd800 && code <= 0xdfff;
  return overlong || surrogate || code > 0x10ffff ? 0 : length;
}

// Appends `text` as a JSON string: quotes, escapes, invalid UTF-8 bytes as U+FFFD.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
    } else if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(byte));
    } else {
      out += static_cast<char>(byte);
    }
    ++i;
  }
  out += '"';
}

std::string json_seconds(double seconds) {
  return fmt::format("{:.3f}", std::isfinite(seconds) ? seconds : 0.0);
}

// The fields after `kind` of a run that gave no answer.
void append_unanswered(std::string& out, std::string_view condition, double seconds, bool timed_out,
                       std::string_view error) {
  out += R"(,"states":[],"verdict":null,"positive":null,"negative":null,"race":false)";
  out += ",\"condition\":";
  if (condition.empty()) {
    out += "null";
  } else {
    append_json_string(out, condition);
  }
  out += R"(,"observation":null,"satisfying":null,"falsifying":null,"seconds":)";
  out += json_seconds(seconds);
  out += timed_out ? ",\"timed_out\":true" : ",\"timed_out\":false";
  out += ",\"error\":";
  append_json_string(out, error);
  out += '}';
}

}  // namespace

std::string format_prop(const Prop& prop) {
  std::string out;
  append_prop(out, prop, Context::top);
  return out;
}

std::string format_condition(const Test& test) {
  std::string_view quantifier = "exists";
  if (test.quantifier == Quantifier::not_exists) {
    quantifier = "~exists";
  } else if (test.quantifier == Quantifier::forall) {
    quantifier = "forall";
  }
  return fmt::format("{} ({})", quantifier, format_prop(test.condition));
}

std::string format_kind(const Test& test) {
  switch (test.quantifier) {
    case Quantifier::exists:
      return "Allowed";
    case Quantifier::not_exists:
      return "Forbidden";
    case Quantifier::forall:
      return "Required";
  }
  return "Allowed";
}

std::string format_herd(const Test& test, const Answer& answer) {
  std::string out = fmt::format("Test {} {}\n", test.name, format_kind(test));
  if (!answered(answer)) {
    if (answer.timed_out) {
      out += fmt::format("Timeout {} {:.2f}\n", test.name, answer.seconds);
    } else {
      out += fmt::format("Error {}: {}\n", test.name, answer.error);
    }
    out += fmt::format("Condition {}\n", format_condition(test));
    out += fmt::format("Time {} {:.2f}\n\n", test.name, answer.seconds);
    return out;
  }
  out += fmt::format("States {}\n", answer.states.size());
  for (const FinalState& state : answer.states) {
    out += format_state(answer, state);
    out += '\n';
  }
  if (answer.race) {
    out += "Undef\n";
  } else {
    out += answer.ok ? "Ok\n" : "No\n";
  }
  const auto [positive, negative] = witnesses(test, answer);
  out += fmt::format("Witnesses\nPositive: {} Negative: {}\n", positive, negative);
  if (answer.race) {
    out += "Flag *undef*\n";
  }
  out += fmt::format("Condition {}\n", format_condition(test));
  out += fmt::format("Observation {} {} {} {}\n", test.name, observation(answer), answer.satisfying,
                     answer.falsifying);
  out += fmt::format("Time {} {:.2f}\n\n", test.name, answer.seconds);
  return out;
}

std::string format_json(const std::string& file, const Test& test, const Answer& answer) {
  std::string out = "{\"name\":";
  append_json_string(out, test.name);
  out += ",\"file\":";
  append_json_string(out, file);
  out += ",\"kind\":";
  append_json_string(out, format_kind(test));
  if (!answered(answer)) {
    append_unanswered(out, format_condition(test), answer.seconds, answer.timed_out, answer.error);
    return out;
  }
  out += ",\"states\":[";
  for (std::size_t s = 0; s < answer.states.size(); ++s) {
    const FinalState& state = answer.states[s];
    out += s > 0 ? ",{\"values\":{" : "{\"values\":{";
    for (std::size_t i = 0; i < answer.keys.size() && i < state.values.size(); ++i) {
      if (i > 0) {
        out += ',';
      }
      append_json_string(out, format_key(answer.keys[i]));
      out += fmt::format(":{}", state.values[i]);
    }
    out += fmt::format("}},\"executions\":{}}}", state.executions);
  }
  const auto [positive, negative] = witnesses(test, answer);
  out += fmt::format(R"(],"verdict":"{}","positive":{},"negative":{},"race":{},"condition":)",
                     answer.ok ? "Ok" : "No", positive, negative, answer.race);
  append_json_string(out, format_condition(test));
  out += fmt::format(
      R"(,"observation":"{}","satisfying":{},"falsifying":{},"seconds":{},"timed_out":false)",
      observation(answer), answer.satisfying, answer.falsifying, json_seconds(answer.seconds));
  out += ",\"error\":\"\"}";
  return out;
}

std::string format_json_failure(const std::string& file, const std::string& message) {
  std::string out = "{\"name\":null,\"file\":";
  append_json_string(out, file);
  out += ",\"kind\":null";
  append_unanswered(out, "", 0, false, message);
  return out;
}

}  // namespace weft::litmus
