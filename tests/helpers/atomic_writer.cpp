// Test helper: replaces FILE with write_file_atomically over and over until it is killed.
// The contents alternate between two versions that atomic_file_test tells apart; one byte
// on stdout says the first write is done, so the test's kills land in the loop.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "config/atomic_file.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: atomic_writer FILE BYTES\n");
    return 2;
  }
  const std::size_t bytes = std::stoul(argv[2]);
  const std::string versions[] = {std::string(bytes, 'a'), std::string(bytes, 'b')};
  for (unsigned long n = 0;; ++n) {
    if (!marquee::config::write_file_atomically(argv[1], versions[n % 2])) return 1;
    if (n == 0 && ::write(STDOUT_FILENO, "w", 1) != 1) return 1;
  }
}
