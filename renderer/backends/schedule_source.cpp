// Fetching schedules: conditional HTTP GETs with cpp-httplib, file reads, and the last good copy on
// disk.
#include "backends/schedule_source.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>

#include "config/atomic_file.h"
#include "config/state_files.h"

namespace marquee::backends {
namespace {

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// "Read" and "Connection" are httplib's words; these say what happened.
std::string fetch_failure(httplib::Error error, std::chrono::milliseconds timeout) {
  const std::string within = " within " + std::to_string(timeout.count()) + " ms";
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect";
    case httplib::Error::ConnectionTimeout:
      return "no connection" + within;
    case httplib::Error::Read:
      return "the answer broke off, or did not come" + within;
    case httplib::Error::Write:
      return "the request could not be sent";
    case httplib::Error::ExceedRedirectCount:
      return "too many redirects";
    case httplib::Error::SSLConnection:
      return "the TLS handshake failed";
    case httplib::Error::SSLLoadingCerts:
      return "cannot load the system's CA certificates";
    case httplib::Error::SSLServerVerification:
      return "the server's certificate is not trusted";
    case httplib::Error::Compression:
      return "the compressed answer cannot be unpacked";
    case httplib::Error::Canceled:
      return "the answer was larger than allowed";
    default:
      return "HTTP error (" + httplib::to_string(error) + ")";
  }
}

}  // namespace

ScheduleSource::ScheduleSource(ScheduleSourceOptions options)
    : options_(std::move(options)),
      url_(config::is_url(options_.location)),
      log_(options_.log ? options_.log : spdlog::default_logger()) {
  body_file_ = config::schedule_copy_file(options_.location, options_.cache_dir);
  meta_file_ = std::filesystem::path(body_file_).replace_extension(".json");
  load_cached_copy();
}

std::shared_ptr<const Schedule> ScheduleSource::schedule() const {
  std::lock_guard lock(mutex_);
  return schedule_;
}

SchedulePoll ScheduleSource::poll() {
  return url_ ? fetch_url() : read_file();
}

SchedulePoll ScheduleSource::report(SchedulePoll::Outcome outcome, std::string why) {
  const std::string line = "schedule " + options_.location + ": " + why;
  switch (outcome) {
    case SchedulePoll::Outcome::updated:
      log_->info(line);
      break;
    case SchedulePoll::Outcome::unchanged:
      log_->debug(line);
      break;
    case SchedulePoll::Outcome::failed:
      log_->warn(line);
      break;
  }
  return {outcome, std::move(why)};
}

SchedulePoll ScheduleSource::fetch_url() {
  httplib::Headers headers{{"User-Agent", "marquee/0.1 (conference signage)"}};
  if (!etag_.empty()) headers.emplace("If-None-Match", etag_);
  if (!last_modified_.empty()) headers.emplace("If-Modified-Since", last_modified_);

  // Redirects are followed here: httplib 0.11's follow_location takes a 304 for one.
  std::string url = options_.location;
  for (int hop = 0; hop < 5; ++hop) {
    const auto authority_end = url.find('/', url.find("://") + 3);
    const std::string origin = url.substr(0, authority_end);
    const std::string path = authority_end == std::string::npos ? "/" : url.substr(authority_end);
    httplib::Client client(origin);
    if (!client.is_valid())
      return report(SchedulePoll::Outcome::failed, "cannot use the URL " + url);
    client.set_connection_timeout(options_.timeout);
    client.set_read_timeout(options_.timeout);
    client.set_write_timeout(options_.timeout);

    std::string body;
    bool too_large = false;
    const auto result = client.Get(path, headers, [&](const char* data, std::size_t length) {
      if (body.size() + length > options_.max_bytes) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large)
      return report(SchedulePoll::Outcome::failed, "the answer is over " +
                                                       std::to_string(options_.max_bytes >> 20) +
                                                       " MB; keeping the last good schedule");
    if (!result)
      return report(SchedulePoll::Outcome::failed, fetch_failure(result.error(), options_.timeout) +
                                                       "; keeping the last good schedule");
    const int status = result->status;
    if (status == 304) return report(SchedulePoll::Outcome::unchanged, "not modified");
    if (status == 200)
      return accept(body, result->get_header_value("ETag"),
                    result->get_header_value("Last-Modified"));
    const std::string location = result->get_header_value("Location");
    if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308) &&
        !location.empty()) {
      url = config::is_url(location) ? location
                                     : origin + (location.front() == '/' ? "" : "/") + location;
      continue;
    }
    return report(SchedulePoll::Outcome::failed,
                  "HTTP " + std::to_string(status) +
                      (result->reason.empty() ? "" : " " + result->reason) +
                      "; keeping the last good schedule");
  }
  return report(SchedulePoll::Outcome::failed,
                "too many redirects; keeping the last good schedule");
}

SchedulePoll ScheduleSource::read_file() {
  std::error_code ec;
  const auto time = std::filesystem::last_write_time(options_.location, ec);
  const auto size = ec ? 0 : std::filesystem::file_size(options_.location, ec);
  if (ec)
    return report(SchedulePoll::Outcome::failed,
                  "cannot read it (" + ec.message() + "); keeping the last good schedule");
  if (file_time_ && *file_time_ == time && file_size_ == size)
    return report(SchedulePoll::Outcome::unchanged, "not modified");
  if (size > options_.max_bytes)
    return report(SchedulePoll::Outcome::failed, "the file is over " +
                                                     std::to_string(options_.max_bytes >> 20) +
                                                     " MB; keeping the last good schedule");
  // Remembered even when the file is bad, so a broken save is reported once, not each poll.
  file_time_ = time;
  file_size_ = size;
  return accept(slurp(options_.location), {}, {});
}

SchedulePoll ScheduleSource::accept(const std::string& body, const std::string& etag,
                                    const std::string& last_modified) {
  const std::size_t hash = std::hash<std::string>{}(body);
  if (url_ && body_hash_ == hash && schedule()) {
    etag_ = etag;
    last_modified_ = last_modified;
    return report(SchedulePoll::Outcome::unchanged, "not modified (the same content)");
  }
  ++parses_;
  auto result = config::parse_schedule(body, options_.location, options_.parse);
  if (!result.ok()) {
    std::string first = "no schedule in it";
    for (const auto& d : result.diagnostics)
      if (d.severity == Diagnostic::Severity::error) {
        first = format(d);
        break;
      }
    return report(SchedulePoll::Outcome::failed,
                  "not a valid schedule (" + first + "); keeping the last good schedule");
  }
  for (const auto& d : result.diagnostics) log_->warn(format(d));
  const std::size_t events = result.schedule->events.size();
  {
    std::lock_guard lock(mutex_);
    schedule_ = std::make_shared<const Schedule>(std::move(*result.schedule));
  }
  etag_ = etag;
  last_modified_ = last_modified;
  body_hash_ = hash;
  save_cached_copy(body);
  return report(SchedulePoll::Outcome::updated,
                "loaded " + std::to_string(events) + " events (" +
                    std::string(config::format_name(result.format)) + ")");
}

void ScheduleSource::save_cached_copy(const std::string& body) const {
  const nlohmann::json meta = {
      {"location", options_.location}, {"etag", etag_}, {"last_modified", last_modified_}};
  // Each write logs its own failure; the schedule on screen is unaffected either way.
  if (config::write_file_atomically(body_file_, body))
    config::write_file_atomically(meta_file_, meta.dump());
}

void ScheduleSource::load_cached_copy() {
  // A copy torn by a power cut is moved aside (and logged) by read_intact.
  const auto meta_text = config::read_intact(meta_file_, [](std::string_view text) {
    return nlohmann::json::parse(text, nullptr, false).is_discarded() ? "not JSON" : "";
  });
  const auto body = meta_text ? config::read_intact(body_file_) : std::nullopt;
  if (!body) return;
  const auto meta = nlohmann::json::parse(*meta_text);
  if (meta.value("location", "") != options_.location) return;
  auto result = config::parse_schedule(*body, body_file_.string(), options_.parse);
  if (!result.ok()) {
    log_->warn("schedule {}: ignoring a damaged last good copy {}", options_.location,
               body_file_.string());
    return;
  }
  schedule_ = std::make_shared<const Schedule>(std::move(*result.schedule));
  body_hash_ = std::hash<std::string>{}(*body);
  // A URL is asked whether the copy is still current; a file is read afresh.
  if (url_) {
    etag_ = meta.value("etag", "");
    last_modified_ = meta.value("last_modified", "");
  }
  log_->info("schedule {}: starting from the last good copy ({} events)", options_.location,
             schedule_->events.size());
}

SchedulePoller::SchedulePoller(ScheduleSource& source, std::chrono::milliseconds interval)
    : source_(source), interval_(interval), thread_([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
          lock.unlock();
          source_.poll();
          lock.lock();
          ++polls_;
          wake_.wait_for(lock, interval_, [this] { return stopping_; });
        }
      }) {}

SchedulePoller::~SchedulePoller() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int SchedulePoller::polls() const {
  std::lock_guard lock(mutex_);
  return polls_;
}

}  // namespace marquee::backends
