// The control server over OSC (UDP; liblo reads and writes the messages): /marquee/<command>
// with the command's arguments in table order, answered on /marquee/reply to the sender.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include "control/desk.h"

namespace marquee::control {

class OscServer {
 public:
  // `token`: when set, every message's first argument must be it.
  OscServer(OperatorDesk& desk, std::optional<std::string> token);
  ~OscServer();
  OscServer(const OscServer&) = delete;
  OscServer& operator=(const OscServer&) = delete;

  // Binds a UDP socket (port 0: any free port) and serves on its own thread.
  bool start(const std::string& host, int port, std::string* error);
  int port() const { return port_; }
  void stop();

  // The reply's OSC arguments: command (s), ok (i: 1 or 0), rev (h), error (s), and for
  // status the screen's state as JSON (s).
  static std::string reply_types(bool with_state) { return with_state ? "sihss" : "sihs"; }

 private:
  void serve();
  void answer_datagram(const char* data, std::size_t size, const void* from, unsigned from_size);

  OperatorDesk& desk_;
  const std::optional<std::string> token_;
  int socket_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace marquee::control
