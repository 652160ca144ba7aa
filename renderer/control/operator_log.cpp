// Operator log <-> JSON, with every unreadable part named by its JSON pointer.
// date::parse with millisecond fields trips a false maybe-uninitialized inside <chrono> under
// g++ 12 -O2 (see config/moment.cpp); the value is always written before use.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "control/operator_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/atomic_file.h"
#include "control/commands.h"

namespace marquee::control {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;

std::optional<Instant> parse_instant(const std::string& text) {
  std::istringstream in(text);
  date::sys_time<Millis> t;
  in >> date::parse("%FT%TZ", t);
  if (in.fail()) return std::nullopt;
  return t;
}

const char* timer_verb_name(TimerAction::Verb verb);

json action_json(const OperatorAction& action) {
  struct Fields {
    json operator()(const StepAction& a) const { return {{"action", "step"}, {"by", a.by}}; }
    json operator()(const GotoAction& a) const { return {{"action", "goto"}, {"slide", a.slide}}; }
    json operator()(const HoldAction&) const { return {{"action", "hold"}}; }
    json operator()(const ResumeAction&) const { return {{"action", "resume"}}; }
    json operator()(const TakeoverAction& a) const {
      json j = {{"action", "takeover"},
                {"id", a.id},
                {"text", a.text},
                {"title", a.title},
                {"style", style_name(a.style)}};
      if (a.duration) j["duration_ms"] = a.duration->count();
      if (a.until) j["until"] = format_instant(*a.until);
      return j;
    }
    json operator()(const ClearAction& a) const { return {{"action", "clear"}, {"id", a.id}}; }
    json operator()(const IdentifyAction&) const { return {{"action", "identify"}}; }
    json operator()(const TimerAction& a) const {
      json j = {{"action", "timer"}, {"verb", timer_verb_name(a.verb)}};
      if (a.verb == TimerAction::Verb::add) j["by_ms"] = a.by.count();
      if (a.duration) j["duration_ms"] = a.duration->count();
      if (a.until) j["until"] = format_instant(*a.until);
      if (a.verb == TimerAction::Verb::load) j["talk"] = a.talk;
      return j;
    }
    json operator()(const MessageAction& a) const {
      return {{"action", "message"}, {"text", a.text}, {"blink", a.blink}};
    }
    json operator()(const BlackoutAction& a) const {
      return {{"action", "blackout"}, {"on", a.on}};
    }
    json operator()(const LowerThirdAction& a) const {
      json j = {{"action", "lower-third"}, {"name", a.name}, {"title", a.title}};
      if (a.duration) j["duration_ms"] = a.duration->count();
      return j;
    }
  };
  return std::visit(Fields{}, action);
}

constexpr std::pair<TimerAction::Verb, const char*> kVerbs[] = {
    {TimerAction::Verb::start, "start"},   {TimerAction::Verb::pause, "pause"},
    {TimerAction::Verb::resume, "resume"}, {TimerAction::Verb::reset, "reset"},
    {TimerAction::Verb::add, "add"},       {TimerAction::Verb::set, "set"},
    {TimerAction::Verb::load, "load"}};

const char* timer_verb_name(TimerAction::Verb verb) {
  for (const auto& [v, name] : kVerbs)
    if (v == verb) return name;
  return "start";
}

// The action of one event, or why not (naming the member at fault).
std::variant<OperatorAction, std::string> read_action(const json& e) {
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto it = e.find(key);
    if (it == e.end()) return std::string();
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  const auto name = text("action");
  if (!name || name->empty()) return std::string("/action: missing or not text");
  if (*name == "step") {
    const auto by = e.find("by");
    if (by == e.end() || !by->is_number_integer()) return std::string("/by: not a whole number");
    return OperatorAction{StepAction{by->get<int>()}};
  }
  if (*name == "goto") {
    const auto slide = text("slide");
    if (!slide || slide->empty()) return std::string("/slide: missing or not text");
    return OperatorAction{GotoAction{*slide}};
  }
  if (*name == "hold") return OperatorAction{HoldAction{}};
  if (*name == "resume") return OperatorAction{ResumeAction{}};
  if (*name == "identify") return OperatorAction{IdentifyAction{}};
  if (*name == "clear") {
    const auto id = text("id");
    if (!id) return std::string("/id: not text");
    return OperatorAction{ClearAction{*id}};
  }
  const auto flag = [&](const char* key) -> std::optional<bool> {
    const auto it = e.find(key);
    if (it == e.end()) return false;
    if (!it->is_boolean()) return std::nullopt;
    return it->get<bool>();
  };
  const auto millis = [&](const char* key,
                          bool positive) -> std::variant<std::optional<Millis>, std::string> {
    const auto it = e.find(key);
    if (it == e.end()) return std::optional<Millis>{};
    if (!it->is_number_integer() || (positive && it->get<long long>() <= 0))
      return "/" + std::string(key) + ": not a " + (positive ? "positive " : "") + "whole number";
    return std::optional<Millis>{Millis{it->get<long long>()}};
  };
  if (*name == "timer") {
    TimerAction t;
    const auto verb = text("verb");
    const auto known = std::find_if(std::begin(kVerbs), std::end(kVerbs),
                                    [&](const auto& v) { return verb && *verb == v.second; });
    if (known == std::end(kVerbs))
      return std::string("/verb: not a timer verb (start, pause, ...)");
    t.verb = known->first;
    auto by = millis("by_ms", false);
    if (auto* why = std::get_if<std::string>(&by)) return *why;
    t.by = std::get<std::optional<Millis>>(by).value_or(Millis{0});
    auto length = millis("duration_ms", true);
    if (auto* why = std::get_if<std::string>(&length)) return *why;
    t.duration = std::get<std::optional<Millis>>(length);
    if (const auto until = e.find("until"); until != e.end()) {
      const auto at = until->is_string() ? parse_instant(until->get<std::string>()) : std::nullopt;
      if (!at) return std::string("/until: not a UTC time like 2024-09-18T19:05:00.000Z");
      t.until = at;
    }
    const auto talk = text("talk");
    if (!talk) return std::string("/talk: not text");
    t.talk = *talk;
    if (t.verb == TimerAction::Verb::load && t.talk.empty())
      return std::string("/talk: missing for a load");
    return OperatorAction{std::move(t)};
  }
  if (*name == "message") {
    const auto message = text("text");
    const auto blink = flag("blink");
    if (!message) return std::string("/text: not text");
    if (!blink) return std::string("/blink: not true or false");
    return OperatorAction{MessageAction{*message, *blink}};
  }
  if (*name == "blackout") {
    const auto on = flag("on");
    if (!on) return std::string("/on: not true or false");
    return OperatorAction{BlackoutAction{*on}};
  }
  if (*name == "lower-third") {
    const auto who = text("name"), title = text("title");
    if (!who) return std::string("/name: not text");
    if (!title) return std::string("/title: not text");
    auto length = millis("duration_ms", true);
    if (auto* why = std::get_if<std::string>(&length)) return *why;
    return OperatorAction{LowerThirdAction{*who, *title, std::get<std::optional<Millis>>(length)}};
  }
  if (*name == "takeover") {
    TakeoverAction t;
    for (const auto& [key, field] :
         {std::pair{"id", &t.id}, std::pair{"text", &t.text}, std::pair{"title", &t.title}}) {
      const auto value = text(key);
      if (!value) return "/" + std::string(key) + ": not text";
      *field = *value;
    }
    const auto style = text("style");
    if (style == "sponsor") {
      t.style = TakeoverStyle::sponsor;
    } else if (style == "emergency") {
      t.style = TakeoverStyle::emergency;
    } else if (style != "info") {
      return std::string("/style: not info, sponsor or emergency");
    }
    if (const auto d = e.find("duration_ms"); d != e.end()) {
      if (!d->is_number_integer() || d->get<long long>() <= 0)
        return std::string("/duration_ms: not a positive whole number");
      t.duration = Millis{d->get<long long>()};
    }
    if (const auto until = e.find("until"); until != e.end()) {
      const auto at = until->is_string() ? parse_instant(until->get<std::string>()) : std::nullopt;
      if (!at) return std::string("/until: not a UTC time like 2024-09-18T19:05:00.000Z");
      t.until = at;
    }
    return OperatorAction{std::move(t)};
  }
  return "/action: unknown action '" + *name + "'";
}

}  // namespace

std::string format_instant(Instant at) {
  return date::format("%FT%TZ", at);
}

json to_json(const OperatorEvent& event) {
  json j = action_json(event.action);
  j["at"] = format_instant(event.at);
  j["source"] = event.source;
  return j;
}

json to_json(const OperatorState& log) {
  json events = json::array();
  for (const OperatorEvent& e : log.events) events.push_back(to_json(e));
  return {{"marquee_operator_log", kFormat}, {"revision", log.revision}, {"events", events}};
}

std::optional<ReadLog> parse_operator_log(std::string_view text, const std::string& file) {
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  ReadLog read;
  if (root.is_discarded() || !root.is_object()) {
    read.problems.push_back(file + ": not an operator log (not JSON, or cut short)");
    return std::nullopt;
  }
  const auto events = root.find("events");
  if (root.value("marquee_operator_log", 0) != kFormat || events == root.end() ||
      !events->is_array()) {
    read.problems.push_back(file + ": not an operator log of this version (no 'events' list)");
    return std::nullopt;
  }
  for (std::size_t i = 0; i < events->size(); ++i) {
    const json& e = (*events)[i];
    const std::string where = file + ": /events/" + std::to_string(i);
    if (!e.is_object()) {
      read.problems.push_back(where + ": not an object; left out");
      continue;
    }
    const auto at = e.contains("at") && e["at"].is_string()
                        ? parse_instant(e["at"].get<std::string>())
                        : std::nullopt;
    if (!at) {
      read.problems.push_back(where + "/at: not a UTC time; left out");
      continue;
    }
    auto action = read_action(e);
    if (auto* why = std::get_if<std::string>(&action)) {
      read.problems.push_back(where + *why + "; left out");
      continue;
    }
    const auto source = e.find("source");
    read.log.add({*at, std::get<OperatorAction>(std::move(action)),
                  source != e.end() && source->is_string() ? source->get<std::string>() : ""});
  }
  const auto revision = root.find("revision");
  if (revision != root.end() && revision->is_number_unsigned())
    read.log.revision = std::max(read.log.revision, revision->get<std::uint64_t>());
  return read;
}

OperatorState load_kept_log(const std::filesystem::path& file) {
  std::optional<ReadLog> read;
  const auto whole = [&](std::string_view text) -> std::string {
    read = parse_operator_log(text, file.string());
    return read ? "" : "not an operator log, or cut short";
  };
  if (!config::read_intact(file, whole) || !read) return {};
  for (const std::string& problem : read->problems) spdlog::warn("{}", problem);
  spdlog::info("operator log {}: {} events, revision {}", file.string(), read->log.events.size(),
               read->log.revision);
  return std::move(read->log);
}

std::optional<ReadLog> read_operator_log(const std::filesystem::path& file, std::string* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot read " + file.string();
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto read = parse_operator_log(text.str(), file.string());
  if (!read && error) *error = file.string() + ": not an operator log (not JSON, or cut short)";
  return read;
}

}  // namespace marquee::control
