// Test helper: an MQTT client that subscribes and keeps every message it gets, to wait on; and
// publishes as an operator would. Built on the fleet's own MqttClient.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "control/mqtt_client.h"

namespace marquee::testing {

class MqttListener {
 public:
  using Message = control::MqttClient::Message;
  MqttListener(int port, std::vector<std::string> filters, std::string username = "",
               std::optional<std::string> password = std::nullopt)
      : filters_(std::move(filters)) {
    control::MqttSettings settings;
    settings.port = port;
    settings.clean_session = true;
    settings.username = std::move(username);
    settings.password = std::move(password);
    settings.retry_min = std::chrono::milliseconds{100};
    settings.retry_max = std::chrono::milliseconds{500};
    client_ = std::make_unique<control::MqttClient>(
        settings, control::MqttClient::Handlers{.connected =
                                                    [this] {
                                                      for (const auto& f : filters_)
                                                        client_->subscribe(f);
                                                    },
                                                .message =
                                                    [this](const Message& m) {
                                                      std::lock_guard lock(mutex_);
                                                      messages_.push_back(m);
                                                      changed_.notify_all();
                                                    },
                                                .disconnected = {}});
    client_->start();
  }

  bool connected(std::chrono::milliseconds wait = std::chrono::seconds{5}) {
    return client_->wait_connected(wait);
  }
  bool publish(const std::string& topic, const std::string& payload, bool retain = false) {
    return client_->publish(topic, payload, 1, retain) && client_->flush(std::chrono::seconds{5});
  }

  // The first message (from `from` on) on `topic` that `matches`, waiting up to `wait`.
  std::optional<Message> wait_for(const std::string& topic,
                                  const std::function<bool(const Message&)>& matches = {},
                                  std::chrono::milliseconds wait = std::chrono::seconds{5},
                                  std::size_t from = 0) {
    std::unique_lock lock(mutex_);
    std::optional<Message> found;
    changed_.wait_for(lock, wait, [&] {
      for (std::size_t i = from; i < messages_.size(); ++i)
        if (messages_[i].topic == topic && (!matches || matches(messages_[i]))) {
          found = messages_[i];
          return true;
        }
      return false;
    });
    return found;
  }
  std::optional<Message> wait_for_payload(const std::string& topic, const std::string& payload,
                                          std::chrono::milliseconds wait = std::chrono::seconds{
                                              5}) {
    return wait_for(
        topic, [&](const Message& m) { return m.payload == payload; }, wait);
  }
  // How many have come so far: a mark for wait_for's `from`.
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
  }
  std::vector<Message> on(const std::string& topic) const {
    std::lock_guard lock(mutex_);
    std::vector<Message> found;
    for (const auto& m : messages_)
      if (m.topic == topic) found.push_back(m);
    return found;
  }
  control::MqttClient& client() { return *client_; }

 private:
  std::vector<std::string> filters_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Message> messages_;
  std::unique_ptr<control::MqttClient> client_;
};

}  // namespace marquee::testing
