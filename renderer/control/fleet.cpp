// FleetAgent: MQTT commands into the operator desk exactly once while fresh, replies, the retained
// status and $state, and content announcements handed on.
#include "control/fleet.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "config/moment.h"
#include "config/suggest.h"
#include "control/operator_log.h"
#include "core/duration.h"

namespace marquee::control {

using nlohmann::json;
using namespace std::chrono_literals;

namespace fleet_topics {
namespace {
std::string under(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
  std::string topic(kRoot);
  topic += a;
  if (!b.empty()) (topic += '/') += b;
  if (!c.empty()) (topic += '/') += c;
  return topic;
}
}  // namespace

std::string state(std::string_view screen) {
  return under(screen, "$state");
}
std::string status(std::string_view screen) {
  return under(screen, "status");
}
std::string reply(std::string_view screen) {
  return under(screen, "reply");
}
std::string command(std::string_view screen) {
  return under(screen, "cmd");
}
std::string group_command(std::string_view group) {
  return under("group", group, "cmd");
}
std::string all_command() {
  return under("all", "cmd");
}
std::string content() {
  return under("content");
}

std::string screen_of(std::string_view topic) {
  if (!topic.starts_with(kRoot)) return {};
  topic.remove_prefix(kRoot.size());
  const auto slash = topic.find('/');
  if (slash == topic.npos) return {};
  const std::string_view screen = topic.substr(0, slash), rest = topic.substr(slash + 1);
  if (screen == "all" || screen == "group") return {};
  if (rest != "$state" && rest != "status" && rest != "reply") return {};
  return std::string(screen);
}
}  // namespace fleet_topics

namespace {

constexpr std::size_t kLongestId = 128;
constexpr Millis kLongestTtl = std::chrono::hours{24};
constexpr std::size_t kRememberedIds = 10'000;  // a redelivery comes within seconds
constexpr std::size_t kClockSamples = 32;

Problem bad(std::string field, std::string message, int status = 422) {
  return {status, std::move(field), std::move(message)};
}

std::string seconds_words(Millis d) {
  const double s = std::chrono::duration<double>(d).count();
  char text[32];
  std::snprintf(text, sizeof text, s < 10 ? "%.1f s" : "%.0f s", s);
  return text;
}

// The payload as a JSON object, or why not.
std::variant<json, Problem> object_of(std::string_view payload, std::string_view what) {
  if (payload.size() > kMaxFleetPayload)
    return Problem{413, "",
                   "the " + std::string(what) + " is larger than 64 KiB (" +
                       std::to_string(payload.size()) + " bytes); refused unread"};
  json root;
  try {
    root = json::parse(payload);
  } catch (const json::parse_error& e) {
    return Problem{400, "", malformed_json(e)};
  }
  if (!root.is_object())
    return Problem{400, "", "the " + std::string(what) + " must be a JSON object"};
  return root;
}

std::optional<Problem> unknown_keys(const json& root, const std::vector<std::string>& known) {
  for (const auto& [key, value] : root.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const auto close = config::suggest(key, known);
    return bad("/" + key,
               "unknown key '" + key + "'" + (close ? " (did you mean '" + *close + "'?)" : ""));
  }
  return std::nullopt;
}

// "expo" from marquee/v1/group/expo/cmd.
std::string group_of(std::string_view topic) {
  const std::string prefix = std::string(fleet_topics::kRoot) + "group/";
  if (!topic.starts_with(prefix)) return {};
  topic.remove_prefix(prefix.size());
  return std::string(topic.substr(0, topic.find('/')));
}

}  // namespace

std::optional<Instant> read_fleet_instant(const json& value) {
  if (value.is_number_integer()) return Instant{Millis{value.get<long long>()}};
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  if (text.empty()) return std::nullopt;
  return config::parse_moment(text, date::locate_zone("UTC"));
}

json to_json(const FleetCommand& c) {
  return {{"id", c.id},
          {"issued_at", format_instant(c.issued_at)},
          {"ttl", std::chrono::duration<double>(c.ttl).count()},
          {"command", c.command},
          {"args", c.args}};
}

std::variant<FleetCommand, Problem> read_fleet_command(std::string_view payload) {
  auto object = object_of(payload, "command");
  if (auto* problem = std::get_if<Problem>(&object)) return *problem;
  const json& root = std::get<json>(object);
  if (auto problem = unknown_keys(root, {"id", "issued_at", "ttl", "command", "args"}))
    return *problem;
  FleetCommand c;
  const auto id = root.find("id");
  if (id == root.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
    return bad("/id", "a command needs an 'id' (text), so that a redelivery acts once");
  c.id = id->get<std::string>();
  if (c.id.size() > kLongestId) return bad("/id", "'id' is longer than 128 bytes");
  const auto issued = root.find("issued_at");
  const auto at = issued == root.end() ? std::nullopt : read_fleet_instant(*issued);
  if (!at)
    return bad("/issued_at",
               "a command needs 'issued_at', a UTC time like 2024-09-18T19:05:00.250Z");
  c.issued_at = *at;
  const auto ttl = root.find("ttl");
  std::optional<Millis> lasts;
  if (ttl != root.end() && ttl->is_number()) {
    const double seconds = ttl->get<double>();
    if (std::isfinite(seconds) && std::abs(seconds) < 1e9)
      lasts = Millis{static_cast<Millis::rep>(std::llround(seconds * 1000))};
  } else if (ttl != root.end() && ttl->is_string()) {
    lasts = parse_duration(ttl->get<std::string>());
  }
  if (!lasts || lasts->count() <= 0 || *lasts > kLongestTtl)
    return bad("/ttl",
               "a command needs a 'ttl' from 1 ms to 24 h, in seconds or like 2m: how long it "
               "may still be acted on");
  c.ttl = *lasts;
  const auto command = root.find("command");
  if (command == root.end() || !command->is_string())
    return bad("/command", "a command needs a 'command', like \"next\" or \"takeover\"");
  c.command = command->get<std::string>();
  if (const auto args = root.find("args"); args != root.end() && !args->is_null()) {
    if (!args->is_object())
      return bad("/args", "'args' must be a JSON object, like {\"text\": \"…\"}", 400);
    c.args = *args;
  }
  return c;
}

json to_json(const ContentRevision& r) {
  json j = {{"revision", r.revision},
            {"url", r.url},
            {"sha256", r.sha256},
            {"activate_at", format_instant(r.activate_at)}};
  if (r.issued_at) j["issued_at"] = format_instant(*r.issued_at);
  return j;
}

std::variant<ContentRevision, Problem> read_content_revision(std::string_view payload) {
  auto object = object_of(payload, "content announcement");
  if (auto* problem = std::get_if<Problem>(&object)) return *problem;
  const json& root = std::get<json>(object);
  if (auto problem = unknown_keys(root, {"revision", "url", "sha256", "activate_at", "issued_at"}))
    return *problem;
  ContentRevision r;
  const auto url = root.find("url");
  if (url == root.end() || !url->is_string() ||
      !(url->get_ref<const std::string&>().starts_with("http://") ||
        url->get_ref<const std::string&>().starts_with("https://")))
    return bad("/url", "the announcement needs a 'url' starting with http:// or https://");
  r.url = url->get<std::string>();
  const auto sha = root.find("sha256");
  if (sha == root.end() || !sha->is_string())
    return bad("/sha256", "the announcement needs the bundle's 'sha256' (64 hex digits)");
  r.sha256 = sha->get<std::string>();
  std::transform(r.sha256.begin(), r.sha256.end(), r.sha256.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (r.sha256.size() != 64 || r.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
    return bad("/sha256", "'sha256' must be 64 hex digits, got '" +
                              sha->get<std::string>().substr(0, 80) + "'");
  const auto activate = root.find("activate_at");
  const auto at = activate == root.end() ? std::nullopt : read_fleet_instant(*activate);
  if (!at)
    return bad("/activate_at",
               "the announcement needs 'activate_at', a UTC time like 2024-09-18T19:05:00Z");
  r.activate_at = *at;
  if (const auto issued = root.find("issued_at"); issued != root.end()) {
    r.issued_at = read_fleet_instant(*issued);
    if (!r.issued_at) return bad("/issued_at", "'issued_at' must be a UTC time");
  }
  if (const auto name = root.find("revision"); name != root.end()) {
    if (!name->is_string() || name->get_ref<const std::string&>().size() > 100)
      return bad("/revision", "'revision' must be a name of at most 100 bytes");
    r.revision = name->get<std::string>();
  }
  if (r.revision.empty()) r.revision = r.sha256.substr(0, 12);
  return r;
}

FleetAgent::FleetAgent(FleetOptions options, OperatorDesk& desk,
                       std::function<void(const ContentRevision&)> announced,
                       std::function<ContentReport()> content)
    : options_(std::move(options)),
      desk_(desk),
      announced_(std::move(announced)),
      content_(std::move(content)) {}

FleetAgent::~FleetAgent() {
  stop();
}

bool FleetAgent::start() {
  const auto& s = options_.settings;
  MqttSettings mqtt;
  mqtt.host = s.host;
  mqtt.port = s.port;
  mqtt.client_id = "marquee-" + s.screen;
  mqtt.username = s.username;
  mqtt.ca_file = s.ca_file;
  mqtt.will = MqttSettings::Will{fleet_topics::state(s.screen), "lost"};
  mqtt.retry_min = options_.retry_min;
  mqtt.retry_max = options_.retry_max;
  if (s.password_file) {
    std::ifstream in(*s.password_file);
    std::string password;
    if (!in || !std::getline(in, password) || password.empty()) {
      spdlog::error("fleet: cannot read the password from {}; the screen stays off the fleet",
                    s.password_file->string());
      return false;
    }
    if (password.ends_with('\r')) password.pop_back();
    mqtt.password = std::move(password);
  }
  client_ = std::make_unique<MqttClient>(
      std::move(mqtt),
      MqttClient::Handlers{.connected = [this] { connected(); },
                           .message = [this](const MqttClient::Message& m) { on_message(m); },
                           .disconnected =
                               [this](const std::string& why) {
                                 if (!stopping_)
                                   spdlog::warn("fleet: lost the broker ({}); reconnecting", why);
                               }});
  status_thread_ = std::thread([this] { status_loop(); });
  client_->start();
  spdlog::info("fleet: screen {} joining {}:{}{}", s.screen, s.host, s.port,
               s.ca_file ? " over TLS" : "");
  return true;
}

void FleetAgent::stop() {
  if (stopping_.exchange(true)) return;
  cancel_wait_ = true;
  desk_.wake_followers();
  if (status_thread_.joinable()) status_thread_.join();
  if (client_) client_->stop(MqttClient::Publish{fleet_topics::state(screen()), "lost", true});
}

void FleetAgent::connected() {
  const auto& s = options_.settings;
  spdlog::info("fleet: connected to {}:{} as {}", s.host, s.port, s.screen);
  client_->publish(fleet_topics::state(s.screen), "init", 1, true);
  {
    std::lock_guard lock(mutex_);
    state_published_ = "init";
  }
  client_->subscribe(fleet_topics::command(s.screen));
  client_->subscribe(fleet_topics::all_command());
  for (const std::string& group : s.groups) client_->subscribe(fleet_topics::group_command(group));
  client_->subscribe(fleet_topics::content());
  status_changed();  // the retained status and state again, whatever the broker kept
}

void FleetAgent::on_message(const MqttClient::Message& message) {
  if (message.topic == fleet_topics::content()) {
    if (message.payload.empty()) return;  // the announcement was withdrawn
    auto read = read_content_revision(message.payload);
    if (auto* problem = std::get_if<Problem>(&read)) {
      refuse("content announcement",
             problem->field.empty() ? problem->message : problem->field + ": " + problem->message);
      return;
    }
    const auto& revision = std::get<ContentRevision>(read);
    if (revision.issued_at) note_clock(*revision.issued_at);
    if (announced_) announced_(revision);
    return;
  }
  on_command(message.topic, message.payload);
}

void FleetAgent::on_command(const std::string& topic, const std::string& payload) {
  const std::string& me = screen();
  const std::string where = topic == fleet_topics::all_command() ? std::string("all")
                            : topic == fleet_topics::command(me) ? std::string("screen")
                                                                 : "group " + group_of(topic);
  const Instant now = options_.clock();
  auto read = read_fleet_command(payload);
  if (auto* problem = std::get_if<Problem>(&read)) {
    std::string id;
    if (payload.size() <= kMaxFleetPayload) {
      const json root = json::parse(payload, nullptr, false);
      if (root.is_object() && root.contains("id") && root["id"].is_string())
        id = root["id"].get<std::string>();
    }
    const std::string why =
        problem->field.empty() ? problem->message : problem->field + ": " + problem->message;
    spdlog::warn("fleet: refused a command on {}: {}", topic, why);
    refuse("command" + (id.empty() ? std::string() : " " + id), why);
    answer({{"id", id.empty() ? json(nullptr) : json(id)},
            {"ok", false},
            {"code", problem->status},
            {"error", why}});
    return;
  }
  const FleetCommand& c = std::get<FleetCommand>(read);
  note_clock(c.issued_at);
  {
    std::lock_guard lock(mutex_);
    if (const auto seen = seen_.find(c.id); seen != seen_.end()) {
      // A QoS 1 redelivery, or the same command sent to all and to a group: acted on once.
      json again = seen->second.reply;
      again["duplicate"] = true;
      spdlog::debug("fleet: {} {} again on {}; acted on once", c.command, c.id, topic);
      answer(again);
      return;
    }
  }
  std::optional<std::string> refused;
  if (now > c.issued_at + c.ttl)
    refused = "expired: issued at " + format_instant(c.issued_at) + " with a ttl of " +
              seconds_words(c.ttl) + ", " + seconds_words(now - (c.issued_at + c.ttl)) + " ago";
  else if (c.issued_at - now > c.ttl)
    refused = "issued " + seconds_words(c.issued_at - now) +
              " in the future, more than its ttl; check the sender's clock";
  json reply;
  if (refused) {
    spdlog::warn("fleet: refused {} {} on {}: {}", c.command, c.id, topic, *refused);
    refuse(c.command + " " + c.id, *refused);
    reply = {{"ok", false}, {"code", 410}, {"error", *refused}};
  } else {
    const Answer a = desk_.submit(c.command, c.args, "mqtt " + where + " " + c.id);
    reply = a.to_json();
    reply["code"] = a.status;
    if (!a.ok) {
      refuse(c.command + " " + c.id,
             a.field.empty() ? a.error : "/args/" + a.field + ": " + a.error);
    }
  }
  reply["id"] = c.id;
  reply["command"] = c.command;
  {
    std::lock_guard lock(mutex_);
    // Ids are kept until their command would be refused as expired anyway.
    seen_[c.id] = {c.issued_at + c.ttl, reply};
    seen_order_.push_back(c.id);
    while (!seen_order_.empty()) {
      const auto oldest = seen_.find(seen_order_.front());
      if (seen_.size() <= kRememberedIds && oldest != seen_.end() && oldest->second.expires >= now)
        break;
      if (oldest != seen_.end()) seen_.erase(oldest);
      seen_order_.pop_front();
    }
  }
  answer(reply);
}

void FleetAgent::answer(const json& reply) {
  json j = reply;
  j["screen"] = screen();
  client_->publish(fleet_topics::reply(screen()), j.dump(), 1, false);
}

void FleetAgent::refuse(const std::string& what, const std::string& why) {
  {
    std::lock_guard lock(mutex_);
    last_refused_ = {{"what", what}, {"error", why}, {"at", format_instant(options_.clock())}};
  }
  status_changed();
}

void FleetAgent::note_clock(Instant issued_at) {
  std::lock_guard lock(mutex_);
  offsets_.push_back(options_.clock() - issued_at);
  while (offsets_.size() > kClockSamples) offsets_.pop_front();
}

void FleetAgent::status_changed() {
  poked_ = true;
  cancel_wait_ = true;
  desk_.wake_followers();
}

json FleetAgent::status_json() {
  // Not waiting for the frame that shows a command: that frame's change sends the status again.
  json j = desk_.status(Millis{0}).state;
  j.erase("rev");
  const auto& s = options_.settings;
  j["screen"] = s.screen;
  j["groups"] = s.groups;
  j["version"] = options_.version;
  j["at"] = format_instant(options_.clock());
  const ContentReport content = content_ ? content_() : ContentReport{};
  j["content"] = content.json;
  const bool failed =
      j.contains("slide") && j["slide"].is_object() && j["slide"].value("failed", false);
  const bool rejected = j.contains("playlist") && !j["playlist"].value("valid", true);
  j["state"] = rejected || failed || content.alert ? "alert" : "ready";
  std::lock_guard lock(mutex_);
  // Arrival minus the sender's issued_at: the clocks' difference plus the transit; the
  // least of the latest few comes closest to the difference alone.
  j["clock_offset_ms"] = offsets_.empty()
                             ? json(nullptr)
                             : json(std::min_element(offsets_.begin(), offsets_.end())->count());
  j["last_refused"] = last_refused_;
  return j;
}

void FleetAgent::publish_status() {
  if (!client_ || !client_->connected()) return;
  const json status = status_json();
  const std::string state = status["state"].get<std::string>();
  if (client_->publish(fleet_topics::status(screen()), status.dump(), 1, true)) ++statuses_;
  std::lock_guard lock(mutex_);
  if (state != state_published_ && client_->publish(fleet_topics::state(screen()), state, 1, true))
    state_published_ = state;
}

void FleetAgent::status_loop() {
  std::uint64_t seen = desk_.state_event().seq;
  auto due = std::chrono::steady_clock::now();
  while (!stopping_) {
    bool publish = poked_.exchange(false);
    const auto now = std::chrono::steady_clock::now();
    if (now >= due) publish = true;
    if (publish) {
      publish_status();
      due = now + options_.status_every;
    }
    if (desk_.closed()) {
      std::this_thread::sleep_for(50ms);  // the player is closing; stop() comes next
      continue;
    }
    const auto wait = std::chrono::duration_cast<Millis>(due - std::chrono::steady_clock::now());
    const auto events = desk_.events_after(seen, std::max(wait, Millis{1}), cancel_wait_);
    cancel_wait_ = false;
    if (!events.empty()) {
      seen = events.back().seq;
      poked_ = true;
    }
  }
}

}  // namespace marquee::control
