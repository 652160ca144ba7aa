// Test helper: the built marquee binary as a child process, and a fake NOTIFY_SOCKET that reads
// what it tells systemd (READY=1, WATCHDOG=1), as a unit of Type=notify would.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace marquee::testing {

// A unix datagram socket bound at `path`: give it to a child as NOTIFY_SOCKET.
class NotifySocket {
 public:
  using Clock = std::chrono::steady_clock;
  struct Message {
    Clock::time_point at;
    std::string text;
  };

  explicit NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
    ::unlink(path_.c_str());
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~NotifySocket() {
    if (fd_ >= 0) ::close(fd_);
    ::unlink(path_.c_str());
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool ok() const { return ok_; }
  const std::filesystem::path& path() const { return path_; }

  // The next message, waiting up to `timeout`.
  std::optional<Message> receive(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0) return std::nullopt;
    return Message{Clock::now(), std::string(buffer, static_cast<std::size_t>(n))};
  }
  // Every message for `span`.
  std::vector<Message> collect(std::chrono::milliseconds span) {
    std::vector<Message> out;
    const auto until = Clock::now() + span;
    for (auto now = Clock::now(); now < until; now = Clock::now()) {
      auto m = receive(std::chrono::duration_cast<std::chrono::milliseconds>(until - now));
      if (m) out.push_back(std::move(*m));
    }
    return out;
  }
  // Waits up to `timeout` for a message that holds `what`.
  std::optional<Message> wait_for(const std::string& what, std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    for (auto now = Clock::now(); now < until; now = Clock::now()) {
      auto m = receive(std::chrono::duration_cast<std::chrono::milliseconds>(until - now));
      if (m && m->text.find(what) != std::string::npos) return m;
    }
    return std::nullopt;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool ok_ = false;
};

// `marquee ARGS...` started from the source folder with `env` (VAR=value) added to this
// process's environment; stdout and stderr go to `log`. Killed with SIGKILL if still running
// when it goes.
class PlayerProcess {
 public:
  PlayerProcess(const std::vector<std::string>& args, const std::vector<std::string>& env,
                std::filesystem::path log)
      : log_(std::move(log)) {
    std::vector<std::string> argv_text{MARQUEE_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    for (char** e = environ; *e; ++e) env_text.emplace_back(*e);
    env_text.insert(env_text.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    const std::string cwd = MARQUEE_SOURCE_DIR;
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    if (posix_spawn(&pid_, MARQUEE_BINARY, &actions, nullptr, argv.data(), envp.data()) != 0)
      pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~PlayerProcess() {
    if (running()) kill(SIGKILL);
    wait();
  }
  PlayerProcess(const PlayerProcess&) = delete;
  PlayerProcess& operator=(const PlayerProcess&) = delete;

  bool started() const { return pid_ > 0; }
  bool running() {
    if (pid_ <= 0 || exited_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      status_ = status;
    }
    return !exited_;
  }
  void kill(int signal) {
    if (pid_ > 0 && !exited_) ::kill(pid_, signal);
  }
  // The exit status as waitpid gives it; -1 when it never started.
  int wait() {
    if (pid_ <= 0) return -1;
    if (!exited_) {
      ::waitpid(pid_, &status_, 0);
      exited_ = true;
    }
    return status_;
  }
  std::string log() const {
    std::ifstream in(log_);
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = -1;
};

}  // namespace marquee::testing
