// Test helper: runs the built marquee binary from the source folder and collects what it prints.
#pragma once

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <string>

namespace marquee::testing {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// `env` is prepended as VAR=value assignments.
inline Outcome run_marquee(const std::string& args, const std::string& env = "") {
  const std::string command = std::string("cd ") + MARQUEE_SOURCE_DIR + " && " + env + " " +
                              MARQUEE_BINARY + " " + args + " 2>&1";
  Outcome result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace marquee::testing
