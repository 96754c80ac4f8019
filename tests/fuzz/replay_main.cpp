// Replays fuzz inputs without libFuzzer, so the g++ suite re-checks them under ctest.
//
// Usage: fuzz-replay-<target> <directory>...
// Feeds every regular file of each directory, in name order, to the target's
// LLVMFuzzerTestOneInput. A directory that does not exist is skipped (a target has a
// regressions/ directory only once a crash was found); finding no input at all is an
// error, so a replay can never pass by running nothing. A violated property or a crash
// aborts the process, after the input's path was printed.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " <directory>...\n";
    return 2;
  }
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path directory(argv[i]);
    if (!fs::is_directory(directory)) {
      std::cout << "replay: no directory " << directory.string() << ", skipped\n";
      continue;
    }
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::cout << "replay: " << file.string() << std::endl;
      std::string input = read_file(file);
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
      ++replayed;
    }
  }
  if (replayed == 0) {
    std::cerr << "replay: no input files in the given directories\n";
    return 1;
  }
  std::cout << "replay: " << replayed << " inputs, all properties hold\n";
  return 0;
}
