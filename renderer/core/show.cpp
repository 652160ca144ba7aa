// Small behaviour of the show values: schedule-window membership.
#include "core/show.h"

namespace marquee {

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
