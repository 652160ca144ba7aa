// The AV desk's link to a playing screen: the operator desk with its log kept beside the
// last-good copy, its HTTP and OSC transports, and what the frame loop tells them each frame.
#pragma once

#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/player.h"
#include "backends/live_show.h"
#include "config/screen_config.h"
#include "control/desk.h"
#include "control/http_server.h"
#include "control/osc_server.h"
#include "control/self_check.h"

namespace marquee::app {

class ControlLink {
 public:
  // `log_file`: where the desk keeps the operator log (empty: not kept). `wake` ends the
  // frame loop's wait, from any thread. The player follows the desk's log from now on.
  ControlLink(std::filesystem::path log_file, std::function<Instant()> clock,
              std::function<void()> wake, Player& player, backends::ShowFeed& shows,
              std::string playlist, std::function<void()> reload = {});
  ~ControlLink();
  ControlLink(const ControlLink&) = delete;
  ControlLink& operator=(const ControlLink&) = delete;

  // Starts HTTP and OSC as `settings` say (OSC on the HTTP port's number unless
  // osc_port names another; port 0: any free one, for tests). A bind off this box needs
  // a token. False, with the reason logged, when they cannot start: the screen plays on.
  bool serve(const config::ControlConfig& settings);
  void stop();

  control::OperatorDesk& desk() { return desk_; }
  int http_port() const { return http_ ? http_->port() : 0; }
  int osc_port() const { return osc_ ? osc_->port() : 0; }
  // Whether the server answers its self-check; true while it is off.
  bool answering(control::SelfCheck::Clock::time_point now) const {
    return !check_ || check_->answering(now);
  }

  // Once per frame, after Player::tick: publishes what the screen shows, then runs what
  // the transports posted for this thread (screenshots).
  void after_tick(Instant now);

  // The screen at the desk's now as PNG, `width` wide, the screen's shape: the pure
  // timeline's picture of it, so no read-back of the window is needed.
  std::optional<std::string> screenshot(int width);

 private:
  control::OperatorDesk desk_;
  std::function<Instant()> clock_;
  Player& player_;
  backends::ShowFeed& shows_;
  std::string playlist_;
  std::unique_ptr<control::HttpServer> http_;
  std::unique_ptr<control::OscServer> osc_;
  std::unique_ptr<control::SelfCheck> check_;  // while the server is on

  struct Next {  // the slide after the one on air, worked out once per turn
    int slide = -1;
    Instant end{};
    std::uint64_t revision = 0;
    const Show* show = nullptr;
    std::string id;
  } next_;
  std::deque<std::pair<Instant, std::uint64_t>> presents_;  // a few seconds of samples
};

}  // namespace marquee::app
