// Test helper: a mosquitto broker of the test's own on 127.0.0.1 and a free port, its config in a
// scratch folder; restartable on the same port, and stopped (and waited for) with its owner.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "free_port.h"

extern char** environ;

namespace marquee::testing {

inline bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

class MosquittoBroker {
 public:
  // `settings` go in the config as they are, after the listener, persistence and log lines
  // (default: anyone may do anything). `listener` replaces the plain listener line (TLS).
  MosquittoBroker(std::filesystem::path dir, std::string settings = "allow_anonymous true\n",
                  std::string listener = "")
      : dir_(std::move(dir)), port_(free_port()) {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "mosquitto.conf")
        << (listener.empty() ? "listener " + std::to_string(port_) + " 127.0.0.1\n"
                             : "listener " + std::to_string(port_) + " 127.0.0.1\n" + listener)
        << "persistence true\npersistence_location " << dir_.string() << "/\n"
        << "log_dest file " << (dir_ / "mosquitto.log").string() << "\n"
        << "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
        // Without it, replies wait on delayed ACKs: 40 ms a message on loopback.
        << "set_tcp_nodelay true\n"
        // Run as root (CI's containers), it would drop to the mosquitto user and then
        // could not write its log and persistence in the scratch folder.
        << "user " << user_name() << "\n"
        << settings;
  }
  ~MosquittoBroker() { stop(); }
  MosquittoBroker(const MosquittoBroker&) = delete;
  MosquittoBroker& operator=(const MosquittoBroker&) = delete;

  // (Re)starts it and waits up to 5 s until it takes connections.
  bool start() {
    if (pid_ > 0) return true;
    const std::string config = (dir_ / "mosquitto.conf").string();
    const char* argv[] = {"mosquitto", "-c", config.c_str(), nullptr};
    // What it says goes to its log file (see log()); its own warnings stay out of the test's.
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const int spawned =
        ::posix_spawnp(&pid_, "mosquitto", &quiet, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&quiet);
    if (spawned != 0) {
      pid_ = -1;
      return false;
    }
    for (int i = 0; i < 500; ++i) {
      if (accepts_connections(port_)) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;  // it exited: see log()
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  // SIGTERM (it saves its persistence file), then SIGKILL after 5 s.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  int port() const { return port_; }
  static std::string user_name() {
    const passwd* entry = ::getpwuid(::getuid());
    return entry ? entry->pw_name : "root";
  }
  std::string log() const {
    std::ifstream in(dir_ / "mosquitto.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::filesystem::path dir_;
  int port_;
  pid_t pid_ = -1;
};

}  // namespace marquee::testing
