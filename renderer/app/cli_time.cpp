// Parsing of --at moments for `marquee render`.
// date::parse with millisecond fields trips a false maybe-uninitialized inside
// <chrono> under g++ 12 -O2; the value is always written before use.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "app/cli_time.h"

#include <sstream>

namespace marquee::app {
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

}  // namespace marquee::app
