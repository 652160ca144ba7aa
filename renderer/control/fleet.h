// A screen in a fleet over MQTT: its topics (Homie's retained $state and last will, a retained
// status), commands from all/group/screen topics through the operator desk with replies, and the
// content revisions the fleet announces. The same topics and payloads serve `marquee fleet`.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "config/screen_config.h"
#include "control/desk.h"
#include "control/mqtt_client.h"

namespace marquee::control {

// marquee/v1/…: one place for the screens and the operator's CLI.
namespace fleet_topics {
inline constexpr std::string_view kRoot = "marquee/v1/";
std::string state(std::string_view screen);   // retained: init, ready, alert, lost
std::string status(std::string_view screen);  // retained JSON
std::string reply(std::string_view screen);   // answers to commands
std::string command(std::string_view screen);
std::string group_command(std::string_view group);
std::string all_command();
std::string content();  // retained: the content revision on air
// The screen a state, status or reply topic belongs to; empty for other topics.
std::string screen_of(std::string_view topic);
}  // namespace fleet_topics

// Larger payloads are refused unread.
inline constexpr std::size_t kMaxFleetPayload = 64 * 1024;

// A command as it travels: {"id": "…", "issued_at": "2024-09-18T19:05:00.250Z", "ttl": 60,
// "command": "takeover", "args": {"text": "…"}}. The command and its arguments are the
// control API's, checked by the same table.
struct FleetCommand {
  std::string id;
  Instant issued_at{};
  Millis ttl{};
  std::string command;
  nlohmann::json args = nlohmann::json::object();
};
nlohmann::json to_json(const FleetCommand& command);
// The command in `payload`, or why it cannot be read (Problem::field is its JSON pointer).
std::variant<FleetCommand, Problem> read_fleet_command(std::string_view payload);

// A content revision as marquee/v1/content announces it: {"revision": "expo-v3", "url":
// "https://…/expo-v3.tar.gz", "sha256": "…", "activate_at": "…Z", "issued_at": "…Z"}.
struct ContentRevision {
  std::string revision;  // a name for people; default: the hash's first 12 digits
  std::string url;
  std::string sha256;  // 64 lowercase hex digits
  Instant activate_at{};
  std::optional<Instant> issued_at;
  friend bool operator==(const ContentRevision&, const ContentRevision&) = default;
};
nlohmann::json to_json(const ContentRevision& revision);
std::variant<ContentRevision, Problem> read_content_revision(std::string_view payload);

// Reads an instant as the fleet writes it: UTC or with an offset ("…Z", "…-07:00"), or
// milliseconds since 1970.
std::optional<Instant> read_fleet_instant(const nlohmann::json& value);

struct FleetOptions {
  config::FleetConfig settings;
  std::string version;  // marquee's, for the status
  std::function<Instant()> clock;
  std::chrono::milliseconds status_every{10'000};  // the status goes out at least this often
  std::chrono::milliseconds retry_min{500}, retry_max{30'000};
};

// What the screen's content is doing, for the status: {"revision", "sha256", "state",
// "error", …} (see FleetLink); `alert` raises $state to alert (a bundle was refused).
struct ContentReport {
  nlohmann::json json = nullptr;
  bool alert = false;
};

class FleetAgent {
 public:
  // `desk` takes the commands. `announced` gets each content revision the broker hands
  // over (retained: again at every reconnect), on the client's thread: hand it on.
  // `content` is asked for the content's part of each status.
  FleetAgent(FleetOptions options, OperatorDesk& desk,
             std::function<void(const ContentRevision&)> announced,
             std::function<ContentReport()> content = {});
  ~FleetAgent();  // stop()
  FleetAgent(const FleetAgent&) = delete;
  FleetAgent& operator=(const FleetAgent&) = delete;

  // Reads the password file and connects; false (logged) when the password cannot be read.
  bool start();
  // Publishes $state lost and leaves.
  void stop();
  // Something the status shows changed outside the desk (the content): it goes out now.
  void status_changed();

  // Refusals of things that were not commands: a bad content announcement.
  void refuse(const std::string& what, const std::string& why);

  const MqttClient* client() const { return client_.get(); }
  const std::string& screen() const { return options_.settings.screen; }
  std::uint64_t statuses_published() const { return statuses_.load(); }

  // The status as it would be published now.
  nlohmann::json status_json();

 private:
  void connected();
  void on_message(const MqttClient::Message& message);
  void on_command(const std::string& topic, const std::string& payload);
  void answer(const nlohmann::json& reply);
  void status_loop();
  void publish_status();
  void note_clock(Instant issued_at);

  FleetOptions options_;
  OperatorDesk& desk_;
  std::function<void(const ContentRevision&)> announced_;
  std::function<ContentReport()> content_;
  std::unique_ptr<MqttClient> client_;

  std::mutex mutex_;  // guards what follows
  struct Seen {
    Instant expires{};
    nlohmann::json reply;
  };
  std::map<std::string, Seen> seen_;         // command ids acted on, until they expire
  std::deque<std::string> seen_order_;       // oldest first, to bound seen_
  std::deque<Millis> offsets_;               // arrival minus issued_at, the latest few
  nlohmann::json last_refused_ = nullptr;    // {"what", "error", "at"}
  std::string state_published_;              // the $state last sent

  std::atomic<bool> stopping_{false}, poked_{false}, cancel_wait_{false};
  std::atomic<std::uint64_t> statuses_{0};
  std::thread status_thread_;
};

}  // namespace marquee::control
