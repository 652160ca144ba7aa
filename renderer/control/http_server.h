// The control server over HTTP (cpp-httplib): the command table as JSON under /api/v1/, status,
// a screenshot, server-sent events, and the operator console at /.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "control/desk.h"

namespace httplib {
class Server;
}

namespace marquee::control {

inline constexpr std::size_t kLargestBody = 64 * 1024;  // larger: 413
inline constexpr int kScreenshotWidth = 640;            // unless ?width= asks for another

// The console page (console.html), built into the binary.
std::string_view console_page();

class HttpServer {
 public:
  // `token`: when set, every /api/ request needs `Authorization: Bearer <token>`.
  HttpServer(OperatorDesk& desk, std::optional<std::string> token);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds (port 0: any free port) and serves on its own threads. False with *error set
  // when the address cannot be had.
  bool start(const std::string& host, int port, std::string* error);
  int port() const { return port_; }
  // Ends the followers' streams and the server's threads. Called by the destructor.
  void stop();

 private:
  void routes();

  OperatorDesk& desk_;
  const std::optional<std::string> token_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int port_ = 0;
  std::optional<std::chrono::steady_clock::time_point> wedge_at_;  // MARQUEE_TEST_FAULT=control
};

}  // namespace marquee::control
