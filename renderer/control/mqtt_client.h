// MqttClient: one connection to the fleet's broker (libmosquitto), kept up by a thread of its own
// that reconnects with exponential back-off and jitter; a last will; publishes from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>

struct mosquitto;
struct mosquitto_message;

namespace marquee::control {

struct MqttSettings {
  std::string host = "127.0.0.1";
  int port = 1883;
  // With a fixed id and clean_session false the broker keeps this client's subscriptions
  // and queues its QoS 1 messages while it is away, across its own restarts too.
  std::string client_id;
  bool clean_session = false;
  std::string username;
  std::optional<std::string> password;
  std::optional<std::filesystem::path> ca_file;  // TLS, trusting this CA
  struct Will {
    std::string topic, payload;
  };
  std::optional<Will> will;  // retained, QoS 1: what the broker says when this client is gone
  std::chrono::seconds keepalive{10};
  // The wait before reconnecting doubles from retry_min to retry_max, jittered (see backoff).
  std::chrono::milliseconds retry_min{500}, retry_max{30'000};
};

class MqttClient {
 public:
  struct Message {
    std::string topic, payload;
    bool retained = false;
  };
  // All are called on the client's thread.
  struct Handlers {
    std::function<void()> connected;  // each time the broker accepts the connection
    std::function<void(const Message&)> message;
    std::function<void(const std::string& why)> disconnected;
  };

  MqttClient(MqttSettings settings, Handlers handlers);
  ~MqttClient();  // stop()
  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  // Starts connecting on the client's thread; it keeps trying until stop().
  void start();
  // Sends `last` (retained, QoS 1) and waits up to `wait` for the broker to take it, then
  // disconnects cleanly: the broker does not send the will. Idempotent.
  struct Publish {
    std::string topic, payload;
    bool retain = true;
  };
  void stop(std::optional<Publish> last = std::nullopt,
            std::chrono::milliseconds wait = std::chrono::milliseconds{1000});

  // Both false when the client is not connected (QoS 1 messages are then not queued:
  // what must reach the broker is sent again from `connected`).
  bool subscribe(const std::string& filter, int qos = 1);
  bool publish(const std::string& topic, const std::string& payload, int qos = 1,
               bool retain = false);
  // Until every QoS 1 message published so far was acknowledged by the broker, or `wait`.
  bool flush(std::chrono::milliseconds wait);
  bool wait_connected(std::chrono::milliseconds wait);

  bool connected() const { return connected_.load(); }
  int connections() const { return connections_.load(); }  // accepted connections so far
  std::string last_error() const;

  // The wait before the attempt after `failures` failed ones (0: the first retry): min
  // doubled per failure up to max, of which a random share from half to all is taken, so
  // screens that lost the broker together do not all come back in the same instant.
  static std::chrono::milliseconds backoff(int failures, std::chrono::milliseconds min,
                                           std::chrono::milliseconds max, std::mt19937& random);

 private:
  static void on_connect(mosquitto*, void* self, int rc);
  static void on_disconnect(mosquitto*, void* self, int rc);
  static void on_message(mosquitto*, void* self, const mosquitto_message* message);
  static void on_publish(mosquitto*, void* self, int mid);
  void run();
  void set_error(std::string why);

  const MqttSettings settings_;
  const Handlers handlers_;
  mosquitto* mosq_ = nullptr;
  std::thread thread_;
  std::atomic<bool> connected_{false}, stopping_{false}, accepted_since_failure_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::condition_variable changed_;  // connected, published, stopping
  std::set<int> unacknowledged_;     // mids of QoS 1 messages in flight
  std::string last_error_;
  bool started_ = false, stopped_ = false;
};

}  // namespace marquee::control
