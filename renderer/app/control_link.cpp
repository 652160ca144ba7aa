// ControlLink: the desk between the transports and the frame loop; status published per frame.
#include "app/control_link.h"

#include <spdlog/spdlog.h>

#include "backends/offscreen.h"
#include "control/token.h"
#include "core/slide_kinds.h"

namespace marquee::app {

using namespace std::chrono_literals;

ControlLink::ControlLink(std::filesystem::path log_file, std::function<Instant()> clock,
                         std::function<void()> wake, Player& player, backends::ShowFeed& shows,
                         std::string playlist, std::function<void()> reload)
    : desk_(std::move(log_file), clock),
      clock_(std::move(clock)),
      player_(player),
      shows_(shows),
      playlist_(std::move(playlist)) {
  desk_.set_hooks({.wake = std::move(wake),
                   .reload = std::move(reload),
                   .screenshot = [this](int width) { return screenshot(width); }});
  player_.follow([this] { return desk_.log(); });
}

ControlLink::~ControlLink() {
  stop();
  player_.follow({});
}

bool ControlLink::serve(const config::ControlConfig& settings) {
  std::optional<std::string> token;
  if (settings.token_file) {
    std::string error;
    token = control::read_token(*settings.token_file, &error);
    if (!token) {
      spdlog::error("control: {}; the control server stays off", error);
      return false;
    }
  }
  if (!token && !config::is_loopback(settings.host)) {
    spdlog::error(
        "control: listening on {}:{} needs a token_file in the screen config; the control "
        "server stays off",
        settings.host, settings.port);
    return false;
  }
  std::string error;
  http_ = std::make_unique<control::HttpServer>(desk_, token);
  if (!http_->start(settings.host, settings.port, &error)) {
    spdlog::error("control: {}; the control server stays off", error);
    http_.reset();
    return false;
  }
  osc_ = std::make_unique<control::OscServer>(desk_, token);
  const int osc_port = settings.osc_port.value_or(settings.port == 0 ? 0 : http_->port());
  if (!osc_->start(settings.host, osc_port, &error)) {
    spdlog::error("control: {}; OSC stays off, HTTP is on", error);
    osc_.reset();
  }
  check_ = std::make_unique<control::SelfCheck>(
      control::SelfCheck::Target{.host = settings.host,
                                 .http_port = http_->port(),
                                 .osc_port = osc_ ? osc_->port() : 0,
                                 .token = token});
  return true;
}

void ControlLink::stop() {
  check_.reset();
  if (http_) http_->stop();
  if (osc_) osc_->stop();
}

void ControlLink::after_tick(Instant now) {
  const auto& show = player_.show();
  if (!show) {
    desk_.run_posted();
    return;
  }
  const Frame& frame = player_.frame();
  const auto log = desk_.log();
  control::ScreenState state;
  state.screen = show->screen;
  const bool on_air = frame.slide >= 0 && frame.slide < static_cast<int>(show->slides.size());
  if (on_air) {
    const Slide& slide = show->slides[frame.slide];
    state.slide = slide.id;
    state.slide_kind = kind_name(slide.content);
    state.slide_since = frame.slide_start;
    state.slide_until = frame.slide_end;
  }
  // What comes next changes only with the turn, the log or the show: one resolve a turn.
  if (next_.slide != frame.slide || next_.end != frame.slide_end ||
      next_.revision != log->revision || next_.show != show.get()) {
    next_ = {frame.slide, frame.slide_end, log->revision, show.get(), {}};
    if (on_air && frame.slide_end != Instant::max()) {
      const Frame after = resolve(*show, *log, frame.slide_end);
      if (after.slide >= 0) next_.id = show->slides[after.slide].id;
    }
  }
  state.next = next_.id;
  state.held = frame.held;
  state.revision = player_.operators().revision;
  state.takeovers = frame.takeovers;
  state.identify = frame.identify;
  state.playlist = playlist_;
  state.playlist_valid = !shows_.edit_rejected();
  state.last_error = shows_.last_error();
  presents_.emplace_back(now, player_.presents());
  while (presents_.size() > 2 && now - presents_.front().first > 5s) presents_.pop_front();
  const double seconds =
      std::chrono::duration<double>(presents_.back().first - presents_.front().first).count();
  state.presents_per_second =
      seconds > 0
          ? static_cast<double>(presents_.back().second - presents_.front().second) / seconds
          : 0;
  state.video_playing = player_.videos() && player_.videos()->playing();
  desk_.publish(show, std::move(state));
  desk_.run_posted();
}

std::optional<std::string> ControlLink::screenshot(int width) {
  const auto show = desk_.show();
  if (!show) return std::nullopt;
  // The screen's shape, from the canvas the player draws on.
  const render::Size screen = player_.canvas_size();
  const int height = std::max(
      16, static_cast<int>(std::lround(width * (screen.w > 0 ? screen.h / screen.w : 9.0 / 16))));
  backends::OffscreenCanvas picture(width, height);
  std::string error;
  if (picture.ok()) {
    backends::paint_moment(picture, *show, resolve(*show, *desk_.log(), clock_()));
    if (auto png = picture.png(&error)) return png;
  } else {
    error = picture.error();
  }
  spdlog::warn("control: no screenshot: {}", error);
  return std::nullopt;
}

}  // namespace marquee::app
