// OperatorDesk: checked commands into the operator log, the log onto disk, changes out to
// followers.
#include "control/desk.h"

#include <spdlog/spdlog.h>

#include "config/atomic_file.h"
#include "control/operator_log.h"

namespace marquee::control {
namespace {

using nlohmann::json;

constexpr std::size_t kKeptEvents = 256;  // a follower further behind gets the full state again

json moment_or_null(Instant at) {
  return at == Instant::max() || at == Instant{} ? json(nullptr) : json(format_instant(at));
}

json takeovers_json(const std::vector<TakeoverOnAir>& takeovers) {
  json list = json::array();
  for (const TakeoverOnAir& t : takeovers)
    list.push_back({{"id", t.takeover.id},
                    {"style", style_name(t.takeover.style)},
                    {"title", t.takeover.title},
                    {"text", t.takeover.text},
                    {"since", format_instant(t.start)},
                    {"until", moment_or_null(t.end)}});
  return list;
}

bool same_takeovers(const std::vector<TakeoverOnAir>& a, const std::vector<TakeoverOnAir>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].takeover != b[i].takeover || a[i].start != b[i].start || a[i].end != b[i].end)
      return false;
  return true;
}

json slide_json(const ScreenState& s) {
  json slide = s.slide.empty() ? json(nullptr)
                               : json{{"id", s.slide},
                                      {"kind", s.slide_kind},
                                      {"since", moment_or_null(s.slide_since)},
                                      {"until", moment_or_null(s.slide_until)}};
  return {
      {"slide", slide}, {"next", s.next.empty() ? json(nullptr) : json(s.next)}, {"held", s.held}};
}

json edit_json(const ScreenState& s) {
  return {{"file", s.playlist}, {"valid", s.playlist_valid}, {"last_error", s.last_error}};
}

}  // namespace

json Answer::to_json() const {
  json j = state.is_object() ? state : json::object();
  j["ok"] = ok;
  j["rev"] = rev;
  j["error"] = ok ? json(nullptr) : json(error);
  if (!field.empty()) j["field"] = field;
  return j;
}

bool ScreenState::same_on_screen(const ScreenState& o) const {
  return slide == o.slide && next == o.next && held == o.held && identify == o.identify &&
         same_takeovers(takeovers, o.takeovers) && playlist_valid == o.playlist_valid &&
         last_error == o.last_error;
}

OperatorDesk::OperatorDesk(std::filesystem::path log_file, Clock clock)
    : log_file_(std::move(log_file)),
      clock_(std::move(clock)),
      started_(clock_()),
      log_(std::make_shared<const OperatorState>(log_file_.empty() ? OperatorState{}
                                                                   : load_kept_log(log_file_))) {
  if (!log_file_.empty()) persister_ = std::thread([this] { persist_loop(); });
}

OperatorDesk::~OperatorDesk() {
  close();
  if (persister_.joinable()) persister_.join();
}

void OperatorDesk::set_hooks(Hooks hooks) {
  hooks_ = std::move(hooks);
}

Answer OperatorDesk::submit(std::string_view command, const json& arguments,
                            const std::string& source) {
  Context context;
  {
    std::lock_guard lock(mutex_);
    if (show_) {
      for (const Slide& slide : show_->slides) context.slides.push_back(slide.id);
      context.zone = show_->zone;
    }
  }
  context.now = clock_();
  Checked checked = check(command, arguments, context);
  if (!checked.request) {
    spdlog::warn("operator: refused {} from {}: {}", command, source, checked.problem.message);
    Answer answer{.ok = false,
                  .rev = log()->revision,
                  .error = std::move(checked.problem.message),
                  .status = checked.problem.status,
                  .field = std::move(checked.problem.field)};
    return answer;
  }
  if (auto* action = std::get_if<OperatorAction>(&*checked.request))
    return record(std::move(*action), source);
  if (std::holds_alternative<ReloadRequest>(*checked.request)) {
    spdlog::info("operator: reload from {}", source);
    if (hooks_.reload) hooks_.reload();
    return {.ok = true, .rev = log()->revision};
  }
  // A follower may poll every second: its requests are not worth a line each.
  spdlog::debug("operator: status from {}", source);
  return status();
}

Answer OperatorDesk::apply(OperatorAction action, const std::string& source) {
  return record(std::move(action), source);
}

Answer OperatorDesk::record(OperatorAction action, const std::string& source) {
  const std::string words = describe(action);
  std::uint64_t rev = 0;
  {
    std::lock_guard lock(mutex_);
    // Never before the last event, so one client's commands keep their order even if
    // the wall clock steps back.
    Instant at = clock_();
    if (!log_->events.empty()) at = std::max(at, log_->events.back().at);
    OperatorState next = *log_;
    next.add({at, std::move(action), source});
    if (show_) next = trim(*show_, next, at);
    rev = next.revision;
    log_ = std::make_shared<const OperatorState>(std::move(next));
    unsaved_ = true;
  }
  changed_.notify_all();
  spdlog::info("operator: {} from {} (rev {})", words, source, rev);
  if (hooks_.wake) hooks_.wake();
  return {.ok = true, .rev = rev};
}

std::shared_ptr<const OperatorState> OperatorDesk::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

std::shared_ptr<const Show> OperatorDesk::show() const {
  std::lock_guard lock(mutex_);
  return show_;
}

void OperatorDesk::publish(std::shared_ptr<const Show> show, ScreenState state) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    if (!show_ && show && !log_->events.empty()) {
      // The kept log is trimmed once a show says what its days are.
      log_ = std::make_shared<const OperatorState>(trim(*show, *log_, clock_()));
    }
    show_ = std::move(show);
    if (!state_) {
      state_ = std::move(state);
      return;
    }
    const ScreenState& was = *state_;
    if (was.slide != state.slide || was.next != state.next || was.held != state.held) {
      push_event("slide", slide_json(state));
      changed = true;
    }
    if (!same_takeovers(was.takeovers, state.takeovers) || was.identify != state.identify) {
      push_event("takeover",
                 {{"takeovers", takeovers_json(state.takeovers)}, {"identify", state.identify}});
      changed = true;
    }
    if (was.playlist_valid != state.playlist_valid || was.last_error != state.last_error) {
      push_event("edit", edit_json(state));
      changed = true;
    }
    if (was.revision != state.revision) changed = true;  // a status may wait for it
    state_ = std::move(state);
  }
  if (changed) changed_.notify_all();
}

void OperatorDesk::push_event(std::string type, json data) {
  data["rev"] = log_->revision;
  events_.push_back({next_seq_++, std::move(type), std::move(data)});
  while (events_.size() > kKeptEvents) events_.pop_front();
}

json OperatorDesk::state_json() const {
  const ScreenState s = state_.value_or(ScreenState{});
  json j = slide_json(s);
  j["screen"] = s.screen;
  j["now"] = format_instant(clock_());
  j["operators"] = {{"held", s.held},
                    {"takeovers", takeovers_json(s.takeovers)},
                    {"identify", s.identify},
                    {"events", log_->events.size()},
                    {"revision", log_->revision}};
  j["playlist"] = edit_json(s);
  j["uptime_s"] = std::chrono::duration<double>(clock_() - started_).count();
  j["presents_per_second"] = s.presents_per_second;
  j["video_playing"] = s.video_playing;
  j["rev"] = log_->revision;
  return j;
}

Answer OperatorDesk::status(Millis wait) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, wait,
                    [&] { return closing_ || !state_ || state_->revision >= log_->revision; });
  return {.ok = true, .rev = log_->revision, .state = state_json()};
}

std::optional<std::string> OperatorDesk::screenshot(int width, Millis wait) {
  if (!hooks_.screenshot) return std::nullopt;
  auto done = std::make_shared<std::promise<std::optional<std::string>>>();
  auto picture = done->get_future();
  {
    std::lock_guard lock(posted_mutex_);
    posted_.push_back([this, done, width] { done->set_value(hooks_.screenshot(width)); });
  }
  if (hooks_.wake) hooks_.wake();
  if (picture.wait_for(wait) != std::future_status::ready) return std::nullopt;
  return picture.get();
}

void OperatorDesk::run_posted() {
  std::vector<std::function<void()>> jobs;
  {
    std::lock_guard lock(posted_mutex_);
    jobs.swap(posted_);
  }
  for (auto& job : jobs) job();
}

OperatorDesk::Event OperatorDesk::state_event() const {
  std::lock_guard lock(mutex_);
  return {next_seq_ - 1, "status", state_json()};
}

std::vector<OperatorDesk::Event> OperatorDesk::events_after(std::uint64_t after, Millis wait,
                                                            const std::atomic<bool>& cancel) {
  std::unique_lock lock(mutex_);
  if (!events_.empty() && after + 1 < events_.front().seq)
    return {Event{next_seq_ - 1, "status", state_json()}};
  changed_.wait_for(lock, wait, [&] { return closing_ || cancel.load() || next_seq_ - 1 > after; });
  std::vector<Event> out;
  if (closing_ || cancel.load()) return out;
  for (const Event& e : events_)
    if (e.seq > after) out.push_back(e);
  return out;
}

void OperatorDesk::wake_followers() {
  { std::lock_guard lock(mutex_); }  // a follower between its check and its wait sees it
  changed_.notify_all();
}

void OperatorDesk::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
}

bool OperatorDesk::closed() const {
  std::lock_guard lock(mutex_);
  return closing_;
}

void OperatorDesk::persist_loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return unsaved_ || closing_; });
    if (unsaved_) {
      const auto snapshot = log_;
      unsaved_ = false;
      lock.unlock();
      config::write_file_atomically(log_file_, to_json(*snapshot).dump(1));
      lock.lock();
      continue;
    }
    if (closing_) return;
  }
}

}  // namespace marquee::control
