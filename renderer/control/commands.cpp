// The command table and the checks of its typed arguments, shared by every transport.
#include "control/commands.h"

#include <algorithm>
#include <cmath>

#include "config/moment.h"
#include "config/suggest.h"
#include "core/duration.h"
#include "core/stage.h"

namespace marquee::control {
namespace {

using nlohmann::json;

constexpr std::size_t kLongestText = 500;  // characters on a screen that are still read
constexpr Millis kLongestDuration = std::chrono::hours{24};

OperatorAction step(int by) {
  return StepAction{by};
}

constexpr Millis kLongestNudge = std::chrono::hours{1};

TimerAction timer_action(TimerAction::Verb verb) {
  TimerAction action;
  action.verb = verb;
  return action;
}

OperatorAction timer(TimerAction::Verb verb) {
  return timer_action(verb);
}

const std::vector<Command> kCommands = {
    {"next",
     "Steps to the next slide on air; a held screen stays held on it.",
     {},
     [](const Values&) -> Request { return step(+1); }},
    {"prev",
     "Steps back to the previous slide on air.",
     {},
     [](const Values&) -> Request { return step(-1); }},
    {"goto",
     "Puts the slide with this id on air now.",
     {{"slide", ArgType::slide, true, "the slide's id, as the playlist names it"}},
     [](const Values& v) -> Request { return OperatorAction{GotoAction{v.text("slide")}}; }},
    {"hold",
     "Keeps the slide on air on screen until `resume`.",
     {},
     [](const Values&) -> Request { return OperatorAction{HoldAction{}}; }},
    {"resume",
     "Ends a hold: the slide finishes its turn and the rotation runs on.",
     {},
     [](const Values&) -> Request { return OperatorAction{ResumeAction{}}; }},
    {"takeover",
     "Covers the screen with a message until it runs out or is cleared; a takeover with "
     "the id of one on screen replaces it, an emergency covers the others.",
     {{"text", ArgType::text, true, "the message"},
      {"style", ArgType::style, false, "info (default), sponsor or emergency"},
      {"duration", ArgType::duration, false, "how long it stays, e.g. 300 or 5m", "until"},
      {"until", ArgType::moment, false, "when it ends, e.g. 15:30 (venue time)", "duration"},
      {"title", ArgType::text, false, "a line above the message"},
      {"id", ArgType::text, false, "names it for clear (default: its style)"}},
     [](const Values& v) -> Request {
       TakeoverAction t;
       t.text = v.text("text");
       t.title = v.text("title");
       t.style = v.style("style");
       t.id = v.has("id") ? v.text("id") : std::string(style_name(t.style));
       t.duration = v.duration("duration");
       t.until = v.moment("until");
       return OperatorAction{std::move(t)};
     }},
    {"clear",
     "Ends the takeover with this id, or every takeover.",
     {{"id", ArgType::text, false, "the takeover's id (none: all of them)"}},
     [](const Values& v) -> Request { return OperatorAction{ClearAction{v.text("id")}}; }},
    {"reload",
     "Reads the playlist and its files again now; an invalid save stays off air.",
     {},
     [](const Values&) -> Request { return ReloadRequest{}; }},
    {"identify",
     "Shows the screen's name large for 5 s, to find it in a hall.",
     {},
     [](const Values&) -> Request { return OperatorAction{IdentifyAction{}}; }},
    {"status",
     "What the screen shows (slide, next, takeovers), its operator state and its health.",
     {},
     [](const Values&) -> Request { return StatusRequest{}; }},
    {"timer-start",
     "Starts the speaker timer, or runs it on from where it was paused.",
     {},
     [](const Values&) -> Request { return timer(TimerAction::Verb::start); }},
    {"timer-pause",
     "Stops the speaker timer where it is.",
     {},
     [](const Values&) -> Request { return timer(TimerAction::Verb::pause); }},
    {"timer-resume",
     "Runs a paused speaker timer on from where it stopped.",
     {},
     [](const Values&) -> Request { return timer(TimerAction::Verb::resume); }},
    {"timer-reset",
     "Puts the speaker timer back to its length, stopped.",
     {},
     [](const Values&) -> Request { return timer(TimerAction::Verb::reset); }},
    {"timer-add",
     "Gives the speaker more time: the time left grows, running or not.",
     {{"seconds",
       ArgType::duration,
       true,
       "how much, e.g. 60 or 1m; at most 1h",
       {},
       kLongestNudge}},
     [](const Values& v) -> Request {
       TimerAction add = timer_action(TimerAction::Verb::add);
       add.by = v.duration("seconds").value_or(Millis{0});
       return OperatorAction{add};
     }},
    {"timer-subtract",
     "Takes time away: the time left shrinks, running or not.",
     {{"seconds",
       ArgType::duration,
       true,
       "how much, e.g. 60 or 1m; at most 1h",
       {},
       kLongestNudge}},
     [](const Values& v) -> Request {
       TimerAction subtract = timer_action(TimerAction::Verb::add);
       subtract.by = -v.duration("seconds").value_or(Millis{0});
       return OperatorAction{subtract};
     }},
    {"timer-set",
     "Gives the speaker timer a new length (the time counted so far still counts), or a time "
     "of day to count down to.",
     {{"duration", ArgType::duration, false, "the talk's length, e.g. 20m", "until"},
      {"until", ArgType::moment, false, "a time to count down to, e.g. 10:40 (venue time)",
       "duration"}},
     [](const Values& v) -> Request {
       TimerAction set = timer_action(TimerAction::Verb::set);
       set.duration = v.duration("duration");
       set.until = v.moment("until");
       return OperatorAction{set};
     },
     true},
    {"timer-load",
     "Puts a talk of the rundown on the speaker timer (its length, thresholds, title and "
     "speaker), stopped.",
     {{"talk", ArgType::talk, true, "the talk's id, or next: the one after the loaded talk"}},
     [](const Values& v) -> Request {
       TimerAction load = timer_action(TimerAction::Verb::load);
       load.talk = v.text("talk");
       return OperatorAction{load};
     }},
    {"message-show",
     "Shows a message to the speaker on the confidence monitor, never on the room's screens, "
     "until it is cleared.",
     {{"text", ArgType::text, true, "the message, e.g. Please wrap up"},
      {"blink", ArgType::on_off, false, "on: it blinks, once a second"}},
     [](const Values& v) -> Request {
       return OperatorAction{MessageAction{v.text("text"), v.on("blink")}};
     }},
    {"message-clear",
     "Takes the message off the confidence monitor.",
     {},
     [](const Values&) -> Request { return OperatorAction{MessageAction{}}; }},
    {"blackout",
     "Blanks the confidence monitor on purpose (on), or brings it back (off); the room's "
     "screens never go dark.",
     {{"state", ArgType::on_off, true, "on or off"}},
     [](const Values& v) -> Request { return OperatorAction{BlackoutAction{v.on("state")}}; }},
    {"lower-third",
     "Slides a name and title in over the lower safe area of the room's screens; without a "
     "name, the speaker of the talk on now.",
     {{"name", ArgType::text, false, "the first line, e.g. Matt White"},
      {"title", ArgType::text, false, "the second line, e.g. PyTorch"},
      {"duration", ArgType::duration, false, "how long it stays, e.g. 10s (none: until cleared)"}},
     [](const Values& v) -> Request {
       return OperatorAction{
           LowerThirdAction{v.text("name"), v.text("title"), v.duration("duration")}};
     }},
    {"lower-third-clear",
     "Slides the lower third out.",
     {},
     [](const Values&) -> Request { return OperatorAction{LowerThirdAction{}}; }},
};

std::vector<std::string> names_of(const std::vector<Command>& table) {
  std::vector<std::string> names;
  for (const Command& c : table) names.emplace_back(c.name);
  return names;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto close = config::suggest(word, candidates);
  return close ? " (did you mean '" + *close + "'?)" : "";
}

std::string json_kind(const json& value) {
  switch (value.type()) {
    case json::value_t::boolean:
      return "true or false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    default:
      return "text";
  }
}

Problem bad(std::string_view field, std::string message) {
  return {422, std::string(field), std::move(message)};
}

// The value of one argument, or why it cannot be read.
std::variant<Values::Value, Problem> read_value(const Arg& arg, const json& value,
                                                const Context& context) {
  const std::string name(arg.name);
  const auto wrong_kind = [&](const std::string& expected) {
    return bad(name, "'" + name + "' must be " + expected + ", got " + json_kind(value));
  };
  const bool is_text = value.is_string();
  const std::string text = is_text ? value.get<std::string>() : std::string();
  switch (arg.type) {
    case ArgType::text:
      if (!is_text) return wrong_kind("text");
      if (text.size() > kLongestText)
        return bad(name, "'" + name + "' is too long (" + std::to_string(text.size()) +
                             " bytes; at most " + std::to_string(kLongestText) + ")");
      return text;
    case ArgType::slide: {
      if (!is_text) return wrong_kind("a slide id");
      const auto& slides = context.slides;
      if (!slides.empty() && std::find(slides.begin(), slides.end(), text) == slides.end())
        return bad(name, "no slide '" + text + "' in the show" + did_you_mean(text, slides));
      return text;
    }
    case ArgType::style: {
      if (!is_text) return wrong_kind("info, sponsor or emergency");
      for (const auto style :
           {TakeoverStyle::info, TakeoverStyle::sponsor, TakeoverStyle::emergency})
        if (text == style_name(style)) return style;
      return bad(name, "'" + name + "' must be info, sponsor or emergency, got '" + text + "'" +
                           did_you_mean(text, {"info", "sponsor", "emergency"}));
    }
    case ArgType::duration: {
      std::optional<Millis> duration;
      if (value.is_number()) {
        const double seconds = value.get<double>();
        if (std::isfinite(seconds) && std::abs(seconds) < 1e9)
          duration = Millis{static_cast<Millis::rep>(std::llround(seconds * 1000))};
      } else if (is_text) {
        duration = parse_duration(text);
      } else {
        return wrong_kind("a duration (seconds, or like 5m)");
      }
      if (!duration)
        return bad(name, "cannot read " + name + " '" + (is_text ? text : value.dump()) +
                             "'; write it like 300, 5m or 1m30s");
      if (duration->count() <= 0) return bad(name, "'" + name + "' must be more than 0");
      if (arg.at_most.count() > 0 && *duration > arg.at_most)
        return bad(name, "'" + name + "' must be at most " + format_duration(arg.at_most) +
                             " at once, got " + format_duration(*duration));
      if (*duration > kLongestDuration)
        return bad(name, "'" + name + "' must be at most 24h; without one it stays until cleared");
      return *duration;
    }
    case ArgType::moment: {
      if (!is_text) return wrong_kind("a time like 15:30");
      const auto* zone = context.zone ? context.zone : date::locate_zone("UTC");
      const auto moment = config::parse_moment_today(text, zone, context.now);
      if (!moment)
        return bad(name, "cannot read " + name + " '" + text +
                             "'; write it like 15:30, 2024-09-18T15:30 or 2024-09-18T22:30Z");
      if (*moment <= context.now) return bad(name, "'" + name + "' " + text + " has passed");
      return *moment;
    }
    case ArgType::on_off: {
      if (value.is_boolean()) return value.get<bool>();
      if (value.is_number()) {
        if (value == 1) return true;
        if (value == 0) return false;
      }
      const std::string word = is_text ? text : value.dump();
      if (word == "on" || word == "true" || word == "1") return true;
      if (word == "off" || word == "false" || word == "0") return false;
      return bad(name, "'" + name + "' must be on or off, got '" + word + "'" +
                           did_you_mean(word, {"on", "off"}));
    }
    case ArgType::talk: {
      if (!is_text) return wrong_kind("a talk's id");
      if (!context.talks) return text;
      if (context.talks->empty())
        return bad(name, "the playlist has no rundown to load '" + text + "' from");
      std::vector<std::string> ids = *context.talks;
      ids.emplace_back("next");
      if (std::find(ids.begin(), ids.end(), text) == ids.end())
        return bad(name, "no talk '" + text + "' in the rundown" + did_you_mean(text, ids));
      return text;
    }
  }
  return wrong_kind("text");
}

// What `next` and a nameless lower third stand for on the stage now.
std::optional<Problem> settle(std::string_view command, OperatorAction& action,
                              const Context& context) {
  const StageState* stage = context.stage.get();
  if (auto* timer = std::get_if<TimerAction>(&action);
      timer && timer->verb == TimerAction::Verb::load && timer->talk == "next") {
    if (!stage || !stage->rundown) return std::nullopt;  // the fold reads "next" itself
    const auto& talks = stage->rundown->talks;
    const int loaded = stage->timer.back().talk;
    if (loaded + 1 >= static_cast<int>(talks.size()))
      return bad("talk", "the rundown has no talk after '" +
                             talks[static_cast<std::size_t>(loaded)].id + "', its last");
    timer->talk = talks[static_cast<std::size_t>(loaded + 1)].id;
  }
  auto* lower = std::get_if<LowerThirdAction>(&action);
  if (command == "lower-third" && lower && lower->name.empty()) {
    const Talk* talk = stage ? stage->talk("current") : nullptr;
    if (!talk)
      return bad("name",
                 "lower-third needs a 'name': the rundown has no talk on now to take "
                 "one from");
    lower->name = talk->speaker;
    if (lower->title.empty()) {
      lower->title = talk->job_title;
      if (!talk->organisation.empty())
        lower->title += (lower->title.empty() ? "" : ", ") + talk->organisation;
    }
  }
  return std::nullopt;
}

std::string_view type_word(ArgType type) {
  switch (type) {
    case ArgType::text:
      return "text";
    case ArgType::slide:
      return "slide id";
    case ArgType::style:
      return "style";
    case ArgType::duration:
      return "duration";
    case ArgType::moment:
      return "time";
    case ArgType::on_off:
      return "on/off";
    case ArgType::talk:
      return "talk id";
  }
  return "text";
}

std::string osc_usage(const Command& c) {
  std::string usage = "/marquee/" + std::string(c.name);
  for (const Arg& a : c.args)
    usage += a.required ? " " + std::string(a.name) : " [" + std::string(a.name) + "]";
  return usage;
}

}  // namespace

std::string_view style_name(TakeoverStyle style) {
  switch (style) {
    case TakeoverStyle::info:
      return "info";
    case TakeoverStyle::sponsor:
      return "sponsor";
    case TakeoverStyle::emergency:
      return "emergency";
  }
  return "info";
}

const std::vector<Command>& commands() {
  return kCommands;
}

const Command* find_command(std::string_view name) {
  for (const Command& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

Checked check(std::string_view name, const json& arguments, const Context& context) {
  const Command* command = find_command(name);
  if (!command)
    return {
        std::nullopt,
        {404, "",
         "unknown command '" + std::string(name) + "'" + did_you_mean(name, names_of(kCommands))}};
  if (!arguments.is_object())
    return {std::nullopt, {400, "", "the arguments must be a JSON object, like {\"text\": \"…\"}"}};
  std::vector<std::string> known;
  for (const Arg& a : command->args) known.emplace_back(a.name);
  for (const auto& [key, value] : arguments.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::string takes =
        known.empty() ? std::string(" (it takes none)") : did_you_mean(key, known);
    return {std::nullopt,
            bad(key, "unknown argument '" + key + "' for " + std::string(command->name) + takes)};
  }
  Values values;
  for (const Arg& a : command->args) {
    const auto it = arguments.find(a.name);
    const bool given = it != arguments.end() && !it->is_null() &&
                       !(it->is_string() && it->get_ref<const std::string&>().empty());
    if (!given) {
      if (a.required)
        return {std::nullopt,
                bad(a.name, std::string(command->name) + " needs '" + std::string(a.name) + "' (" +
                                std::string(a.help) + ")")};
      continue;
    }
    auto value = read_value(a, *it, context);
    if (auto* problem = std::get_if<Problem>(&value)) return {std::nullopt, std::move(*problem)};
    if (!a.excludes.empty() && values.has(a.excludes))
      return {std::nullopt, bad(a.name, "give '" + std::string(a.excludes) + "' or '" +
                                            std::string(a.name) + "', not both")};
    values.set(a.name, std::get<Values::Value>(std::move(value)));
  }
  if (command->needs_one && std::none_of(command->args.begin(), command->args.end(),
                                         [&](const Arg& a) { return values.has(a.name); })) {
    std::vector<std::string> names;
    for (const Arg& a : command->args) names.emplace_back("'" + std::string(a.name) + "'");
    std::string listed;
    for (std::size_t i = 0; i < names.size(); ++i)
      listed += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return {std::nullopt,
            bad(command->args.front().name, std::string(command->name) + " needs " + listed)};
  }
  Request request = command->make(values);
  if (auto* action = std::get_if<OperatorAction>(&request))
    if (auto problem = settle(command->name, *action, context))
      return {std::nullopt, std::move(*problem)};
  return {std::move(request), {}};
}

std::string malformed_json(const json::parse_error& error) {
  std::string what = error.what();
  const std::string marker = "parse error at ";
  const auto at = what.find(marker);
  if (at != std::string::npos) what = what.substr(at + marker.size());
  return "malformed JSON at " + what;
}

std::variant<json, Problem> osc_arguments(const Command& command, const std::vector<json>& values) {
  if (values.size() > command.args.size())
    return Problem{422, "",
                   std::string(command.name) + " takes at most " +
                       std::to_string(command.args.size()) + " arguments, got " +
                       std::to_string(values.size()) + ": " + osc_usage(command)};
  json object = json::object();
  for (std::size_t i = 0; i < values.size(); ++i)
    object[std::string(command.args[i].name)] = values[i];
  return object;
}

json help_json() {
  json list = json::array();
  for (const Command& c : kCommands) {
    json args = json::array();
    for (const Arg& a : c.args) {
      json arg = {{"name", a.name},
                  {"type", type_word(a.type)},
                  {"required", a.required},
                  {"help", a.help}};
      if (!a.excludes.empty()) arg["excludes"] = a.excludes;
      args.push_back(std::move(arg));
    }
    list.push_back({{"name", c.name},
                    {"help", c.help},
                    {"args", std::move(args)},
                    {"http", "POST /api/v1/" + std::string(c.name) + " (or GET, with a query)"},
                    {"osc", osc_usage(c)}});
  }
  return list;
}

std::optional<OperatorAction> timer_key(char key, const StageState* stage) {
  using Verb = TimerAction::Verb;
  constexpr Millis kMinute = std::chrono::minutes{1};
  switch (key) {
    case ' ': {
      const bool running = stage && stage->timer.back().since.has_value();
      return timer(running ? Verb::pause : Verb::start);
    }
    case '+': {
      TimerAction more = timer_action(Verb::add);
      more.by = kMinute;
      return more;
    }
    case '-': {
      TimerAction less = timer_action(Verb::add);
      less.by = -kMinute;
      return less;
    }
    case 'r':
      return timer(Verb::reset);
    default:
      return std::nullopt;
  }
}

bool shows_a_timer(const Show& show) {
  return std::any_of(show.slides.begin(), show.slides.end(), [](const Slide& slide) {
    return std::holds_alternative<StageTimerSlide>(slide.content);
  });
}

std::string help_markdown() {
  std::string out = "| command | arguments (OSC: in this order) | what it does |\n|---|---|---|\n";
  for (const Command& c : kCommands) {
    std::string args;
    for (const Arg& a : c.args) {
      if (!args.empty()) args += "; ";
      args += "`" + std::string(a.name) + "` *" + std::string(type_word(a.type)) + "*" +
              (a.required ? "" : ", optional") + ": " + std::string(a.help);
      if (!a.excludes.empty()) args += ", not with `" + std::string(a.excludes) + "`";
    }
    out += "| `" + std::string(c.name) + "` | " + (args.empty() ? "" : args + " ") + "| " +
           std::string(c.help) + " |\n";
  }
  return out;
}

}  // namespace marquee::control
