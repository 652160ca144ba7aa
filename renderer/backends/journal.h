// The play journal: a screen's crash-safe JSONL record of every slide on air, its own life
// (started, stopped, gaps), operator events and swaps, each line chained to the one before by its
// hash.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "core/operator.h"
#include "core/play_tracker.h"

namespace marquee::backends {

// The default folder: `journal` beside the last-good cache (state_dir()).
std::filesystem::path default_journal_dir();

// Appends lines from a thread of its own, so the frame loop only hands over a record
// when a slide leaves the screen. Each line is written whole with one write(2) and is
// fsynced at most once a second. Files are per screen and per venue day
// (SCREEN-2024-09-18.jsonl, then .1.jsonl, ... past max_file_bytes), and the oldest go
// when the screen's files pass budget_bytes.
class Journal {
 public:
  struct Options {
    std::filesystem::path dir;  // empty: default_journal_dir()
    std::string screen;
    std::uintmax_t max_file_bytes = 16u << 20;
    std::uintmax_t budget_bytes = 512u << 20;
    std::chrono::milliseconds fsync_every{1000};
  };
  // What the `started` line says about the run.
  struct Start {
    std::string playlist;
    std::string revision;
    std::string version;
    std::string timezone = "UTC";
    double width = 0, height = 0;     // the canvas, in virtual pixels
    std::size_t operator_events = 0;  // replayed from an earlier run
  };

  // Opens the screen's newest file, sets a torn last line aside (FILE.torn, and a `torn`
  // line), notes a `gap` when the last run did not stop cleanly, and writes `started`.
  Journal(Options options, Start start, Instant now);
  // Writes what is queued and stops the writer, without a `stopped` line: a process that
  // never calls stop() reads as one that crashed.
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  void play(PlayRecord record);
  void operator_event(const OperatorEvent& event);
  void swap(Instant at, const std::string& from_revision, const std::string& to_revision);
  void stop(Instant now, const std::string& reason);
  // Returns once every line handed over so far is written and fsynced.
  void flush();

  const std::string& run() const { return run_; }
  std::filesystem::path current_file() const;
  // How many lines could not be written (a full disk); they are logged, and the next line
  // that is written says how many went before it.
  std::uint64_t dropped() const;

 private:
  struct Started {};
  struct Swap {
    Instant at;
    std::string from, to;
  };
  struct Stop {
    Instant at;
    std::string reason;
  };
  struct Note {  // torn, gap and pruned lines made by the journal itself
    std::string type;
    Instant at;
    std::string text;  // serialized fields
  };
  using Item = std::variant<PlayRecord, OperatorEvent, Swap, Stop, Note>;

  void writer_loop();
  std::string serialize(const Item& item);
  void append(std::string body, Instant at);
  bool open_for(Instant at, std::size_t bytes);
  void prune(Instant at);  // `at`: the instant of the line that opened a new file
  void recover(Instant now);

  Options options_;
  Start start_;
  const date::time_zone* zone_ = nullptr;
  std::string run_;
  std::uint64_t plays_ = 0;

  // Writer state: only the writer thread touches these once it runs.
  std::filesystem::path file_;
  date::local_days file_day_{};
  int file_index_ = 0;
  int fd_ = -1;
  std::uintmax_t file_bytes_ = 0;
  std::uint64_t seq_ = 0;
  std::string last_hash_;
  std::uint64_t unsynced_ = 0;
  std::chrono::steady_clock::time_point last_sync_{};
  std::uint64_t dropped_total_ = 0, dropped_unreported_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<Item> queue_;
  std::uint64_t handed_ = 0, written_ = 0;  // items handed over, and written and synced
  bool stopping_ = false;
  bool force_sync_ = false;           // flush() asked for an fsync now
  std::uint64_t dropped_shown_ = 0;   // dropped_total_, for other threads
  std::filesystem::path shown_file_;  // file_, for other threads
  std::thread writer_;
};

// One line of a journal as read back, for `marquee report`.
struct JournalLine {
  std::filesystem::path file;
  std::size_t line = 0;  // 1-based
  std::string text;
  std::string type;  // play, started, stopped, gap, operator, swap, torn, pruned
  std::uint64_t seq = 0;
  std::string screen, run, prev, hash;
  Instant at{};  // what the line is about: a play's off_air, an event's instant
  std::optional<PlayRecord> play;
  std::string play_id;
  // started: playlist, revision, timezone, width, height; swap: revision is the new one,
  // previous the old; operator: action (step, goto, hold, resume, takeover, clear,
  // identify), detail (describe()), source; stopped: detail is the reason; gap: from, to.
  std::string playlist, revision, previous, timezone, action, detail, source;
  double width = 0, height = 0;
  Instant from{}, to{};
};

struct JournalRead {
  std::vector<JournalLine> lines;     // in file order, files in the order given
  std::vector<std::string> problems;  // "FILE:LINE: ..." for lines that are not journal lines
};
// Reads journal files; a line that is not JSON or lacks its type is a problem, not a throw.
JournalRead read_journals(const std::vector<std::filesystem::path>& files);

// The hash chain of each screen's lines, in seq order: every line's own hash, and the
// hash it names of the line before it. `breaks` has one "FILE:LINE: ..." per break.
struct ChainCheck {
  std::vector<std::string> breaks;
  std::vector<std::string> summary;  // one line per screen
  bool ok() const { return breaks.empty(); }
};
ChainCheck verify_chain(const std::vector<JournalLine>& lines);

// ISO 8601 in UTC with milliseconds ("2024-09-18T17:02:03.120Z"), and back.
std::string utc_text(Instant t);
std::optional<Instant> parse_utc(std::string_view text);
// The same instant in venue time with its offset ("2024-09-18T10:02:03.120-07:00").
std::string local_text(const date::time_zone* zone, Instant t);

}  // namespace marquee::backends
