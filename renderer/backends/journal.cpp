// The play journal's writer thread, its files (torn tails, rotation, the byte budget) and its
// reader. date::parse trips a false maybe-uninitialized under g++ 12 -O2 (see config/moment.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "backends/journal.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include "backends/last_good.h"
#include "config/atomic_file.h"
#include "config/digest.h"

namespace marquee::backends {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kHashKey = ",\"hash\":\"";

std::string error_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

// A screen's name as part of a file name.
std::string file_stem(const std::string& screen) {
  std::string out = screen.empty() ? "screen" : screen;
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return out;
}

struct DayFile {
  fs::path path;
  date::local_days day{};
  int index = 0;
  bool operator<(const DayFile& o) const { return std::tie(day, index) < std::tie(o.day, o.index); }
};

// SCREEN-2024-09-18.jsonl is index 0 of its day, SCREEN-2024-09-18.3.jsonl index 3.
std::optional<DayFile> day_file(const fs::path& path, const std::string& stem) {
  const std::string name = path.filename().string();
  const std::string prefix = stem + "-";
  if (!name.starts_with(prefix) || !name.ends_with(".jsonl")) return std::nullopt;
  std::string rest = name.substr(prefix.size(), name.size() - prefix.size() - 6);
  if (rest.size() < 10) return std::nullopt;
  std::istringstream in(rest.substr(0, 10));
  date::local_days day;
  in >> date::parse("%F", day);
  if (in.fail()) return std::nullopt;
  int index = 0;
  if (rest.size() > 10) {
    if (rest[10] != '.') return std::nullopt;
    try {
      std::size_t used = 0;
      index = std::stoi(rest.substr(11), &used);
      if (used != rest.size() - 11 || index < 1) return std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return DayFile{path, day, index};
}

fs::path day_file_path(const fs::path& dir, const std::string& stem, date::local_days day,
                       int index) {
  std::string name = stem + "-" + date::format("%F", day);
  if (index > 0) name += "." + std::to_string(index);
  return dir / (name + ".jsonl");
}

std::vector<DayFile> screen_files(const fs::path& dir, const std::string& stem) {
  std::vector<DayFile> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (auto f = day_file(entry.path(), stem)) out.push_back(*f);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void sync_folder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The line's own hash: SHA-256 of the line as it would read without its "hash" field,
// which is always last; nullopt when the line does not end with one.
std::optional<std::pair<std::string, std::string>> own_hash(std::string_view line) {
  constexpr std::size_t kTail = 64 + 2;  // the hex digits and "}
  const auto at = line.rfind(kHashKey);
  if (at == std::string_view::npos || line.size() != at + kHashKey.size() + kTail ||
      !line.ends_with("\"}"))
    return std::nullopt;
  std::string content(line.substr(0, at));
  content += '}';
  return std::pair{std::string(line.substr(at + kHashKey.size(), 64)), config::sha256_hex(content)};
}

std::string action_kind(const OperatorAction& action) {
  struct Kind {
    const char* operator()(const StepAction&) const { return "step"; }
    const char* operator()(const GotoAction&) const { return "goto"; }
    const char* operator()(const HoldAction&) const { return "hold"; }
    const char* operator()(const ResumeAction&) const { return "resume"; }
    const char* operator()(const TakeoverAction&) const { return "takeover"; }
    const char* operator()(const ClearAction&) const { return "clear"; }
    const char* operator()(const IdentifyAction&) const { return "identify"; }
    const char* operator()(const TimerAction&) const { return "timer"; }
    const char* operator()(const MessageAction&) const { return "message"; }
    const char* operator()(const BlackoutAction&) const { return "blackout"; }
    const char* operator()(const LowerThirdAction&) const { return "lower-third"; }
  };
  return std::visit(Kind{}, action);
}

double seconds(Millis ms) {
  return static_cast<double>(ms.count()) / 1000.0;
}
Millis from_seconds(const Json& value) {
  return value.is_number()
             ? Millis{static_cast<Millis::rep>(std::llround(value.get<double>() * 1000.0))}
             : Millis{0};
}

// Fields as "key":value,... for the middle of a line.
std::string fields_of(const Json& object) {
  const std::string text = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.size() <= 2 ? std::string() : text.substr(1, text.size() - 2);
}

}  // namespace

fs::path default_journal_dir() {
  return state_dir() / "journal";
}

std::string utc_text(Instant t) {
  return date::format("%FT%TZ", t);
}

std::optional<Instant> parse_utc(std::string_view text) {
  std::istringstream in{std::string(text)};
  Instant t;
  in >> date::parse("%FT%TZ", t);
  if (in.fail()) return std::nullopt;
  return t;
}

std::string local_text(const date::time_zone* zone, Instant t) {
  return date::format("%FT%T%Ez", date::make_zoned(zone, t));
}

Journal::Journal(Options options, Start start, Instant now)
    : options_(std::move(options)), start_(std::move(start)) {
  if (options_.dir.empty()) options_.dir = default_journal_dir();
  try {
    zone_ = date::locate_zone(start_.timezone);
  } catch (const std::exception&) {
    zone_ = date::locate_zone("UTC");
  }
  std::random_device random;
  run_ = config::sha256_hex(options_.screen + utc_text(now) + std::to_string(::getpid()) +
                            std::to_string(random()))
             .substr(0, 8);
  std::error_code ec;
  fs::create_directories(options_.dir, ec);
  if (ec)
    spdlog::error("journal: cannot make {}: {}; plays are not recorded", options_.dir.string(),
                  ec.message());
  recover(now);
  Json started{{"type", "started"},
               {"at", utc_text(now)},
               {"local", local_text(zone_, now)},
               {"version", start_.version},
               {"playlist", start_.playlist},
               {"revision", start_.revision},
               {"timezone", start_.timezone},
               {"width", start_.width},
               {"height", start_.height},
               {"operator_events", start_.operator_events},
               {"pid", ::getpid()}};
  queue_.push_back(Note{"started", now, fields_of(started)});
  ++handed_;
  writer_ = std::thread([this] { writer_loop(); });
}

Journal::~Journal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void Journal::recover(Instant now) {
  const std::string stem = file_stem(options_.screen);
  const auto files = screen_files(options_.dir, stem);
  if (files.empty()) return;
  const fs::path newest = files.back().path;
  std::ifstream in(newest, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), {}};
  // A line is whole once it ends with a newline and reads as a line of ours; anything
  // after the last such line was cut off (a power cut, a full disk) and is set aside.
  std::size_t keep = text.size();
  std::string last;
  while (keep > 0) {
    const std::size_t end = text[keep - 1] == '\n' ? keep - 1 : std::string::npos;
    if (end == std::string::npos) {
      const auto nl = text.rfind('\n', keep - 1);
      keep = nl == std::string::npos ? 0 : nl + 1;
      continue;
    }
    const auto nl = end == 0 ? std::string::npos : text.rfind('\n', end - 1);
    const std::size_t begin = nl == std::string::npos ? 0 : nl + 1;
    const std::string_view line(text.data() + begin, end - begin);
    // An edited line is not torn: it stays, for `report --verify` to point at.
    if (Json::parse(line, nullptr, false).is_object()) {
      last = std::string(line);
      break;
    }
    keep = begin;
  }
  if (keep < text.size()) {
    const std::size_t bytes = text.size() - keep;
    const fs::path torn = config::torn_path(newest);
    std::ofstream(torn, std::ios::binary | std::ios::app)
        .write(text.data() + keep, static_cast<std::streamsize>(bytes));
    std::error_code ec;
    fs::resize_file(newest, keep, ec);
    spdlog::warn("journal: {} ended in {} bytes of a line cut short; moved them to {}",
                 newest.string(), bytes, torn.string());
    const Json note{{"type", "torn"},
                    {"at", utc_text(now)},
                    {"local", local_text(zone_, now)},
                    {"file", torn.string()},
                    {"bytes", bytes}};
    queue_.push_back(Note{"torn", now, fields_of(note)});
    ++handed_;
  }
  if (last.empty()) return;
  const Json j = Json::parse(last, nullptr, false);
  seq_ = j.value("seq", std::uint64_t{0});
  last_hash_ = j.value("hash", std::string{});
  if (j.value("type", std::string{}) == "stopped") return;
  // The last run ended without a `stopped` line: the screen was dark or frozen from its
  // last line until now, as far as the journal can tell.
  const auto from = parse_utc(j.value("at", std::string{}));
  const Json gap{{"type", "gap"},
                 {"at", utc_text(now)},
                 {"local", local_text(zone_, now)},
                 {"from", from ? utc_text(*from) : std::string{}},
                 {"to", utc_text(now)},
                 {"previous_run", j.value("run", std::string{})}};
  queue_.push_back(Note{"gap", now, fields_of(gap)});
  ++handed_;
}

void Journal::play(PlayRecord record) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(record));
    ++handed_;
  }
  wake_.notify_one();
}

void Journal::operator_event(const OperatorEvent& event) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(event);
    ++handed_;
  }
  wake_.notify_one();
}

void Journal::swap(Instant at, const std::string& from_revision, const std::string& to_revision) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Swap{at, from_revision, to_revision});
    ++handed_;
  }
  wake_.notify_one();
}

void Journal::stop(Instant now, const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Stop{now, reason});
    ++handed_;
  }
  wake_.notify_one();
  flush();
}

void Journal::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = handed_;
  force_sync_ = true;
  wake_.notify_one();
  done_.wait(lock, [&] { return written_ >= target || stopping_; });
}

fs::path Journal::current_file() const {
  std::lock_guard lock(mutex_);
  return shown_file_;
}

std::uint64_t Journal::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_shown_;
}

std::string Journal::serialize(const Item& item) {
  struct Visitor {
    Journal& j;
    Instant& at;
    std::string operator()(const PlayRecord& r) const {
      at = r.off_air;
      Json sponsors = Json::array();
      for (const SponsorShown& s : r.sponsors) {
        Json one{{"name", s.name}, {"tier", s.tier}, {"seconds", seconds(s.visible)}};
        if (s.covered.count()) one["covered_seconds"] = seconds(s.covered);
        if (s.failed.count()) one["failed_seconds"] = seconds(s.failed);
        sponsors.push_back(std::move(one));
      }
      Json line{
          {"type", "play"},
          {"at", utc_text(r.off_air)},
          {"local", local_text(j.zone_, r.off_air)},
          {"play_id", j.run_ + "-" + std::to_string(++j.plays_)},
          {"revision", r.revision},
          {"slide", r.slide},
          {"kind", r.kind},
          {"tags", r.tags},
          {"sponsors", std::move(sponsors)},
          {"scheduled_start", utc_text(r.scheduled_start)},
          {"scheduled_end",
           r.scheduled_end == Instant::max() ? Json(nullptr) : Json(utc_text(r.scheduled_end))},
          {"first_frame", utc_text(r.first_frame)},
          {"last_frame", utc_text(r.last_frame)},
          {"off_air", utc_text(r.off_air)},
          {"local_first_frame", local_text(j.zone_, r.first_frame)},
          {"duration_ms", r.duration().count()},
          {"outcome", outcome_name(r.outcome)}};
      if (r.pages > 0) line["pages"] = r.pages;
      if (!r.cut_by.empty()) line["cut_by"] = r.cut_by;
      if (!r.takeovers.empty()) line["takeovers"] = r.takeovers;
      if (r.covered.count()) line["covered_ms"] = r.covered.count();
      if (r.failed.count()) line["failed_ms"] = r.failed.count();
      if (r.held.count()) line["held_ms"] = r.held.count();
      return fields_of(line);
    }
    std::string operator()(const OperatorEvent& e) const {
      at = e.at;
      Json line{{"type", "operator"},
                {"at", utc_text(e.at)},
                {"local", local_text(j.zone_, e.at)},
                {"action", action_kind(e.action)},
                {"detail", describe(e.action)},
                {"source", e.source}};
      if (const auto* t = std::get_if<TakeoverAction>(&e.action)) {
        line["takeover"] = t->id;
        if (t->duration) line["duration_ms"] = t->duration->count();
        if (t->until) line["until"] = utc_text(*t->until);
      }
      return fields_of(line);
    }
    std::string operator()(const Swap& s) const {
      at = s.at;
      return fields_of(Json{{"type", "swap"},
                            {"at", utc_text(s.at)},
                            {"local", local_text(j.zone_, s.at)},
                            {"previous", s.from},
                            {"revision", s.to}});
    }
    std::string operator()(const Stop& s) const {
      at = s.at;
      return fields_of(Json{{"type", "stopped"},
                            {"at", utc_text(s.at)},
                            {"local", local_text(j.zone_, s.at)},
                            {"reason", s.reason}});
    }
    std::string operator()(const Note& n) const {
      at = n.at;
      return n.text;
    }
  };
  Instant at{};
  return std::visit(Visitor{*this, at}, item);
}

bool Journal::open_for(Instant at, std::size_t bytes) {
  const auto day = date::floor<date::days>(zone_->to_local(at));
  if (fd_ >= 0 && day <= file_day_ &&
      (file_bytes_ == 0 || file_bytes_ + bytes <= options_.max_file_bytes))
    return true;
  const std::string stem = file_stem(options_.screen);
  int index = 0;
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
    fd_ = -1;
    index = day == file_day_ ? file_index_ + 1 : 0;
  } else {
    // The first line of a run joins the newest file of its day, if there is room.
    for (const DayFile& f : screen_files(options_.dir, stem))
      if (f.day == day) index = f.index;
    std::error_code ec;
    const auto size = fs::file_size(day_file_path(options_.dir, stem, day, index), ec);
    if (!ec && size > 0 && size + bytes > options_.max_file_bytes) ++index;
  }
  const fs::path path = day_file_path(options_.dir, stem, day, index);
  const bool existed = fs::exists(path);
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    spdlog::error("journal: cannot open {}: {}", path.string(), error_text(errno));
    return false;
  }
  struct stat st {};
  file_bytes_ = ::fstat(fd_, &st) == 0 ? static_cast<std::uintmax_t>(st.st_size) : 0;
  file_ = path;
  file_day_ = day;
  file_index_ = index;
  {
    std::lock_guard lock(mutex_);
    shown_file_ = path;
  }
  if (!existed) {
    sync_folder(options_.dir);
    prune(at);
  }
  return true;
}

void Journal::prune(Instant at) {
  const std::string stem = file_stem(options_.screen);
  auto files = screen_files(options_.dir, stem);
  std::uintmax_t total = 0;
  for (const DayFile& f : files) {
    std::error_code ec;
    total += fs::file_size(f.path, ec);
  }
  for (const DayFile& f : files) {
    if (total <= options_.budget_bytes || f.path == file_) break;
    std::error_code ec;
    const auto size = fs::file_size(f.path, ec);
    fs::remove(f.path, ec);
    if (ec) continue;
    total -= size;
    spdlog::warn("journal: removed the oldest file {} ({} bytes) to keep {} within {} bytes",
                 f.path.string(), size, options_.dir.string(), options_.budget_bytes);
    append(fields_of(Json{{"type", "pruned"},
                          {"at", utc_text(at)},
                          {"local", local_text(zone_, at)},
                          {"file", f.path.filename().string()},
                          {"bytes", size}}),
           at);
  }
}

void Journal::append(std::string fields, Instant at) {
  const auto fail = [&](const std::string& why) {
    ++dropped_total_;
    ++dropped_unreported_;
    if (dropped_total_ == 1 || dropped_total_ % 100 == 0)
      spdlog::error("journal: {} line(s) not written so far: {}", dropped_total_, why);
  };
  // The file first: opening one may prune old files, which writes a line of its own.
  constexpr std::size_t kFrame = 256;  // seq, screen, run, prev and hash around the fields
  if (!open_for(at, fields.size() + options_.screen.size() + kFrame))
    return fail("no file to write to");
  std::string content = "{\"seq\":" + std::to_string(seq_ + 1) +
                        ",\"screen\":" + Json(options_.screen).dump() + ",\"run\":\"" + run_ + "\"";
  if (!fields.empty()) content += "," + fields;
  if (dropped_unreported_ > 0)
    content += ",\"dropped_before\":" + std::to_string(dropped_unreported_);
  content += ",\"prev\":\"" + last_hash_ + "\"}";
  const std::string hash = config::sha256_hex(content);
  std::string line = content.substr(0, content.size() - 1);
  line += kHashKey;
  line += hash;
  line += "\"}\n";
  // One write(2) of the whole line: a kill leaves it whole or not there; a short write
  // (a full disk) is taken back so no half line stays in the file.
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      if (::ftruncate(fd_, static_cast<off_t>(file_bytes_)) != 0) {
        // Nothing better to do: the next start sets the torn tail aside.
      }
      return fail(error_text(err));
    }
    done += static_cast<std::size_t>(n);
  }
  file_bytes_ += line.size();
  ++seq_;
  last_hash_ = hash;
  dropped_unreported_ = 0;
  ++unsynced_;
}

void Journal::writer_loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    const bool waiting_to_sync = unsynced_ > 0;
    const auto sync_at = last_sync_ + options_.fsync_every;
    const auto ready = [&] { return !queue_.empty() || stopping_ || force_sync_; };
    if (waiting_to_sync)
      wake_.wait_until(lock, sync_at, ready);
    else
      wake_.wait(lock, ready);
    std::deque<Item> batch;
    batch.swap(queue_);
    const bool force = force_sync_ || stopping_;
    force_sync_ = false;
    lock.unlock();
    for (const Item& item : batch) {
      Instant at{};
      std::visit(
          [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, PlayRecord>)
              at = x.off_air;
            else
              at = x.at;
          },
          item);
      append(serialize(item), at);
    }
    // At most one fsync a second: a power cut loses at most the last second's lines.
    const auto now = SteadyClock::now();
    if (unsynced_ > 0 && fd_ >= 0 && (force || now - last_sync_ >= options_.fsync_every)) {
      ::fdatasync(fd_);
      unsynced_ = 0;
      last_sync_ = now;
    }
    lock.lock();
    written_ += batch.size();
    dropped_shown_ = dropped_total_;
    done_.notify_all();
    if (stopping_ && queue_.empty()) break;
  }
  lock.unlock();
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
    fd_ = -1;
  }
}

JournalRead read_journals(const std::vector<fs::path>& files) {
  JournalRead out;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      out.problems.push_back(file.string() + ": cannot read it");
      continue;
    }
    std::size_t number = 0;
    for (std::string text; std::getline(in, text);) {
      ++number;
      if (text.empty()) continue;
      const Json j = Json::parse(text, nullptr, false);
      const auto where = file.string() + ":" + std::to_string(number) + ": ";
      if (j.is_discarded() || !j.is_object() || !j.contains("type") || !j["type"].is_string()) {
        out.problems.push_back(where + "not a journal line (not JSON, or no \"type\")");
        continue;
      }
      JournalLine line;
      line.file = file;
      line.line = number;
      line.text = text;
      const auto str = [&](const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
      };
      const auto instant = [&](const char* key) { return parse_utc(str(key)).value_or(Instant{}); };
      line.type = str("type");
      line.seq = j.value("seq", std::uint64_t{0});
      line.screen = str("screen");
      line.run = str("run");
      line.prev = str("prev");
      line.hash = str("hash");
      line.at = instant("at");
      line.playlist = str("playlist");
      line.revision = str("revision");
      line.previous = str("previous");
      line.timezone = str("timezone");
      line.action = str("action");
      line.detail = line.type == "stopped" ? str("reason") : str("detail");
      line.source = str("source");
      line.width = j.value("width", 0.0);
      line.height = j.value("height", 0.0);
      line.from = instant("from");
      line.to = instant("to");
      if (line.type == "operator" && line.detail.empty()) line.detail = line.action;
      if (line.type == "operator" && j.contains("takeover"))
        line.detail = "takeover " + str("takeover");
      if (line.type == "play") {
        PlayRecord r;
        r.slide = str("slide");
        r.kind = str("kind");
        r.revision = line.revision;
        if (j.contains("tags") && j["tags"].is_array())
          for (const auto& t : j["tags"])
            if (t.is_string()) r.tags.push_back(t.get<std::string>());
        if (j.contains("sponsors") && j["sponsors"].is_array())
          for (const auto& s : j["sponsors"]) {
            if (!s.is_object()) continue;
            r.sponsors.push_back({s.value("name", std::string{}), s.value("tier", std::string{}),
                                  from_seconds(s.value("seconds", Json(0))),
                                  from_seconds(s.value("covered_seconds", Json(0))),
                                  from_seconds(s.value("failed_seconds", Json(0)))});
          }
        r.pages = j.value("pages", 0);
        r.scheduled_start = instant("scheduled_start");
        r.scheduled_end = j.contains("scheduled_end") && j["scheduled_end"].is_null()
                              ? Instant::max()
                              : instant("scheduled_end");
        r.first_frame = instant("first_frame");
        r.last_frame = instant("last_frame");
        r.off_air = instant("off_air");
        r.outcome = outcome_named(str("outcome")).value_or(PlayOutcome::complete);
        r.cut_by = str("cut_by");
        if (j.contains("takeovers") && j["takeovers"].is_array())
          for (const auto& t : j["takeovers"])
            if (t.is_string()) r.takeovers.push_back(t.get<std::string>());
        r.covered = Millis{j.value("covered_ms", Millis::rep{0})};
        r.failed = Millis{j.value("failed_ms", Millis::rep{0})};
        r.held = Millis{j.value("held_ms", Millis::rep{0})};
        line.play_id = str("play_id");
        line.play = std::move(r);
      }
      out.lines.push_back(std::move(line));
    }
  }
  return out;
}

ChainCheck verify_chain(const std::vector<JournalLine>& lines) {
  ChainCheck check;
  std::map<std::string, std::vector<const JournalLine*>> by_screen;
  for (const JournalLine& l : lines) by_screen[l.screen].push_back(&l);
  for (auto& [screen, list] : by_screen) {
    std::stable_sort(list.begin(), list.end(),
                     [](const JournalLine* a, const JournalLine* b) { return a->seq < b->seq; });
    const auto where = [](const JournalLine& l) {
      return l.file.string() + ":" + std::to_string(l.line) + ": ";
    };
    const std::size_t before = check.breaks.size();
    const JournalLine* previous = nullptr;
    for (const JournalLine* l : list) {
      const auto hash = own_hash(l->text);
      if (!hash)
        check.breaks.push_back(where(*l) + "seq " + std::to_string(l->seq) +
                               " has no hash of its own at its end");
      else if (hash->first != hash->second)
        check.breaks.push_back(where(*l) + "seq " + std::to_string(l->seq) +
                               " was changed after it was written (its hash does not match it)");
      if (previous) {
        if (l->seq == previous->seq)
          check.breaks.push_back(where(*l) + "seq " + std::to_string(l->seq) +
                                 " appears twice (also at " + where(*previous) + ")");
        else if (l->seq != previous->seq + 1)
          check.breaks.push_back(where(*l) + "seq " + std::to_string(previous->seq + 1) + " to " +
                                 std::to_string(l->seq - 1) + " are missing (deleted)");
        else if (l->prev != previous->hash)
          check.breaks.push_back(where(*l) + "seq " + std::to_string(l->seq) +
                                 " does not follow the line before it (" + where(*previous) +
                                 "edited, or a line removed between them)");
      } else if (l->seq == 1 && !l->prev.empty()) {
        check.breaks.push_back(where(*l) + "the first line names a line before it");
      }
      previous = l;
    }
    const std::size_t broken = check.breaks.size() - before;
    std::string summary = (screen.empty() ? std::string("(no screen)") : screen) + ": " +
                          std::to_string(list.size()) + " lines, seq " +
                          std::to_string(list.front()->seq) + " to " +
                          std::to_string(list.back()->seq);
    if (list.front()->seq > 1)
      summary += " (the lines before seq " + std::to_string(list.front()->seq) +
                 " are in files not given, or were pruned)";
    summary += broken == 0 ? ": chain intact" : ": " + std::to_string(broken) + " break(s)";
    check.summary.push_back(std::move(summary));
  }
  return check;
}

}  // namespace marquee::backends
