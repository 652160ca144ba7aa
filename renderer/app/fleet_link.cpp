// FleetLink: announcements to bundles to shows on a worker thread; the feed that schedules them.
#include "app/fleet_link.h"

#include <spdlog/spdlog.h>

#include "control/operator_log.h"

namespace marquee::app {

using nlohmann::json;

std::shared_ptr<const Show> FleetFeed::current() const {
  std::lock_guard lock(mutex_);
  const bool first = !handed_out_;
  handed_out_ = true;
  // A player's first show is taken at once: one still waiting for its instant is not it.
  if (bundle_ && !(first && bundle_->on_air_at)) return bundle_;
  return before_ ? before_ : fallback_.current();
}

bool FleetFeed::edit_rejected() const {
  std::lock_guard lock(mutex_);
  return bundle_ ? false : fallback_.edit_rejected();
}

std::string FleetFeed::last_error() const {
  std::lock_guard lock(mutex_);
  return bundle_ ? std::string() : fallback_.last_error();
}

void FleetFeed::put(std::shared_ptr<const Show> show) {
  std::lock_guard lock(mutex_);
  if (show && show->on_air_at && bundle_ && !bundle_->on_air_at) before_ = bundle_;
  bundle_ = std::move(show);
}

FleetLink::FleetLink(Options options, backends::ShowFeed& fallback)
    : options_(std::move(options)),
      feed_(fallback),
      store_(options_.dir, options_.settings.bundle_playlist, options_.limits) {
  kept_ = settled(store_.kept());
  // What was on air at the last run goes on air at once; a bundle still waiting for its
  // instant waits again.
  const auto put_kept = [&](const std::optional<backends::BundleStore::Kept>& kept,
                            bool scheduled) {
    if (!kept) return false;
    auto loaded = store_.load(kept->sha256);
    if (auto* why = std::get_if<std::string>(&loaded)) {
      spdlog::error("fleet: the kept bundle {} cannot play: {}", kept->revision, *why);
      refused_ = {{"revision", kept->revision}, {"sha256", kept->sha256}, {"error", *why}};
      return false;
    }
    auto show = std::make_shared<Show>(*std::get<backends::BundleShow>(loaded).show);
    if (scheduled) show->on_air_at = kept->activate_at;
    feed_.put(std::move(show));
    spdlog::info("fleet: {} bundle {}", scheduled ? "waiting to put on air" : "playing",
                 kept->revision);
    return true;
  };
  if (!put_kept(kept_.on_air, false)) kept_.on_air.reset();
  if (!put_kept(kept_.next, true)) kept_.next.reset();
}

FleetLink::~FleetLink() {
  stop();
}

bool FleetLink::start(control::OperatorDesk& desk) {
  if (agent_) return true;
  control::FleetOptions options{.settings = options_.settings,
                                .version = options_.version,
                                .clock = options_.clock,
                                .status_every = options_.status_every,
                                .retry_min = options_.retry_min,
                                .retry_max = options_.retry_max};
  agent_ = std::make_unique<control::FleetAgent>(
      std::move(options), desk,
      [this](const control::ContentRevision& revision) { announced(revision); },
      [this] { return content_report(); });
  worker_ = std::thread([this] { work(); });
  return agent_->start();
}

void FleetLink::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
  if (agent_) agent_->stop();
}

backends::BundleStore::KeptPair FleetLink::settled(backends::BundleStore::KeptPair kept) const {
  if (kept.next && kept.next->activate_at <= options_.clock()) {
    kept.on_air = kept.next;
    kept.next.reset();
  }
  return kept;
}

void FleetLink::announced(const control::ContentRevision& revision) {
  {
    std::lock_guard lock(mutex_);
    waiting_ = revision;  // a newer announcement replaces one not yet handled
  }
  changed_.notify_all();
}

void FleetLink::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    // A revision waiting for its instant wakes this then, so the status says it is on air.
    const auto woken = [this] { return stopping_ || waiting_.has_value(); };
    if (kept_.next)
      changed_.wait_until(lock, std::chrono::system_clock::time_point(kept_.next->activate_at),
                          woken);
    else
      changed_.wait(lock, woken);
    if (stopping_) return;
    if (!waiting_) {
      if (kept_.next && kept_.next->activate_at <= options_.clock()) {
        kept_ = settled(kept_);
        store_.keep(kept_);
        lock.unlock();
        if (agent_) agent_->status_changed();
        lock.lock();
      }
      continue;
    }
    const control::ContentRevision revision = *waiting_;
    waiting_.reset();
    lock.unlock();
    handle(revision);
    lock.lock();
    ++handled_;
    changed_.notify_all();
  }
}

void FleetLink::handle(const control::ContentRevision& revision) {
  backends::BundleStore::KeptPair kept;
  {
    std::lock_guard lock(mutex_);
    kept_ = settled(kept_);
    kept = kept_;
  }
  const auto same = [&](const std::optional<backends::BundleStore::Kept>& k) {
    return k && k->sha256 == revision.sha256;
  };
  // The retained announcement comes again at every reconnect: what is on air, or waits
  // for this same instant, is not fetched again.
  if (same(kept.on_air) && !kept.next) return;
  if (same(kept.next) && kept.next->activate_at == revision.activate_at) return;
  {
    std::lock_guard lock(mutex_);
    fetching_ = revision;
  }
  if (agent_) agent_->status_changed();
  spdlog::info("fleet: content {} announced for {}; fetching {}", revision.revision,
               control::format_instant(revision.activate_at), revision.url);
  auto prepared = store_.prepare(revision.url, revision.sha256);
  if (auto* why = std::get_if<std::string>(&prepared)) {
    spdlog::error("fleet: content {} refused: {}; {} stays on air", revision.revision, *why,
                  kept.on_air ? kept.on_air->revision : std::string("the screen's own playlist"));
    {
      std::lock_guard lock(mutex_);
      fetching_.reset();
      refused_ = {{"revision", revision.revision},
                  {"sha256", revision.sha256},
                  {"error", *why},
                  {"at", control::format_instant(options_.clock())}};
    }
    if (agent_) agent_->status_changed();
    return;
  }
  auto show = std::make_shared<Show>(*std::get<backends::BundleShow>(prepared).show);
  // A screen that got it late puts it on air at once (the Player splices it at `now`).
  show->on_air_at = revision.activate_at;
  kept.next = backends::BundleStore::Kept{revision.sha256, revision.revision, revision.activate_at};
  store_.keep(kept);
  {
    std::lock_guard lock(mutex_);
    kept_ = kept;
    fetching_.reset();
    refused_ = nullptr;
  }
  feed_.put(std::move(show));
  spdlog::info("fleet: content {} is ready for {}", revision.revision,
               control::format_instant(revision.activate_at));
  if (options_.wake) options_.wake();
  if (agent_) agent_->status_changed();
}

control::ContentReport FleetLink::content_report() const {
  std::lock_guard lock(mutex_);
  const auto kept = settled(kept_);
  const auto entry = [](const std::optional<backends::BundleStore::Kept>& k, const char* when) {
    if (!k) return json(nullptr);
    return json{{"revision", k->revision},
                {"sha256", k->sha256},
                {when, control::format_instant(k->activate_at)}};
  };
  json j = {{"on_air", entry(kept.on_air, "since")},
            {"next", entry(kept.next, "activate_at")},
            {"fetching", fetching_ ? json(fetching_->revision) : json(nullptr)},
            {"refused", refused_}};
  return {j, !refused_.is_null()};
}

int FleetLink::revisions_handled() const {
  std::lock_guard lock(mutex_);
  return handled_;
}

}  // namespace marquee::app
