// The outputs SDL found, with their modes and the names a screen config may use for them.
#pragma once

#include <SDL.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace marquee::backends {

struct DisplayInfo {
  int index = 0;
  std::string name;       // SDL's: the monitor's model under X11, the index on the console
  std::string connector;  // the kernel's connector (HDMI-A-1, DP-2) on the console; else empty
  SDL_Rect bounds{};
  int refresh_hz = 0;
};

// What SDL sees now; on KMSDRM each display also gets its connector's name, read with libdrm
// in the order SDL adds them (connected connectors with modes, as the kernel lists them).
std::vector<DisplayInfo> list_displays();

// "0: HDMI-A-1 1920x1080 at 60 Hz, 1: …", for the log.
std::string describe(const std::vector<DisplayInfo>& displays);

// The display a config's `display:` names: a connector or SDL name (case-insensitive), else
// the index. -1 with *why set when there is no such output; the caller falls back to 0.
int choose_display(const std::vector<DisplayInfo>& displays, int index, const std::string& name,
                   std::string* why);

// Connected connectors' names on the first DRM card that has one, in the kernel's order.
std::vector<std::string> drm_connector_names();

// A connected connector and the mode it prefers (its screen's own, from the EDID).
struct Connector {
  std::string name;
  int width = 0, height = 0;
  bool operator==(const Connector&) const = default;
};
// The console's connected connectors, on the first DRM card that has one. `probe` asks the
// kernel to look again (it reads each screen's EDID, some milliseconds each); without, what
// it knew already.
std::vector<Connector> drm_connectors(bool probe);

// Hotplug on the console, which SDL's KMSDRM driver (2.26) does not report: a thread looks
// at the connectors every kEvery and, when a screen was plugged, unplugged or swapped for one
// that prefers another mode, calls `changed` (from its thread). Does nothing off KMSDRM.
class DrmHotplugWatch {
 public:
  explicit DrmHotplugWatch(std::function<void()> changed);
  ~DrmHotplugWatch();
  DrmHotplugWatch(const DrmHotplugWatch&) = delete;
  DrmHotplugWatch& operator=(const DrmHotplugWatch&) = delete;
  // Whether a change was seen since the last call.
  bool take_change() { return changed_flag_.exchange(false); }
  static constexpr std::chrono::seconds kEvery{2};

 private:
  void loop();
  std::function<void()> changed_;
  std::atomic<bool> changed_flag_{false};
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
};

// The kernel's mode when it cannot read a screen's EDID, which a console then shows silently.
inline bool is_fallback_mode(int w, int h) {
  return w == 1024 && h == 768;
}

}  // namespace marquee::backends
