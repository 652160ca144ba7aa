// Hot reload: watch, debounce, validate, swap; diagnostics go to the log.
#include "backends/live_show.h"

#include <spdlog/spdlog.h>

#include "backends/file_watcher.h"
#include "backends/last_good.h"
#include "config/loader.h"
#include "config/test_faults.h"

namespace marquee::backends {

using namespace std::chrono_literals;

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
  watcher.watch(dependencies);
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
      std::lock_guard lock(mutex_);
      show_ = std::move(next);
      last_error_.clear();
    }
    dependencies.push_back(playlist_);
    watcher.watch(dependencies);
    rejected_ = false;
    ++swaps_;
    spdlog::info("reloaded {}", playlist_.string());
    notify();
    // After the swap: the copy is fsynced, which must not hold the new show off the screen.
    LastGood(playlist_, state_).save(result.sources);
  }
}

}  // namespace marquee::backends
