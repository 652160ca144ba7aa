// The AV desk's command table: every operator command once, with its typed arguments, checks and
// one line of help. HTTP, OSC, the console and the README's reference are generated from it.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/operator.h"
#include "core/show.h"
#include "core/stage.h"

namespace marquee::control {

enum class ArgType {
  text,      // any text
  slide,     // the id of a slide of the show on air
  style,     // info | sponsor | emergency
  duration,  // seconds as a number, or 10s, 5m, 1m30s
  moment,    // 15:30 (today, venue time), 2024-09-18T15:30, or with Z / an offset
  on_off,    // on | off (also true | false, 1 | 0)
  talk,      // the id of a talk of the show's rundown, or next
};

struct Arg {
  std::string_view name;
  ArgType type = ArgType::text;
  bool required = false;
  std::string_view help;
  std::string_view excludes = {};  // another argument that cannot come with this one
  Millis at_most{0};               // a duration's limit, when tighter than 24 h
};

// Requests that act on the player rather than on the operator log.
struct ReloadRequest {
  friend bool operator==(const ReloadRequest&, const ReloadRequest&) = default;
};
struct StatusRequest {
  friend bool operator==(const StatusRequest&, const StatusRequest&) = default;
};
// What a command asks for once its arguments are read: an event for the operator log, or
// one of the requests above.
using Request = std::variant<OperatorAction, ReloadRequest, StatusRequest>;

// A request's arguments, checked and typed as its command's table entry says.
class Values {
 public:
  using Value = std::variant<std::string, Millis, Instant, TakeoverStyle, bool>;
  void set(std::string_view name, Value value) { values_[std::string(name)] = std::move(value); }
  bool has(std::string_view name) const { return values_.contains(name); }
  std::string text(std::string_view name) const { return get<std::string>(name).value_or(""); }
  std::optional<Millis> duration(std::string_view name) const { return get<Millis>(name); }
  std::optional<Instant> moment(std::string_view name) const { return get<Instant>(name); }
  TakeoverStyle style(std::string_view name) const {
    return get<TakeoverStyle>(name).value_or(TakeoverStyle::info);
  }
  bool on(std::string_view name) const { return get<bool>(name).value_or(false); }

 private:
  template <class T>
  std::optional<T> get(std::string_view name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    const T* value = std::get_if<T>(&it->second);
    return value ? std::optional<T>(*value) : std::nullopt;
  }
  std::map<std::string, Value, std::less<>> values_;
};

struct Command {
  std::string_view name;
  std::string_view help;
  std::vector<Arg> args;  // in this order as OSC arguments
  Request (*make)(const Values&);
  bool needs_one = false;  // all its arguments are optional, but one must be given
};

// Every command, in the order the help and the README list them. Adding one is one entry
// here (and, for a new kind of operator event, its action in core/operator.h).
const std::vector<Command>& commands();
const Command* find_command(std::string_view name);

// What checking an argument needs to know of the screen: the show's slide ids (for goto),
// its rundown's talks (for timer-load), its time zone and the time (for `until`), and the
// stage at that time (what `next` and a lower third without a name stand for).
struct Context {
  std::vector<std::string> slides;
  std::optional<std::vector<std::string>> talks;  // nullopt: the show is not known
  const date::time_zone* zone = nullptr;          // nullptr: UTC
  Instant now{};
  std::shared_ptr<const StageState> stage;
};

// Why a request was refused, as the transports report it: an HTTP status (400 unreadable,
// 401 no or wrong token, 404 unknown command, 413 too large, 422 bad arguments, 503 the
// player did not answer), the argument at fault if any, and one line for people.
struct Problem {
  int status = 422;
  std::string field;
  std::string message;
};

struct Checked {
  std::optional<Request> request;  // set when the request is good
  Problem problem;                 // otherwise
};

// Checks a request's arguments, given as a JSON object: from a body as they are, from a
// query string as text (every type reads text: "300" is a duration), from OSC by position
// (osc_arguments). An empty string counts as not given, so a form or an OSC sender can
// leave an optional argument out in the middle. What a command leaves to the stage at the
// time is filled in from context.stage, so the log says what happened: `timer-load next`
// names the talk after the loaded one, a lower third without a name is the speaker of the
// talk on now (refused when there is none).
Checked check(std::string_view command, const nlohmann::json& arguments, const Context& context);

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error …" as
// the transports say it: "malformed JSON at line 1, column 9: syntax error …".
std::string malformed_json(const nlohmann::json::parse_error& error);

// OSC arguments (liblo type tags and values converted to JSON) matched to a command's
// arguments by position; a Problem when there are too many.
std::variant<nlohmann::json, Problem> osc_arguments(const Command& command,
                                                    const std::vector<nlohmann::json>& values);

// The table as JSON, for GET /api/v1/help: each command's name, help, arguments, and how
// HTTP and OSC call it.
nlohmann::json help_json();
// The table as the README's command reference (a Markdown table), which a test compares.
std::string help_markdown();

// The speaker timer's keys in `marquee play`, on a screen that shows one: space starts it or
// (running) pauses it, + and - give and take a minute, r resets it; nullopt for other keys.
// They make the same actions as timer-start, -pause, -add, -subtract and -reset.
std::optional<OperatorAction> timer_key(char key, const StageState* stage);
// Whether the show has a stage-timer slide, so that its keys drive the timer.
bool shows_a_timer(const Show& show);

// "info", "sponsor", "emergency".
std::string_view style_name(TakeoverStyle style);

}  // namespace marquee::control
