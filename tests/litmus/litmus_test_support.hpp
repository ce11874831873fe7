// What the litmus tests share: reading a file whole, and a name for the parsed test that
// GoogleTest's fixture base (`testing::Test`) does not hide inside a TEST body.

#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "litmus/ast.hpp"

namespace weft::litmus {

using LitmusTest = weft::litmus::Test;

// The whole file, or "" when it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace weft::litmus
