// Reads the YAML of video slides, and checks with the video probe that the file can play at all.
#include <system_error>

#include "config/slide_kinds.h"
#include "config/video_probe.h"

namespace marquee::config::detail {
namespace {

const Choice<VideoSlide::Start> kStart{"start",
                                       {{"restart", VideoSlide::Start::restart},
                                        {"resume", VideoSlide::Start::resume},
                                        {"continue", VideoSlide::Start::resume, true}}};

// Why the file cannot play, or "" when its streams and first picture look right (libvlc
// may still fail at run time; the screen then shows a placeholder).
std::string video_problem(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::file_size(file, ec) == 0 && !ec)
    return "video file is empty; it cannot play";
  std::string problem;
  if (probe_video(file, &problem)) return "";
  return "video file " + problem + "; it cannot play";
}

// An existing asset that looks playable; the file is looked at once per load however
// many slides name it.
std::optional<std::filesystem::path> video_asset(Reader& r, const Item& item) {
  auto path = asset(r, item);
  if (!path) return std::nullopt;
  auto& checks = r.sink().file_checks;
  const std::string key = "video:" + path->string();
  auto found = checks.find(key);
  if (found == checks.end()) found = checks.emplace(key, video_problem(*path)).first;
  if (found->second.empty()) return path;
  r.error(item.at, found->second);
  return std::nullopt;
}

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

using namespace config::detail;

VideoSlide VideoSlide::read(Reader& r, const Item& params) {
  VideoSlide video;
  bool has_file = false;
  const Field fields[] = {
      {"file", Reader::noting(has_file, r.into(video.file, video_asset))},
      {"fit", r.into(video.fit, kFit)},
      {"audio", r.into(video.audio, boolean)},
      {"loop", r.into(video.loop, boolean)},
      {"start", r.into(video.start, kStart)},
  };
  if (r.read_map(params, "'video'", fields) && !has_file)
    r.error(params.at, "video slide needs a 'file'");
  return video;
}

}  // namespace marquee
