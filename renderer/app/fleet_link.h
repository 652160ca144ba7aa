// A playing screen's link to its fleet: the MQTT agent on the operator desk, the content bundles
// it is told of (fetched, checked and validated off the frame loop), and the show feed that puts
// each on air at its activate_at.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "backends/bundle.h"
#include "backends/live_show.h"
#include "config/screen_config.h"
#include "control/desk.h"
#include "control/fleet.h"

namespace marquee::app {

// The screen's own playlist (the fallback) until a bundle is on air, then the bundle's show.
// A bundle waiting for its activate_at is current() already, with on_air_at set: the
// Player keeps the show on air until then. It is never the first show a player is given.
class FleetFeed final : public backends::ShowFeed {
 public:
  explicit FleetFeed(backends::ShowFeed& fallback) : fallback_(fallback) {}
  std::shared_ptr<const Show> current() const override;
  // A bundle's shows never fail validation on screen: refusals go to the fleet's status.
  bool edit_rejected() const override;
  std::string last_error() const override;
  void put(std::shared_ptr<const Show> show);

 private:
  backends::ShowFeed& fallback_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Show> bundle_;
  std::shared_ptr<const Show> before_;  // the bundle on air before a scheduled one
  mutable bool handed_out_ = false;
};

class FleetLink {
 public:
  struct Options {
    config::FleetConfig settings;
    std::filesystem::path dir;  // <state folder>/fleet
    std::string version;
    std::function<Instant()> clock;
    std::function<void()> wake;  // the frame loop, when a bundle is ready to wait for
    std::chrono::milliseconds status_every{10'000};
    std::chrono::milliseconds retry_min{500}, retry_max{30'000};
    backends::BundleLimits limits{};
  };
  // Puts the kept bundle on air (or schedules the next one), before the first tick.
  FleetLink(Options options, backends::ShowFeed& fallback);
  ~FleetLink();  // stop()
  FleetLink(const FleetLink&) = delete;
  FleetLink& operator=(const FleetLink&) = delete;

  backends::ShowFeed& feed() { return feed_; }
  // Joins the fleet: commands go to `desk`. False (logged) when it cannot.
  bool start(control::OperatorDesk& desk);
  // Leaves it (the desk must outlive this call, not the link).
  void stop();
  control::FleetAgent* agent() { return agent_.get(); }

  // The content's part of the status.
  control::ContentReport content_report() const;
  // Bundles announced so far that were taken or refused (for tests: done with each).
  int revisions_handled() const;

 private:
  void announced(const control::ContentRevision& revision);
  void work();
  void handle(const control::ContentRevision& revision);
  // A next bundle whose instant has passed is the one on air.
  backends::BundleStore::KeptPair settled(backends::BundleStore::KeptPair kept) const;

  Options options_;
  FleetFeed feed_;
  backends::BundleStore store_;
  std::unique_ptr<control::FleetAgent> agent_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<control::ContentRevision> waiting_;  // the newest announcement not yet handled
  backends::BundleStore::KeptPair kept_;
  std::optional<control::ContentRevision> fetching_;
  nlohmann::json refused_ = nullptr;  // the last revision refused, and why
  int handled_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace marquee::app
