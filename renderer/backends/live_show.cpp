// Hot reload: watch, debounce, validate, swap; diagnostics go to the log.
#include "backends/live_show.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "backends/file_watcher.h"
#include "backends/last_good.h"
#include "backends/schedule_source.h"
#include "config/loader.h"
#include "config/test_faults.h"

namespace marquee::backends {

using namespace std::chrono_literals;

struct LiveShow::Fetcher {
  std::string key;  // what the source was made from: a change makes a new one
  std::unique_ptr<ScheduleSource> source;
  std::unique_ptr<SchedulePoller> poller;
};

namespace {

std::string fetcher_key(const ShowSchedule& s) {
  return s.location + "|" + std::to_string(s.every.count()) + "|" +
         (s.zone ? std::string(s.zone->name()) : "") + "|" +
         (s.day_change ? std::to_string(s.day_change->count()) : "");
}

// The watcher watches folders, and can only see the first copy land in one that exists.
void make_copy_folders(const Show& show) {
  for (const auto& schedule : show.schedules) {
    if (!schedule.url) continue;
    std::error_code ec;
    std::filesystem::create_directories(schedule.copy.parent_path(), ec);
    if (ec)
      spdlog::warn("schedule {}: cannot make the folder for its copy, {} ({})", schedule.location,
                   schedule.copy.parent_path().string(), ec.message());
  }
}

}  // namespace

void LiveShow::fetch_schedules(const Show& show) {
  std::vector<std::unique_ptr<Fetcher>> kept;
  for (const auto& schedule : show.schedules) {
    if (!schedule.url) continue;
    const std::string key = fetcher_key(schedule);
    const auto same = std::find_if(fetchers_.begin(), fetchers_.end(),
                                   [&](const auto& f) { return f && f->key == key; });
    if (same != fetchers_.end()) {
      kept.push_back(std::move(*same));
      continue;
    }
    ScheduleSourceOptions options;
    options.location = schedule.location;
    options.parse = {schedule.zone, schedule.day_change};
    options.cache_dir = schedule.copy.parent_path();
    auto fetcher = std::make_unique<Fetcher>();
    fetcher->key = key;
    fetcher->source = std::make_unique<ScheduleSource>(std::move(options));
    fetcher->poller = std::make_unique<SchedulePoller>(*fetcher->source, schedule.every);
    kept.push_back(std::move(fetcher));
  }
  // Sources the show no longer names stop here, waiting for a fetch under way.
  fetchers_ = std::move(kept);
}

LiveShow::LiveShow(std::filesystem::path playlist, Show initial, bool rejected,
                   std::string first_error, std::filesystem::path state)
    : playlist_(std::move(playlist)),
      state_(std::move(state)),
      show_(std::make_shared<const Show>(std::move(initial))),
      rejected_(rejected),
      last_error_(std::move(first_error)),
      beat_(std::chrono::steady_clock::now().time_since_epoch().count()) {
  worker_ = std::thread([this] { watch(); });
}

LiveShow::~LiveShow() {
  stopping_ = true;
  worker_.join();
  fetchers_.clear();
}

std::string LiveShow::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

std::shared_ptr<const Show> LiveShow::current() const {
  std::lock_guard lock(mutex_);
  return show_;
}

void LiveShow::on_change(std::function<void()> notify) {
  std::lock_guard lock(mutex_);
  notify_ = std::move(notify);
}

bool LiveShow::watching(std::chrono::steady_clock::time_point now) const {
  const std::chrono::steady_clock::time_point beat{std::chrono::steady_clock::duration(beat_)};
  return !ended_ && now - beat < kWatcherSilence;
}

void LiveShow::watch() {
  try {
    watch_loop();
  } catch (const std::exception& e) {
    spdlog::error("the file watcher stopped: {}; edits are no longer seen", e.what());
  }
  ended_ = true;
}

void LiveShow::watch_loop() {
  const auto notify = [this] {
    std::function<void()> call;
    {
      std::lock_guard lock(mutex_);
      call = notify_;
    }
    if (call) call();
  };
  FileWatcher watcher;
  auto dependencies = current()->dependencies;
  dependencies.push_back(playlist_);
  // Polling starts once the copies' folder is watched, so the first copy is not missed.
  make_copy_folders(*current());
  watcher.watch(dependencies);
  fetch_schedules(*current());
  const auto started = std::chrono::steady_clock::now();
  const auto fault = config::injected_fault("watcher");
  while (!stopping_) {
    beat_ = std::chrono::steady_clock::now().time_since_epoch().count();
    if (fault && std::chrono::steady_clock::now() - started >= *fault) {
      spdlog::warn("test fault: the file watcher's thread ends");
      return;
    }
    // Short waits keep shutdown prompt; 150 ms of quiet lets a multi-write save finish.
    if (!watcher.wait_for_change(200ms, 150ms) && !reload_asked_.exchange(false)) continue;
    auto result = config::load_show(playlist_);
    if (!result.ok()) {
      for (const auto& d : result.diagnostics) spdlog::error("{}", format(d));
      {
        std::lock_guard lock(mutex_);
        last_error_.clear();
        for (const auto& d : result.diagnostics)
          if (d.severity == Diagnostic::Severity::error) {
            last_error_ = format(d);
            break;
          }
      }
      if (!rejected_.exchange(true)) {
        spdlog::warn("edit rejected: {} stays on air until a valid save", playlist_.string());
        notify();  // the badge goes up
      }
      // Keep watching what the broken show names too, so fixing a new include is seen.
      if (result.show) {
        auto watched = dependencies;
        watched.insert(watched.end(), result.show->dependencies.begin(),
                       result.show->dependencies.end());
        watcher.watch(watched);
      }
      continue;
    }
    for (const auto& d : result.diagnostics) spdlog::warn("{}", format(d));
    auto next = std::make_shared<const Show>(std::move(*result.show));
    dependencies = next->dependencies;
    {
      // The badge and the count change with the show, so no reader sees the new show
      // with the old badge.
      std::lock_guard lock(mutex_);
      show_ = std::move(next);
      last_error_.clear();
      rejected_ = false;
      ++swaps_;
    }
    dependencies.push_back(playlist_);
    make_copy_folders(*current());
    watcher.watch(dependencies);
    fetch_schedules(*current());
    spdlog::info("reloaded {}", playlist_.string());
    notify();
    // After the swap: the copy is fsynced, which must not hold the new show off the screen.
    LastGood(playlist_, state_).save(result.sources);
  }
}

}  // namespace marquee::backends
