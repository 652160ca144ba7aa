// The operator log on disk: JSON, written whole (config/atomic_file.h) so a restarted player comes
// back with the same hold, goto and takeovers, and `marquee render --operators` can show them.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/operator.h"

namespace marquee::control {

nlohmann::json to_json(const OperatorState& log);
nlohmann::json to_json(const OperatorEvent& event);

// UTC, to the millisecond: "2024-09-18T19:05:00.250Z".
std::string format_instant(Instant at);

struct ReadLog {
  OperatorState log;
  // One line each, naming the file and the JSON pointer of what was left out; an event
  // that cannot be read is dropped, the others kept.
  std::vector<std::string> problems;
};

// Reads a log as to_json() writes it; nullopt (with a problem) when the text is not one.
std::optional<ReadLog> parse_operator_log(std::string_view text, const std::string& file);

// A player's own log at start: a torn file is set aside (read_intact) and, like a missing
// one, reads as an empty log; problems are logged, never fatal.
OperatorState load_kept_log(const std::filesystem::path& file);

// A log someone hands over (`marquee render --operators FILE`), read as it is: nullopt
// with the reason in *error when it cannot be read.
std::optional<ReadLog> read_operator_log(const std::filesystem::path& file, std::string* error);

}  // namespace marquee::control
