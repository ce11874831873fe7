// litmus_parser_fuzz: libFuzzer target for weft::litmus::parse (`make fuzz`, issue 11).
//
// Every input is parsed as a litmus file's text; a test that parses also has its condition
// printed, so the AST the parser hands out is walked once. Any crash, hang (-timeout), leak or
// sanitizer report (built with -fsanitize=fuzzer,address,undefined) is a bug in the parser or
// the printer: parse() promises never to throw and to bound its depth and input size.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "litmus/herd_output.hpp"
#include "litmus/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // why: libFuzzer hands bytes; the parser reads text of any bytes.
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = weft::litmus::parse(text);
  if (const auto* test = std::get_if<weft::litmus::Test>(&result)) {
    static_cast<void>(weft::litmus::format_condition(*test));
  } else {
    static_cast<void>(
        weft::litmus::format_error("fuzz", std::get<weft::litmus::ParseError>(result)));
  }
  return 0;
}
