// Parsing of moments: `marquee render --at`, a takeover's `until`.
// date::parse with millisecond fields trips a false maybe-uninitialized inside
// <chrono> under g++ 12 -O2; the value is always written before use.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "config/moment.h"

#include <sstream>

namespace marquee::config {
namespace {

template <class T>
bool parse_whole(const std::string& text, const char* format, T& out) {
  std::istringstream in(text);
  in >> date::parse(format, out);
  return !in.fail() && in.peek() == std::char_traits<char>::eof();
}

}  // namespace

std::optional<Instant> parse_moment(const std::string& text, const date::time_zone* venue) {
  for (const char* format : {"%FT%T%Ez", "%F %T%Ez", "%FT%R%Ez"}) {
    date::sys_time<Millis> t;
    if (parse_whole(text, format, t)) return t;
  }
  for (const char* format : {"%FT%TZ", "%FT%RZ"}) {
    date::sys_time<Millis> t;
    if (parse_whole(text, format, t)) return t;
  }
  for (const char* format : {"%FT%T", "%F %T", "%FT%R", "%F %R", "%F"}) {
    date::local_time<Millis> t;
    if (parse_whole(text, format, t)) {
      return date::floor<Millis>(venue->to_sys(t, date::choose::earliest));
    }
  }
  return std::nullopt;
}

std::optional<Instant> parse_moment_today(const std::string& text, const date::time_zone* venue,
                                          Instant now) {
  if (auto moment = parse_moment(text, venue)) return moment;
  for (const char* format : {"%T", "%R"}) {
    Millis time_of_day{};
    if (parse_whole(text, format, time_of_day) && time_of_day < date::days{1}) {
      const auto today = date::floor<date::days>(venue->to_local(now));
      return date::floor<Millis>(venue->to_sys(today + time_of_day, date::choose::earliest));
    }
  }
  return std::nullopt;
}

}  // namespace marquee::config
