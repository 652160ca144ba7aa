// Small behaviour of the show values: kind names and schedule-window membership.
#include "core/show.h"

namespace marquee {

const char* kind_name(const SlideContent& content) {
  struct Namer {
    const char* operator()(const TitleSlide&) const { return "title"; }
    const char* operator()(const ImageSlide&) const { return "image"; }
    const char* operator()(const SponsorsSlide&) const { return "sponsors"; }
    const char* operator()(const CountdownSlide&) const { return "countdown"; }
    const char* operator()(const AgendaSlide&) const { return "agenda"; }
    const char* operator()(const ChartSlide&) const { return "chart"; }
    const char* operator()(const QrSlide&) const { return "qr"; }
    const char* operator()(const VideoSlide&) const { return "video"; }
  };
  return std::visit(Namer{}, content);
}

bool ScheduleWindow::contains(LocalTime t) const {
  if (from && t < *from) return false;
  if (until && t >= *until) return false;
  const auto day = date::floor<date::days>(t);
  const auto minute = std::chrono::duration_cast<std::chrono::minutes>(t - day);
  if (times.empty()) {
    return (days >> date::weekday(day).c_encoding()) & 1;
  }
  for (const auto& range : times) {
    if (range.start < range.end) {
      if (minute >= range.start && minute < range.end &&
          ((days >> date::weekday(day).c_encoding()) & 1))
        return true;
    } else {
      // A range past midnight belongs to the day it started on.
      if (minute >= range.start && ((days >> date::weekday(day).c_encoding()) & 1)) return true;
      const auto yesterday = day - date::days{1};
      if (minute < range.end && ((days >> date::weekday(yesterday).c_encoding()) & 1)) return true;
    }
  }
  return false;
}

}  // namespace marquee
