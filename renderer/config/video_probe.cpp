// The video probe: a cheap look at the bytes, then streams and a first picture from
// libavformat/libavcodec.
#include "config/video_probe.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
}

namespace marquee::config {
namespace {

namespace fs = std::filesystem;

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

std::uint64_t read_be(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

bool is_box_type(const unsigned char* p) {
  for (int i = 0; i < 4; ++i)
    if (p[i] < 0x20 || p[i] > 0x7E) return false;
  return true;
}

// Containers always have control bytes (box sizes, EBML ids, sync words) in their first
// kilobytes; text does not. Catches subtitles, HTML error pages from failed downloads and
// notes renamed to .mp4 before libvlc spends seconds probing them.
bool looks_like_text(std::string_view head) {
  for (unsigned char c : head)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) return false;
  return true;
}

// The first box of an ISO BMFF (MP4, MOV, M4V, 3GP) file is one of these.
bool starts_like_iso_bmff(std::string_view head) {
  if (head.size() < 8) return false;
  static constexpr std::array<std::string_view, 8> kFirstBoxes = {"ftyp", "moov", "mdat", "free",
                                                                  "skip", "wide", "pnot", "uuid"};
  const std::string_view type = head.substr(4, 4);
  for (auto known : kFirstBoxes)
    if (type == known) return true;
  return false;
}

// Walks the top-level boxes: an interrupted copy or download cuts the last box short,
// and a recording that was never finalised has no 'moov' index. Both play as nothing.
std::optional<std::string> check_iso_bmff(std::FILE* f, std::uint64_t size) {
  std::uint64_t offset = 0;
  bool moov = false;
  for (int boxes = 0; offset < size; ++boxes) {
    if (boxes > 100'000) return "is damaged: too many MP4 boxes";
    if (size - offset < 8)
      return "is truncated: it ends inside an MP4 box header (incomplete copy or download?)";
    unsigned char header[16];
    if (fseeko(f, static_cast<off_t>(offset), SEEK_SET) != 0 || std::fread(header, 1, 8, f) != 8)
      return std::string("cannot be read: ") + std::strerror(errno);
    std::uint64_t box = read_be(header, 4);
    std::uint64_t header_size = 8;
    if (!is_box_type(header + 4))
      return "is damaged: no valid MP4 box at byte " + std::to_string(offset);
    const std::string type(reinterpret_cast<const char*>(header + 4), 4);
    if (box == 1) {
      if (size - offset < 16 || std::fread(header + 8, 1, 8, f) != 8)
        return "is truncated: it ends inside the '" + type + "' box header";
      box = read_be(header + 8, 8);
      header_size = 16;
    } else if (box == 0) {
      box = size - offset;  // "extends to the end of the file"
    }
    if (box < header_size)
      return "is damaged: the '" + type + "' box at byte " + std::to_string(offset) +
             " has an impossible size";
    if (box > size - offset)
      return "is truncated: its '" + type + "' box needs " + std::to_string(offset + box) +
             " bytes but the file has " + std::to_string(size) + " (incomplete copy or download?)";
    moov = moov || type == "moov";
    offset += box;
  }
  if (!moov) return "has no 'moov' index: a truncated file or an unfinished recording";
  return std::nullopt;
}

// An EBML variable-length number (Matroska's IDs and sizes) at head[at]; its length in
// bytes goes to *length, 0 when malformed. unknown is set for the reserved "size not
// known" value a live recorder writes.
std::uint64_t read_vint(std::string_view head, std::size_t at, int* length, bool* unknown) {
  *length = 0;
  if (at >= head.size()) return 0;
  const auto first = static_cast<unsigned char>(head[at]);
  int bytes = 1;
  while (bytes <= 8 && !(first & (0x80 >> (bytes - 1)))) ++bytes;
  if (bytes > 8 || at + static_cast<std::size_t>(bytes) > head.size()) return 0;
  std::uint64_t value = first & (0xFFu >> bytes);
  bool all_ones = value == (0xFFu >> bytes);
  for (int i = 1; i < bytes; ++i) {
    const auto byte = static_cast<unsigned char>(head[at + static_cast<std::size_t>(i)]);
    value = (value << 8) | byte;
    all_ones = all_ones && byte == 0xFF;
  }
  *length = bytes;
  *unknown = all_ones;
  return value;
}

// Matroska and WebM: the EBML header, then a Segment whose size the muxer writes when it
// finishes; a copy cut short holds fewer bytes than that.
std::optional<std::string> check_matroska(std::string_view head, std::uint64_t size) {
  int id_length = 0, size_length = 0;
  bool unknown = false;
  std::size_t at = 4;  // past the EBML header's ID
  const std::uint64_t header = read_vint(head, at, &size_length, &unknown);
  if (size_length == 0 || unknown) return std::nullopt;
  at += static_cast<std::size_t>(size_length) + header;
  const std::uint64_t id = read_vint(head, at, &id_length, &unknown);
  // IDs keep their length marker: read_vint stripped it from the Segment's 18 53 80 67.
  if (id_length != 4 || id != 0x08538067) return std::nullopt;
  at += 4;
  const std::uint64_t segment = read_vint(head, at, &size_length, &unknown);
  if (size_length == 0 || unknown) return std::nullopt;
  const std::uint64_t needed = at + static_cast<std::uint64_t>(size_length) + segment;
  if (needed > size)
    return "is truncated: its Matroska segment needs " + std::to_string(needed) +
           " bytes but the file has " + std::to_string(size) + " (incomplete copy or download?)";
  return std::nullopt;
}

// MPEG transport streams are 188-byte packets (192 in Blu-ray's M2TS) from the first byte
// to the last, each opening with the sync byte 0x47.
std::optional<std::string> check_transport_stream(std::string_view head, std::uint64_t size) {
  for (const std::size_t packet : {std::size_t{188}, std::size_t{192}}) {
    const std::size_t sync = packet - 188;  // M2TS puts a 4-byte time stamp first
    if (head.size() < 2 * packet + sync + 1) continue;
    if (head[sync] != 0x47 || head[sync + packet] != 0x47 || head[sync + 2 * packet] != 0x47)
      continue;
    if (size % packet != 0)
      return "is truncated: it ends inside a transport stream packet (incomplete copy or "
             "download?)";
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> quick_video_problem(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (status.type() == fs::file_type::not_found) return "file not found";
  if (ec) return "cannot be read: " + ec.message();
  if (fs::is_directory(status)) return "is a directory, not a video file";
  if (!fs::is_regular_file(status)) return "is not a regular file";
  const std::uint64_t size = fs::file_size(file, ec);
  if (ec) return "cannot be read: " + ec.message();
  if (size == 0) return "file is empty";

  File f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f) return std::string("cannot be read: ") + std::strerror(errno);
  std::array<char, 4096> buffer;
  const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), f.get());
  if (got == 0) return std::string("cannot be read: ") + std::strerror(errno);
  const std::string_view head(buffer.data(), got);

  if (looks_like_text(head)) {
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && head[first] == '<')
      return "is an HTML or XML page, not a video (a failed download?)";
    return "is a text file, not a video";
  }
  if (starts_like_iso_bmff(head)) return check_iso_bmff(f.get(), size);
  if (head.starts_with("\x1A\x45\xDF\xA3")) return check_matroska(head, size);
  return check_transport_stream(head, size);
}

// ---- VideoReader ---------------------------------------------------------------------------

namespace {

using Clock = std::chrono::steady_clock;

// A video stream libavcodec has damaged pictures in is refused after this many, rather
// than read to its end: a first picture is normally within the first few packets.
constexpr int kMaxDamaged = 64;

std::string av_error(int code) {
  std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
  av_strerror(code, text.data(), text.size());
  return text.data();
}

struct FormatClose {
  void operator()(AVFormatContext* f) const { avformat_close_input(&f); }
};
struct CodecFree {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct PacketFree {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameFree {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};

// Degrees clockwise that turn the stored picture upright, from the display matrix.
int rotation_of(const AVStream& stream) {
  const auto* matrix = reinterpret_cast<const std::int32_t*>(
      av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
  if (!matrix) return 0;
  const double counter_clockwise = av_display_rotation_get(matrix);
  if (std::isnan(counter_clockwise)) return 0;
  const int degrees = static_cast<int>(std::lround(-counter_clockwise / 90.0)) * 90;
  return ((degrees % 360) + 360) % 360;
}

// What the streams are, for "it is audio only (aac, mp3)".
std::string stream_codecs(const AVFormatContext& format, AVMediaType type) {
  std::string names;
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    const AVCodecParameters& p = *format.streams[i]->codecpar;
    if (p.codec_type != type) continue;
    const std::string name = avcodec_get_name(p.codec_id);
    if (names.find(name) != std::string::npos) continue;
    names += (names.empty() ? "" : ", ") + name;
  }
  return names;
}

}  // namespace

struct VideoReader::Impl {
  std::unique_ptr<AVFormatContext, FormatClose> format;
  std::unique_ptr<AVCodecContext, CodecFree> codec;
  std::unique_ptr<AVPacket, PacketFree> packet{av_packet_alloc()};
  std::unique_ptr<AVFrame, FrameFree> frame{av_frame_alloc()};
  int stream = -1;
  AVRational time_base{1, 1000};
  std::int64_t start = 0;  // the stream's first presentation time, in time_base
  VideoInfo info;
  Clock::time_point deadline;
  Millis limit{0};
  bool draining = false;     // the decoder was told the input ended
  bool ended = false;        // and has given up its last picture
  bool input_ended = false;  // the demuxer ran out of file
  bool to_keyframe = false;  // after a seek: packets before the next keyframe are skipped
  int damaged = 0;

  static int interrupted(void* self) {
    return Clock::now() > static_cast<const Impl*>(self)->deadline ? 1 : 0;
  }
  std::string too_slow() const {
    return "took more than " + std::to_string(limit.count()) + " ms to read";
  }
};

VideoReader::VideoReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoReader::~VideoReader() = default;

const VideoInfo& VideoReader::info() const {
  return impl_->info;
}
int VideoReader::damaged() const {
  return impl_->damaged;
}
bool VideoReader::input_ended() const {
  return impl_->input_ended;
}

std::unique_ptr<VideoReader> VideoReader::open(const std::filesystem::path& file, Millis limit,
                                               std::string* problem) {
  // libavcodec writes its complaints to stderr; the probe reports them as one line. libvlc,
  // run with --quiet, sets the same level when it loads its avcodec module.
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });
  auto fail = [&](std::string why) -> std::unique_ptr<VideoReader> {
    if (problem) *problem = std::move(why);
    return nullptr;
  };

  auto impl = std::make_unique<Impl>();
  impl->limit = limit;
  impl->deadline = Clock::now() + limit;
  if (!impl->packet || !impl->frame) return fail("cannot be read: out of memory");
  AVFormatContext* format = avformat_alloc_context();
  if (!format) return fail("cannot be read: out of memory");
  format->interrupt_callback = {&Impl::interrupted, impl.get()};
  // On failure avformat_open_input frees the context itself.
  if (const int status = avformat_open_input(&format, file.c_str(), nullptr, nullptr); status < 0) {
    if (status == AVERROR_EXIT) return fail(impl->too_slow());
    if (status == AVERROR_INVALIDDATA)
      return fail("is not a video file: no container format recognises it");
    return fail("cannot be read: " + av_error(status));
  }
  impl->format.reset(format);
  if (const int status = avformat_find_stream_info(format, nullptr); status < 0)
    return fail(status == AVERROR_EXIT
                    ? impl->too_slow()
                    : "cannot be read: its streams are damaged (" + av_error(status) + ")");

  // Cover art in an audio file is a one-picture video stream; it is not a film.
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    const AVStream& s = *format->streams[i];
    if (s.codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        !(s.disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      impl->stream = static_cast<int>(i);
      break;
    }
  }
  if (impl->stream < 0) {
    const std::string audio = stream_codecs(*format, AVMEDIA_TYPE_AUDIO);
    if (!audio.empty()) return fail("has no video stream: it is audio only (" + audio + ")");
    return fail("has no video stream");
  }
  AVStream& stream = *format->streams[impl->stream];
  for (unsigned i = 0; i < format->nb_streams; ++i)
    if (static_cast<int>(i) != impl->stream) format->streams[i]->discard = AVDISCARD_ALL;
  const AVCodecParameters& params = *stream.codecpar;
  const std::string codec_name = avcodec_get_name(params.codec_id);
  // libavformat takes any file named .bin, .adf or .idf for text-mode art: noise, to a screen.
  static constexpr AVCodecID kTextArt[] = {AV_CODEC_ID_BINTEXT, AV_CODEC_ID_XBIN, AV_CODEC_ID_IDF,
                                           AV_CODEC_ID_ANSI};
  if (std::find(std::begin(kTextArt), std::end(kTextArt), params.codec_id) != std::end(kTextArt))
    return fail("is not a video file: libavformat reads it only as " + codec_name + " text art");
  const AVCodec* decoder = avcodec_find_decoder(params.codec_id);
  if (!decoder) return fail("is in the " + codec_name + " codec, which this player cannot decode");
  if (params.width > kMaxVideoSide || params.height > kMaxVideoSide)
    return fail("has pictures of " + std::to_string(params.width) + "x" +
                std::to_string(params.height) + "; the limit is " + std::to_string(kMaxVideoSide) +
                " px a side");
  impl->codec.reset(avcodec_alloc_context3(decoder));
  if (!impl->codec) return fail("cannot be read: out of memory");
  if (avcodec_parameters_to_context(impl->codec.get(), &params) < 0 ||
      avcodec_open2(impl->codec.get(), decoder, nullptr) < 0)
    return fail("cannot be decoded: libavcodec cannot open its " + codec_name + " decoder");

  impl->time_base = stream.time_base;
  impl->start = stream.start_time != AV_NOPTS_VALUE ? stream.start_time : 0;
  VideoInfo& info = impl->info;
  info.format = format->iformat->name;
  info.codec = codec_name;
  info.width = params.width;
  info.height = params.height;
  if (params.sample_aspect_ratio.num > 0 && params.sample_aspect_ratio.den > 0)
    info.pixel_aspect = av_q2d(params.sample_aspect_ratio);
  info.rotation = rotation_of(stream);
  if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0)
    info.duration = Millis{av_rescale_q(stream.duration, stream.time_base, {1, 1000})};
  else if (format->duration != AV_NOPTS_VALUE && format->duration > 0)
    info.duration = Millis{av_rescale(format->duration, 1000, AV_TIME_BASE)};
  return std::unique_ptr<VideoReader>(new VideoReader(std::move(impl)));
}

bool VideoReader::seek(Millis at) {
  Impl& d = *impl_;
  const std::int64_t target = d.start + av_rescale_q(at.count(), {1, 1000}, d.time_base);
  if (av_seek_frame(d.format.get(), d.stream, target, AVSEEK_FLAG_BACKWARD) < 0) return false;
  avcodec_flush_buffers(d.codec.get());
  d.draining = d.ended = d.input_ended = false;
  d.to_keyframe = true;
  return true;
}

const AVFrame* VideoReader::next(std::string* problem) {
  Impl& d = *impl_;
  if (problem) problem->clear();
  auto fail = [&](std::string why) -> const AVFrame* {
    if (problem) *problem = std::move(why);
    return nullptr;
  };
  while (!d.ended) {
    if (Clock::now() > d.deadline) return fail(d.too_slow());
    const int got = avcodec_receive_frame(d.codec.get(), d.frame.get());
    if (got == 0) {
      // Concealed errors (missing references, broken slices) make a picture nobody shows.
      if ((d.frame->flags & AV_FRAME_FLAG_CORRUPT) || d.frame->decode_error_flags) {
        ++d.damaged;
        continue;
      }
      return d.frame.get();
    }
    if (got == AVERROR_EOF) {
      d.ended = true;
      break;
    }
    if (got != AVERROR(EAGAIN)) {
      ++d.damaged;  // the decoder gave up on a picture; later ones may still decode
      if (d.damaged > kMaxDamaged) break;
      continue;
    }
    if (d.draining) {
      d.ended = true;  // cannot happen with a well-behaved decoder; never spin
      break;
    }
    const int read = av_read_frame(d.format.get(), d.packet.get());
    if (read == AVERROR_EXIT) return fail(d.too_slow());
    if (read < 0) {
      // The end, or bytes the demuxer cannot follow: either way the file has no more.
      d.input_ended = true;
      d.draining = true;
      avcodec_send_packet(d.codec.get(), nullptr);
      continue;
    }
    const bool ours = d.packet->stream_index == d.stream;
    const bool key = (d.packet->flags & AV_PKT_FLAG_KEY) != 0;
    if (ours && d.to_keyframe && !key) {
      av_packet_unref(d.packet.get());
      continue;
    }
    if (ours) d.to_keyframe = false;
    const int sent = ours ? avcodec_send_packet(d.codec.get(), d.packet.get()) : 0;
    av_packet_unref(d.packet.get());
    if (sent < 0 && sent != AVERROR(EAGAIN) && ++d.damaged > kMaxDamaged) break;
  }
  return nullptr;
}

bool VideoReader::at_or_before(const AVFrame& picture, Millis at) const {
  const std::int64_t pts = picture.best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) return true;
  return av_compare_ts(pts - impl_->start, impl_->time_base, at.count(), {1, 1000}) <= 0;
}

Millis VideoReader::time_of(const AVFrame& picture) const {
  const std::int64_t pts = picture.best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) return Millis{0};
  return Millis{av_rescale_q_rnd(pts - impl_->start, impl_->time_base, {1, 1000},
                                 static_cast<AVRounding>(AV_ROUND_DOWN | AV_ROUND_PASS_MINMAX))};
}

// ---- probe_video ---------------------------------------------------------------------------

namespace {

// Time for one probe; far more than a healthy file needs (a few ms to a few tens of ms).
constexpr Millis kProbeLimit{3000};
// Files remembered; past this the memory starts over (a show names a few dozen at most).
constexpr std::size_t kMaxRemembered = 1024;

// A version of a file: a copy, an edit in place or a rename over it changes one of these.
struct Identity {
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
  bool operator==(const Identity&) const = default;
};

std::optional<Identity> identify(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return Identity{st.st_size, st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec, st.st_ino,
                  st.st_dev};
}

struct Probed {
  Identity identity;
  std::optional<VideoInfo> info;
  std::string problem;
};

struct Memory {
  std::mutex mutex;
  std::map<std::string, Probed> files;
};

Memory& memory() {
  static Memory m;
  return m;
}

// The libavformat/libavcodec part: streams, then the first whole picture.
std::optional<VideoInfo> probe_streams(const std::filesystem::path& file, std::string& problem) {
  auto reader = VideoReader::open(file, kProbeLimit, &problem);
  if (!reader) return std::nullopt;
  if (reader->next(&problem)) return reader->info();
  if (!problem.empty()) return std::nullopt;
  const std::string& codec = reader->info().codec;
  // A cut file runs out of bytes inside its first picture; a damaged one feeds the decoder
  // packet after packet that it cannot read.
  if (reader->input_ended() && reader->damaged() <= 2)
    problem =
        "is cut short: it ends before its first picture is whole (an incomplete copy or "
        "download?)";
  else if (reader->damaged() > 0)
    problem = "cannot be decoded: its " + codec + " pictures are damaged";
  else
    problem = "has no picture in its " + codec + " video stream";
  return std::nullopt;
}

}  // namespace

std::optional<VideoInfo> probe_video(const std::filesystem::path& file, std::string* problem) {
  auto answer = [&](const Probed& p) {
    if (problem) *problem = p.problem;
    return p.info;
  };
  if (auto quick = quick_video_problem(file)) return answer({{}, std::nullopt, std::move(*quick)});
  const auto identity = identify(file);
  if (!identity)
    return answer({{}, std::nullopt, "cannot be read: " + std::string(strerror(errno))});
  Memory& m = memory();
  {
    std::lock_guard lock(m.mutex);
    const auto found = m.files.find(file.string());
    if (found != m.files.end() && found->second.identity == *identity) return answer(found->second);
  }
  Probed probed{*identity, std::nullopt, ""};
  probed.info = probe_streams(file, probed.problem);
  if (probed.info) probed.problem.clear();
  std::lock_guard lock(m.mutex);
  if (m.files.size() >= kMaxRemembered) m.files.clear();
  return answer(m.files.insert_or_assign(file.string(), std::move(probed)).first->second);
}

std::optional<std::string> known_video_problem(const std::filesystem::path& file) {
  const auto identity = identify(file);
  if (!identity) return std::nullopt;
  Memory& m = memory();
  std::lock_guard lock(m.mutex);
  const auto found = m.files.find(file.string());
  if (found == m.files.end() || found->second.identity != *identity || found->second.info)
    return std::nullopt;
  return found->second.problem;
}

}  // namespace marquee::config
