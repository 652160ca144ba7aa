// OperatorDesk: where every transport's commands meet. It checks them against the command table,
// appends operator events to the log at the clock's now, keeps the log on disk, wakes the frame
// loop, and tells followers (server-sent events) what changed on screen.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "control/commands.h"
#include "core/show.h"
#include "core/timeline.h"

namespace marquee::control {

// Every command's answer, whatever the transport: {ok, rev, error}, and for status the
// screen's state besides.
struct Answer {
  bool ok = false;
  std::uint64_t rev = 0;      // the operator log's revision after the command
  std::string error = {};     // one line, when !ok
  int status = 200;           // as HTTP says it (see Problem)
  std::string field = {};     // the argument at fault, when there is one
  nlohmann::json state = {};  // status: the screen's state (ScreenState's JSON)

  nlohmann::json to_json() const;
};

// What a screen shows and how it is, as the frame loop publishes it once per frame.
struct ScreenState {
  std::string screen;
  std::string slide, slide_kind, next;  // ids; empty when nothing is on air
  Instant slide_since{}, slide_until = Instant::max();
  bool held = false;
  std::vector<TakeoverOnAir> takeovers;
  bool identify = false;
  std::string playlist;        // the file
  bool playlist_valid = true;  // the last save was accepted
  std::string last_error;      // the first error of the rejected save, file:line:col
  double presents_per_second = 0;
  bool video_playing = false;
  std::uint64_t revision = 0;  // of the operator log the frame was drawn with

  // Whether a follower would see the difference: slide, next, hold, takeovers, identify,
  // the playlist's validity.
  bool same_on_screen(const ScreenState& other) const;
};

class OperatorDesk {
 public:
  using Clock = std::function<Instant()>;
  // `log_file` keeps the log (empty: not kept); what it held is loaded now. `clock` is
  // the time commands are stamped with: the wall clock on a screen.
  OperatorDesk(std::filesystem::path log_file, Clock clock);
  ~OperatorDesk();
  OperatorDesk(const OperatorDesk&) = delete;
  OperatorDesk& operator=(const OperatorDesk&) = delete;

  // The frame loop's side. `wake` is called (from any thread) when a command changed the
  // log or work was posted; `reload` rereads the playlist; `screenshot` renders the
  // screen now as PNG at a width (the height follows the screen's shape), on the frame
  // loop (see run_posted). Set before the transports start.
  struct Hooks {
    std::function<void()> wake;
    std::function<void()> reload;
    std::function<std::optional<std::string>(int width)> screenshot;
  };
  void set_hooks(Hooks hooks);

  // Checks and applies a command from `source` ("http 127.0.0.1:50312", "osc …", "key").
  // Thread-safe; commands from one thread are applied in the order they are submitted.
  Answer submit(std::string_view command, const nlohmann::json& arguments,
                const std::string& source);
  // An action that needs no checking (the keyboard's), applied as submit would.
  Answer apply(OperatorAction action, const std::string& source);

  // The log as it is now; the frame loop takes one each frame. Never null.
  std::shared_ptr<const OperatorState> log() const;

  // Once per frame from the frame loop: the show on air and what the screen shows. A
  // change a follower would see becomes an event.
  void publish(std::shared_ptr<const Show> show, ScreenState state);
  std::shared_ptr<const Show> show() const;
  // The status command's answer: the screen's state, uptime and revision. A status asked
  // right after a command waits (up to `wait`) for the frame that shows it, so a desk that
  // presses a button then polls never reads the screen from before the press.
  Answer status(Millis wait = Millis{500}) const;

  // The screen as PNG, rendered on the frame loop; nullopt when the loop did not get to
  // it within `wait` (or there is no screenshot hook).
  std::optional<std::string> screenshot(int width, Millis wait);
  // Runs what other threads posted for the frame loop (screenshots). The loop calls it
  // once per iteration; SDL stays on its thread.
  void run_posted();

  // Followers (server-sent events): each event is {"event": type, "data": JSON}. The
  // first is always the full state ("status"); then "slide", "takeover", "edit".
  struct Event {
    std::uint64_t seq = 0;
    std::string type;
    nlohmann::json data;
  };
  // The full state, numbered as the last event so far: what a follower gets first.
  Event state_event() const;
  // The events after `after`, waiting up to `wait` for one; empty on timeout, once
  // `cancel` is set (see wake_followers) or the desk is closing. A follower so far behind
  // that they are gone gets the full state instead.
  std::vector<Event> events_after(std::uint64_t after, Millis wait,
                                  const std::atomic<bool>& cancel);
  // Wakes every follower waiting in events_after, to look at its `cancel`.
  void wake_followers();
  // For shutdown: ends every follower's wait and, once the log is on disk, the writer.
  void close();
  bool closed() const;

 private:
  Answer record(OperatorAction action, const std::string& source);
  void persist_loop();
  void push_event(std::string type, nlohmann::json data);  // with mutex_ held
  nlohmann::json state_json() const;                       // with mutex_ held

  const std::filesystem::path log_file_;
  const Clock clock_;
  const Instant started_;
  Hooks hooks_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;  // events, frames, persistence, closing
  std::shared_ptr<const OperatorState> log_;
  std::shared_ptr<const Show> show_;
  std::optional<ScreenState> state_;
  std::deque<Event> events_;
  std::uint64_t next_seq_ = 1;
  bool closing_ = false;
  bool unsaved_ = false;

  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;

  std::thread persister_;
};

}  // namespace marquee::control
