// The control server's self-check: asked what a client would ask, once a second, from its own
// thread, so the watchdog can tell a wedged server from one that answers.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace marquee::control {

class SelfCheck {
 public:
  using Clock = std::chrono::steady_clock;
  struct Target {
    std::string host;   // as bound; 0.0.0.0 and :: are asked on loopback
    int http_port = 0;  // 0: not asked
    int osc_port = 0;   // 0: not asked
    std::optional<std::string> token;
  };
  explicit SelfCheck(Target target);
  ~SelfCheck();
  SelfCheck(const SelfCheck&) = delete;
  SelfCheck& operator=(const SelfCheck&) = delete;

  // Whether HTTP's status and OSC's /marquee/status both answered within kSilence (for
  // that long after the start, it is given the benefit of the doubt). Any thread.
  bool answering(Clock::time_point now) const;

  static constexpr std::chrono::seconds kSilence{5};
  static constexpr std::chrono::seconds kEvery{1};
  static constexpr std::chrono::seconds kWait{2};  // per question

 private:
  void loop();
  bool http_answers() const;
  bool osc_answers() const;

  const Target target_;
  std::atomic<Clock::rep> answered_;  // when both last answered
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace marquee::control
