// SelfCheck: GET /api/v1/status over HTTP and /marquee/status over OSC on loopback, each bounded.
#include "control/self_check.h"

#include <httplib.h>
#include <lo/lo_lowlevel.h>
#include <netdb.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>

namespace marquee::control {
namespace {

std::string loopback_for(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::") return "::1";
  return host;
}

}  // namespace

SelfCheck::SelfCheck(Target target)
    : target_(std::move(target)), answered_(Clock::now().time_since_epoch().count()) {
  thread_ = std::thread([this] { loop(); });
}

SelfCheck::~SelfCheck() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_one();
  thread_.join();
}

bool SelfCheck::answering(Clock::time_point now) const {
  return now - Clock::time_point{Clock::duration(answered_)} < kSilence;
}

void SelfCheck::loop() {
  bool failing = false;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const bool http = target_.http_port == 0 || http_answers();
    const bool osc = target_.osc_port == 0 || osc_answers();
    if (http && osc) answered_ = Clock::now().time_since_epoch().count();
    if (!(http && osc) && !failing)
      spdlog::warn("control: the self-check got no answer from {}", http ? "OSC" : "HTTP");
    else if (http && osc && failing)
      spdlog::info("control: the self-check is answered again");
    failing = !(http && osc);
    lock.lock();
    stop_.wait_for(lock, kEvery, [this] { return stopping_; });
  }
}

bool SelfCheck::http_answers() const {
  httplib::Client client(loopback_for(target_.host), target_.http_port);
  client.set_connection_timeout(kWait);
  client.set_read_timeout(kWait);
  client.set_write_timeout(kWait);
  httplib::Headers headers;
  if (target_.token) headers.emplace("Authorization", "Bearer " + *target_.token);
  const auto answer = client.Get("/api/v1/status", headers);
  return answer && answer->status == 200;
}

bool SelfCheck::osc_answers() const {
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(target_.osc_port);
  if (getaddrinfo(loopback_for(target_.host).c_str(), port.c_str(), &hints, &found) != 0 || !found)
    return false;
  bool answered = false;
  const int fd = ::socket(found->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd >= 0) {
    lo_message message = lo_message_new();
    if (target_.token) lo_message_add_string(message, target_.token->c_str());
    std::size_t size = 0;
    void* bytes = lo_message_serialise(message, "/marquee/status", nullptr, &size);
    lo_message_free(message);
    const bool sent = bytes && ::sendto(fd, bytes, size, 0, found->ai_addr, found->ai_addrlen) ==
                                   static_cast<ssize_t>(size);
    std::free(bytes);
    pollfd p{fd, POLLIN, 0};
    if (sent && ::poll(&p, 1, static_cast<int>(std::chrono::milliseconds(kWait).count())) > 0) {
      std::array<char, 256> reply{};
      // The reply is the status; its first bytes are its address.
      const ssize_t n = ::recv(fd, reply.data(), reply.size() - 1, 0);
      answered = n > 0 && std::strncmp(reply.data(), "/marquee/reply", 14) == 0;
    }
    ::close(fd);
  }
  freeaddrinfo(found);
  return answered;
}

}  // namespace marquee::control
