// Test helper: an HTTP server on a free port of 127.0.0.1, started and stopped by one test, that
// counts requests and remembers their conditional headers.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace marquee::testing {

// An HTTP server on a free port of 127.0.0.1 for one test; `answer` plays the server.
class TestServer {
 public:
  using Answer = std::function<void(const httplib::Request&, httplib::Response&)>;
  explicit TestServer(Answer answer) : answer_(std::move(answer)) {
    server_.Get("/schedule.xml", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mutex_);
        ++requests_;
        if_none_match_ = req.get_header_value("If-None-Match");
        if_modified_since_ = req.get_header_value("If-Modified-Since");
      }
      answer_(req, res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~TestServer() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/schedule.xml"; }
  int requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::string if_none_match() const {
    std::lock_guard lock(mutex_);
    return if_none_match_;
  }
  std::string if_modified_since() const {
    std::lock_guard lock(mutex_);
    return if_modified_since_;
  }

 private:
  Answer answer_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  int requests_ = 0;
  std::string if_none_match_, if_modified_since_;
};

}  // namespace marquee::testing
