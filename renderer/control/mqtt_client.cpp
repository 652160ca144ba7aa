// MqttClient: libmosquitto driven by a thread of marquee's own, so reconnecting can wait with jitter.
#include "control/mqtt_client.h"

#include <mosquitto.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace marquee::control {
namespace {

using namespace std::chrono_literals;

// How long one turn of the network loop waits for the socket: publishes from other
// threads wake it at once, so this only bounds how soon stop() is noticed.
constexpr int kLoopTurnMs = 100;

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string error_words(int rc) {
  if (rc == MOSQ_ERR_ERRNO) return std::strerror(errno);
  return mosquitto_strerror(rc);
}

}  // namespace

std::chrono::milliseconds MqttClient::backoff(int failures, std::chrono::milliseconds min,
                                              std::chrono::milliseconds max,
                                              std::mt19937& random) {
  auto ceiling = min;
  for (int i = 0; i < failures && ceiling < max; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, max);
  std::uniform_int_distribution<long long> share(ceiling.count() / 2, ceiling.count());
  return std::chrono::milliseconds{share(random)};
}

MqttClient::MqttClient(MqttSettings settings, Handlers handlers)
    : settings_(std::move(settings)), handlers_(std::move(handlers)) {
  init_library();
  mosq_ = mosquitto_new(settings_.client_id.empty() ? nullptr : settings_.client_id.c_str(),
                        settings_.client_id.empty() ? true : settings_.clean_session, this);
  if (!mosq_) {
    set_error("cannot make an MQTT client (out of memory, or no client id with a kept session)");
    return;
  }
  // Publishes come from other threads while this one sits in mosquitto_loop.
  mosquitto_threaded_set(mosq_, true);
  mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  mosquitto_int_option(mosq_, MOSQ_OPT_TCP_NODELAY, 1);
  mosquitto_connect_callback_set(mosq_, &MqttClient::on_connect);
  mosquitto_disconnect_callback_set(mosq_, &MqttClient::on_disconnect);
  mosquitto_message_callback_set(mosq_, &MqttClient::on_message);
  mosquitto_publish_callback_set(mosq_, &MqttClient::on_publish);
  if (!settings_.username.empty())
    mosquitto_username_pw_set(mosq_, settings_.username.c_str(),
                              settings_.password ? settings_.password->c_str() : nullptr);
  if (settings_.ca_file) {
    const int rc =
        mosquitto_tls_set(mosq_, settings_.ca_file->c_str(), nullptr, nullptr, nullptr, nullptr);
    if (rc != MOSQ_ERR_SUCCESS) set_error("cannot use the CA file: " + error_words(rc));
  }
  if (settings_.will)
    mosquitto_will_set(mosq_, settings_.will->topic.c_str(),
                       static_cast<int>(settings_.will->payload.size()),
                       settings_.will->payload.data(), 1, true);
}

MqttClient::~MqttClient() {
  stop();
  if (mosq_) mosquitto_destroy(mosq_);
}

void MqttClient::start() {
  std::lock_guard lock(mutex_);
  if (started_ || !mosq_) return;
  started_ = true;
  thread_ = std::thread([this] { run(); });
}

void MqttClient::run() {
  std::mt19937 random(std::random_device{}());
  int failures = 0;
  bool first = true;
  while (!stopping_) {
    int rc = first ? mosquitto_connect_async(mosq_, settings_.host.c_str(), settings_.port,
                                             static_cast<int>(settings_.keepalive.count()))
                   : mosquitto_reconnect_async(mosq_);
    first = false;
    if (rc == MOSQ_ERR_SUCCESS) {
      while (!stopping_ && (rc = mosquitto_loop(mosq_, kLoopTurnMs, 1)) == MOSQ_ERR_SUCCESS) {
      }
    }
    if (stopping_) break;
    if (connected_.exchange(false) && handlers_.disconnected)
      handlers_.disconnected(error_words(rc));
    // The back-off starts over once a connection was accepted.
    if (accepted_since_failure_.exchange(false)) failures = 0;
    const auto wait = backoff(failures++, settings_.retry_min, settings_.retry_max, random);
    set_error("broker " + settings_.host + ":" + std::to_string(settings_.port) + ": " +
              error_words(rc) + "; again in " + std::to_string(wait.count()) + " ms");
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [this] { return stopping_.load(); });
  }
  connected_ = false;
}

void MqttClient::stop(std::optional<Publish> last, std::chrono::milliseconds wait) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || !started_) {
      stopped_ = true;
      return;
    }
    stopped_ = true;
  }
  if (last && connected_) {
    publish(last->topic, last->payload, 1, last->retain);
    flush(wait);
  }
  if (connected_) mosquitto_disconnect(mosq_);
  // The loop thread sends the DISCONNECT in its next turn; let it, briefly.
  {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds{2 * kLoopTurnMs},
                      [this] { return !connected_.load(); });
  }
  stopping_ = true;
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool MqttClient::subscribe(const std::string& filter, int qos) {
  if (!mosq_) return false;
  return mosquitto_subscribe(mosq_, nullptr, filter.c_str(), qos) == MOSQ_ERR_SUCCESS;
}

bool MqttClient::publish(const std::string& topic, const std::string& payload, int qos,
                         bool retain) {
  if (!mosq_ || !connected_) return false;
  // Held across the call so that the acknowledgement cannot be counted before the mid is.
  std::lock_guard lock(mutex_);
  int mid = 0;
  const int rc = mosquitto_publish(mosq_, &mid, topic.c_str(), static_cast<int>(payload.size()),
                                   payload.data(), qos, retain);
  if (rc != MOSQ_ERR_SUCCESS) {
    spdlog::debug("fleet: cannot publish {}: {}", topic, error_words(rc));
    return false;
  }
  if (qos > 0) unacknowledged_.insert(mid);
  return true;
}

bool MqttClient::flush(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, wait, [this] { return unacknowledged_.empty(); });
}

bool MqttClient::wait_connected(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, wait, [this] { return connected_.load(); });
}

std::string MqttClient::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void MqttClient::set_error(std::string why) {
  std::lock_guard lock(mutex_);
  if (why != last_error_) spdlog::debug("fleet: {}", why);
  last_error_ = std::move(why);
}

void MqttClient::on_connect(mosquitto*, void* self, int rc) {
  auto* client = static_cast<MqttClient*>(self);
  if (rc != 0) {
    // The broker closes the connection next; the loop then backs off.
    client->set_error("the broker refused the connection: " +
                      std::string(mosquitto_connack_string(rc)));
    return;
  }
  {
    std::lock_guard lock(client->mutex_);
    client->unacknowledged_.clear();  // a new session: what was in flight is gone or resent
    client->connected_ = true;
    client->last_error_.clear();
  }
  client->accepted_since_failure_ = true;
  ++client->connections_;
  client->changed_.notify_all();
  if (client->handlers_.connected) client->handlers_.connected();
}

void MqttClient::on_disconnect(mosquitto*, void* self, int rc) {
  auto* client = static_cast<MqttClient*>(self);
  const bool was = client->connected_.exchange(false);
  client->changed_.notify_all();
  if (was && client->handlers_.disconnected)
    client->handlers_.disconnected(rc == 0 ? "disconnected" : error_words(rc));
}

void MqttClient::on_message(mosquitto*, void* self, const mosquitto_message* message) {
  auto* client = static_cast<MqttClient*>(self);
  if (!client->handlers_.message || !message->topic) return;
  Message m{message->topic, {}, message->retain};
  if (message->payload && message->payloadlen > 0)
    m.payload.assign(static_cast<const char*>(message->payload),
                     static_cast<std::size_t>(message->payloadlen));
  client->handlers_.message(m);
}

void MqttClient::on_publish(mosquitto*, void* self, int mid) {
  auto* client = static_cast<MqttClient*>(self);
  {
    std::lock_guard lock(client->mutex_);
    client->unacknowledged_.erase(mid);
  }
  client->changed_.notify_all();
}

}  // namespace marquee::control
