// `marquee report`: reads play journals, sums what was on screen, and explains every second a
// sponsor was promised and did not get, against the pure timeline of the playlist.
// date::format and parse trip a false maybe-uninitialized under g++ 12 -O2 (see config/moment.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "app/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "backends/journal.h"
#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "config/image_probe.h"
#include "config/loader.h"
#include "config/moment.h"
#include "config/suggest.h"
#include "core/sponsor_layout.h"
#include "core/timeline.h"

namespace marquee::app {
namespace {

namespace fs = std::filesystem;
using backends::JournalLine;
using Json = nlohmann::ordered_json;
using namespace std::chrono_literals;

// ---- words and numbers ------------------------------------------------------------------

// "1 h 12 min", "12 min 5 s", "4.25 s".
std::string span_text(Millis ms) {
  const auto total = ms.count();
  if (total < 0) return "-" + span_text(-ms);
  if (total >= 3'600'000)
    return std::to_string(total / 3'600'000) + " h " + std::to_string(total / 60'000 % 60) + " min";
  if (total >= 60'000)
    return std::to_string(total / 60'000) + " min " + std::to_string(total / 1000 % 60) + " s";
  std::ostringstream out;
  out << static_cast<double>(total) / 1000.0 << " s";
  return out.str();
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

date::local_days venue_day(const date::time_zone* zone, Instant t) {
  return date::floor<date::days>(zone->to_local(t));
}

// "18 Sep 2024", "18–19 Sep 2024", "30 Sep – 2 Oct 2024".
std::string days_text(const date::time_zone* zone, Instant first, Instant last) {
  const auto a = date::year_month_day{venue_day(zone, first)};
  const auto b = date::year_month_day{venue_day(zone, last)};
  const auto day = [](const date::year_month_day& d) {
    return std::to_string(static_cast<unsigned>(d.day()));
  };
  const auto month_year = [](const date::year_month_day& d) {
    return date::format("%b %Y", date::local_days{d});
  };
  if (a == b) return day(a) + " " + month_year(a);
  if (a.year() == b.year() && a.month() == b.month())
    return day(a) + "\xE2\x80\x93" + day(b) + " " + month_year(b);
  return day(a) + " " + date::format("%b", date::local_days{a}) + " \xE2\x80\x93 " + day(b) + " " +
         month_year(b);
}

std::string clock_text(const date::time_zone* zone, Instant t) {
  return date::format("%H:%M", date::floor<std::chrono::seconds>(zone->to_local(t)));
}
std::string xibo_time(const date::time_zone* zone, Instant t) {
  return date::format("%F %T", date::floor<std::chrono::seconds>(zone->to_local(t)));
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string joined(const std::vector<std::string>& words, const char* between = ",") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : between) + w;
  return out;
}

// ---- the journal, by screen and run -------------------------------------------------------

struct Run {
  std::string id;
  Instant start = Instant::max(), end = Instant::min();
  bool started = false, stopped = false;
  std::string stop_reason, revision, playlist;
  std::size_t operator_events = 0;
  double width = 0, height = 0;
};

struct Screen {
  std::string name;
  std::vector<const JournalLine*> lines;  // in seq order
  std::vector<const JournalLine*> plays;  // by first frame
  std::vector<Run> runs;                  // by start
};

std::map<std::string, Screen> by_screen(const std::vector<JournalLine>& lines) {
  std::map<std::string, Screen> screens;
  for (const JournalLine& l : lines) screens[l.screen].lines.push_back(&l);
  for (auto& [name, s] : screens) {
    s.name = name;
    std::stable_sort(s.lines.begin(), s.lines.end(),
                     [](const JournalLine* a, const JournalLine* b) { return a->seq < b->seq; });
    std::map<std::string, Run> runs;
    for (const JournalLine* l : s.lines) {
      Run& run = runs[l->run];
      run.id = l->run;
      if (l->type == "started") {
        run.started = true;
        run.start = std::min(run.start, l->at);
        run.end = std::max(run.end, l->at);
        run.revision = l->revision;
        run.playlist = l->playlist;
        run.width = l->width;
        run.height = l->height;
        run.operator_events = 0;
        const auto j = nlohmann::json::parse(l->text, nullptr, false);
        if (j.is_object()) run.operator_events = j.value("operator_events", std::size_t{0});
      } else if (l->type == "stopped") {
        run.stopped = true;
        run.stop_reason = l->detail;
        run.end = std::max(run.end, l->at);
      } else if (l->play) {
        s.plays.push_back(l);
        run.start = std::min(run.start, l->play->first_frame);
        run.end = std::max(run.end, l->play->off_air);
      }
    }
    for (auto& [id, run] : runs)
      if (run.start != Instant::max()) s.runs.push_back(run);
    std::sort(s.runs.begin(), s.runs.end(),
              [](const Run& a, const Run& b) { return a.start < b.start; });
    std::stable_sort(s.plays.begin(), s.plays.end(),
                     [](const JournalLine* a, const JournalLine* b) {
                       return a->play->first_frame < b->play->first_frame;
                     });
  }
  return screens;
}

// ---- sums ----------------------------------------------------------------------------------

struct Sum {
  Millis on_air{0};
  std::size_t plays = 0;
  std::set<std::string> screens;
  Instant first = Instant::max(), last = Instant::min();
  void add(Millis ms, const std::string& screen, const PlayRecord& r) {
    on_air += ms;
    ++plays;
    screens.insert(screen);
    first = std::min(first, r.first_frame);
    last = std::max(last, r.off_air);
  }
};

// The keys a play counts under, with the time it gives each.
std::vector<std::pair<std::string, Millis>> keys_of(const std::string& by, const JournalLine& l) {
  const PlayRecord& r = *l.play;
  std::vector<std::pair<std::string, Millis>> out;
  if (by == "sponsor") {
    for (const SponsorShown& s : r.sponsors)
      if (s.visible.count() > 0) out.emplace_back(s.name, s.visible);
  } else if (by == "slide") {
    out.emplace_back(r.slide, r.duration());
  } else if (by == "screen") {
    out.emplace_back(l.screen, r.duration());
  } else {
    for (const auto& tag : r.tags) out.emplace_back(tag, r.duration());
  }
  return out;
}

// ---- what the playlist promised -----------------------------------------------------------

using PerSponsor = std::map<std::string, Millis>;

struct ExpectedPlay {
  Instant start, end;  // on screen over [start, end)
  Instant turn_start;  // resolve's slide_start
  Millis duration;     // the moment's duration the painter pages by
  const Slide* slide;
};

// The pure timeline of `show` over [from, to): no operator, no edit, never dark. The
// rotation starts over at each venue midnight, so a turn never runs past one.
std::vector<ExpectedPlay> expected_plays(const Show& show, Instant from, Instant to) {
  std::vector<ExpectedPlay> out;
  const auto* zone = show.zone ? show.zone : date::locate_zone("UTC");
  for (Instant t = from; t < to;) {
    const Frame f = resolve(show, t);
    const Instant midnight = zone->to_sys(date::local_seconds{venue_day(zone, t) + date::days{1}},
                                          date::choose::earliest);
    if (f.slide < 0) {
      t = std::min(to, t + 1s);  // idle: look again a second later
      continue;
    }
    const Instant end = std::min({f.slide_end, Instant(midnight), to});
    out.push_back({t, end, f.slide_start, f.incoming.duration,
                   &show.slides[static_cast<std::size_t>(f.slide)]});
    t = std::max(end, t + 1ms);
  }
  return out;
}

class Promise {
 public:
  Promise(const Show& show, double width, double height) : show_(show) {
    screen_ = {0, 0, width > 0 ? width : kVirtualShortSide * 16 / 9,
               height > 0 ? height : kVirtualShortSide};
  }
  void plan(Instant from, Instant to) { plays_ = expected_plays(show_, from, to); }
  // Every sponsor the planned plays put on screen.
  std::set<std::string> sponsors() const {
    std::set<std::string> out;
    for (const ExpectedPlay& p : plays_)
      if (const auto* kind = std::get_if<SponsorsSlide>(&p.slide->content))
        for (const Sponsor* s : kind->sponsors_in_order()) out.insert(s->name);
    return out;
  }
  // Where `sponsor` is on screen in each planned play: the middle of its first stretch
  // on screen (a page of a wall, a spotlight's turn), when the page is settled and no
  // fade is half-way.
  struct Moment {
    Instant at;
    const Slide* slide;
  };
  std::vector<Moment> moments_of(const std::string& sponsor) {
    std::vector<Moment> out;
    for (const ExpectedPlay& p : plays_) {
      const auto* kind = std::get_if<SponsorsSlide>(&p.slide->content);
      if (!kind) continue;
      const auto order = kind->sponsors_in_order();
      const auto it = std::find_if(order.begin(), order.end(),
                                   [&](const Sponsor* s) { return s->name == sponsor; });
      if (it == order.end()) continue;
      const auto index = static_cast<std::size_t>(it - order.begin());
      const auto shown_in = [&](Instant t) {
        std::vector<Millis> ms(order.size(), Millis{0});
        const Instant b = std::min(p.end, t + 1s);
        kind->add_shown(wall(*kind), t - p.turn_start, b - p.turn_start, p.duration, ms);
        return ms[index].count() > 0;
      };
      Instant first = p.start;
      while (first < p.end && !shown_in(first)) first += 1s;
      if (first >= p.end) continue;
      Instant last = first;
      while (last + 1s < p.end && shown_in(last + 1s)) last += 1s;
      out.push_back({first + (last + 1s - first) / 2, p.slide});
    }
    return out;
  }
  // Each sponsor's time on screen over [from, to), as promised.
  PerSponsor shown(Instant from, Instant to, std::size_t* plays = nullptr) {
    PerSponsor out;
    auto it = std::lower_bound(plays_.begin(), plays_.end(), from,
                               [](const ExpectedPlay& p, Instant t) { return p.end <= t; });
    for (; it != plays_.end() && it->start < to; ++it) {
      const auto* kind = std::get_if<SponsorsSlide>(&it->slide->content);
      if (!kind) continue;
      const Instant a = std::max(from, it->start), b = std::min(to, it->end);
      if (b <= a) continue;
      std::vector<Millis> ms(kind->sponsors_in_order().size(), Millis{0});
      kind->add_shown(wall(*kind), a - it->turn_start, b - it->turn_start, it->duration, ms);
      const auto sponsors = kind->sponsors_in_order();
      bool any = false;
      for (std::size_t i = 0; i < ms.size(); ++i)
        if (ms[i].count() > 0) {
          out[sponsors[i]->name] += ms[i];
          any = true;
        }
      if (plays && any && it->start >= from) ++*plays;
    }
    return out;
  }

 private:
  const SponsorWall& wall(const SponsorsSlide& kind) {
    auto [it, fresh] = walls_.try_emplace(&kind);
    if (fresh && kind.spotlight.count() == 0)
      it->second =
          lay_out_sponsor_wall(kind, config::probe_logo_aspects(kind), show_.theme, screen_);
    return it->second;
  }
  const Show& show_;
  Rect screen_;
  std::vector<ExpectedPlay> plays_;
  std::map<const SponsorsSlide*, SponsorWall> walls_;
};

// ---- delivery: expected against actual, every difference with its reason ------------------

struct Reason {
  std::string category;  // outage, takeover, operator, edit, failed, unexplained
  std::string detail;
  bool operator<(const Reason& o) const {
    return std::tie(category, detail) < std::tie(o.category, o.detail);
  }
};

struct Delivery {
  Millis expected{0}, delivered{0};
  std::size_t expected_plays = 0;
  std::map<Reason, Millis> reasons;
};

struct Boundary {
  Instant at;
  Reason why;  // empty category: the rotation is as the playlist says
};

bool moves_rotation(const std::string& action) {
  return action == "step" || action == "goto" || action == "hold" || action == "resume";
}

void add_all(std::map<std::string, Delivery>& out, const PerSponsor& amounts, const Reason& why,
             int sign = 1) {
  for (const auto& [name, ms] : amounts)
    if (ms.count() != 0) out[name].reasons[why] += ms * sign;
}

// One screen's delivery over [from, to) against `promise`.
void deliver(const Screen& screen, const Show& expected, const date::time_zone* zone, Instant from,
             Instant to, std::map<std::string, Delivery>& out) {
  // Plays that straddle the window's edges are left out whole, and so is the time they
  // were on screen, so that nothing is counted by halves.
  for (const JournalLine* l : screen.plays) {
    const PlayRecord& r = *l->play;
    if (r.first_frame < from && r.off_air > from) from = r.off_air;
  }
  for (const JournalLine* l : screen.plays) {
    const PlayRecord& r = *l->play;
    if (r.first_frame < to && r.off_air > to) to = r.off_air;
  }
  if (to <= from) return;
  const double width = screen.runs.empty() ? 0 : screen.runs.front().width;
  const double height = screen.runs.empty() ? 0 : screen.runs.front().height;
  Promise promise(expected, width, height);
  promise.plan(from, to);

  const auto play_start_at = [&](Instant t) {
    for (const JournalLine* l : screen.plays)
      if (l->play->first_frame <= t && t < l->play->off_air) return l->play->first_frame;
    return t;
  };
  const auto at = [&](Instant t) { return clock_text(zone, t); };

  // The screen's own life: on while a run lasts, from its start to its last play.
  std::vector<std::pair<Instant, Instant>> on;
  for (const Run& run : screen.runs) {
    const Instant a = std::max(from, run.start), b = std::min(to, run.end);
    if (b > a) on.emplace_back(a, b);
  }
  std::sort(on.begin(), on.end());
  Instant cursor = from;
  const auto outage = [&](Instant a, Instant b) {
    if (b <= a) return;
    std::string why =
        "the screen was off or frozen " + at(a) + "\xE2\x80\x93" + at(b) + " on " + screen.name;
    for (const Run& run : screen.runs)
      if (run.end <= a && run.end >= a - 1s)
        why += run.stopped ? " (stopped: " + run.stop_reason + ")"
                           : " (no journal: a crash or power cut)";
    add_all(out, promise.shown(a, b), {"outage", why});
    for (auto& [name, ms] : promise.shown(a, b)) out[name].expected += ms;
  };
  for (const auto& [a, b] : on) {
    outage(cursor, a);
    cursor = std::max(cursor, b);
  }
  outage(cursor, to);

  for (const auto& [on_from, on_to] : on) {
    const Run* run = nullptr;
    for (const Run& r : screen.runs)
      if (r.start <= on_from && on_from <= r.end) run = &r;
    std::string revision = run ? run->revision : std::string{};
    // While another revision than the playlist's is on air, what it changed and what the
    // operators did since cannot be told apart: it is all put down to that edit.
    std::string edit;
    const auto reset = [&](Instant t, const char* what) -> Boundary {
      edit.clear();
      if (!revision.empty() && revision != expected.revision) {
        edit = "revision " + revision + " on air " + std::string(what) + " " + at(t) + " on " +
               screen.name + " (the playlist given is " + expected.revision + ")";
        return {t, {"edit", edit}};
      }
      if (run && run->operator_events > 0 && t == on_from)
        return {t,
                {"operator", "operator log replayed when " + screen.name + " started at " + at(t)}};
      return {t, {}};
    };
    std::vector<Boundary> bounds{reset(on_from, "from")};
    // Midnights start the rotation over; operator events and edits move it.
    std::vector<const JournalLine*> events;
    for (const JournalLine* l : screen.lines)
      if (l->at > on_from && l->at < on_to &&
          ((l->type == "operator" && moves_rotation(l->action)) || l->type == "swap"))
        events.push_back(l);
    std::stable_sort(events.begin(), events.end(),
                     [](const JournalLine* a, const JournalLine* b) { return a->at < b->at; });
    auto next_midnight = [&](Instant t) {
      return Instant(zone->to_sys(date::local_seconds{venue_day(zone, t) + date::days{1}},
                                  date::choose::earliest));
    };
    std::size_t e = 0;
    for (Instant m = next_midnight(on_from);; m = next_midnight(m)) {
      const Instant until = std::min(m, on_to);
      for (; e < events.size() && events[e]->at < until; ++e) {
        const JournalLine& l = *events[e];
        const std::string operated =
            l.detail + " at " + at(l.at) + " on " + screen.name + " (" + l.source + ")";
        if (l.type == "swap") {
          revision = l.revision;
          const std::string label = "edit at " + at(l.at) + " on " + screen.name + " (revision " +
                                    l.previous + " \xE2\x86\x92 " + l.revision + ")";
          edit = revision == expected.revision ? std::string{} : label;
          bounds.push_back({play_start_at(l.at), {"edit", label}});
        } else if (!edit.empty()) {
          bounds.push_back({play_start_at(l.at), {"edit", edit + ", then " + operated}});
        } else {
          bounds.push_back({play_start_at(l.at), {"operator", operated}});
        }
      }
      if (m >= on_to) break;
      bounds.push_back(reset(m, "from"));
    }
    std::stable_sort(bounds.begin(), bounds.end(),
                     [](const Boundary& a, const Boundary& b) { return a.at < b.at; });
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      const Instant a = bounds[i].at;
      const Instant b = i + 1 < bounds.size() ? bounds[i + 1].at : on_to;
      if (b <= a) continue;
      PerSponsor promised = promise.shown(a, b);
      PerSponsor residual = promised;
      for (const JournalLine* l : screen.plays) {
        const PlayRecord& r = *l->play;
        if (r.first_frame < a || r.first_frame >= b) continue;
        for (const SponsorShown& s : r.sponsors) {
          out[s.name].delivered += s.visible;
          residual[s.name] -= s.visible + s.covered + s.failed;
          if (s.covered.count())
            out[s.name].reasons[{"takeover", "takeover " + joined(r.takeovers, ", ") + " over " +
                                                 r.slide + " on " + screen.name}] += s.covered;
          if (s.failed.count())
            out[s.name].reasons[{"failed", r.slide + " showed a placeholder on " + screen.name}] +=
                s.failed;
        }
      }
      for (const auto& [name, ms] : promised) {
        out[name].expected += ms;
      }
      const Reason why =
          bounds[i].why.category.empty()
              ? Reason{"unexplained", "the rotation differs from the playlist's on " + screen.name +
                                          " " + at(a) + "\xE2\x80\x93" + at(b)}
              : bounds[i].why;
      add_all(out, residual, why);
    }
  }
}

// ---- output ---------------------------------------------------------------------------------

std::optional<Show> load_expected(const std::string& playlist, std::ostream& err) {
  auto loaded = config::load_show(playlist);
  for (const auto& d : loaded.diagnostics) err << format(d) << '\n';
  if (!loaded.ok()) return std::nullopt;
  return std::move(loaded.show);
}

std::vector<fs::path> journal_files(const std::vector<std::string>& given, std::ostream& err) {
  std::vector<fs::path> files;
  for (const auto& g : given) {
    std::error_code ec;
    if (fs::is_directory(g, ec)) {
      std::vector<fs::path> inside;
      for (const auto& entry : fs::directory_iterator(g, ec))
        if (entry.path().extension() == ".jsonl") inside.push_back(entry.path());
      std::sort(inside.begin(), inside.end());
      files.insert(files.end(), inside.begin(), inside.end());
    } else if (fs::exists(g, ec)) {
      files.emplace_back(g);
    } else {
      err << "marquee report: " << g << ": no such file or folder\n";
    }
  }
  return files;
}

// `--sheet`: the expected timeline's moments of one sponsor over the window (the journals'
// own span when none is given), each thumbnail captioned with its first scheduled time. Its
// one line of news goes to `err`, so that --json and --csv stay whole.
int sponsor_sheet(const ReportCommand& command, const Show& expected,
                  const std::map<std::string, Screen>& screens, const date::time_zone* zone,
                  Instant from, Instant until, std::ostream& err) {
  if (from == Instant::min() || until == Instant::max()) {
    Instant first = Instant::max(), last = Instant::min();
    for (const auto& [name, screen] : screens)
      for (const Run& run : screen.runs) {
        first = std::min(first, run.start);
        last = std::max(last, run.end);
      }
    if (from == Instant::min()) from = first;
    if (until == Instant::max()) until = last;
  }
  if (until <= from) {
    err << "marquee report: the journals span no time, so the sheet has no window; give "
           "--day or --from and --until\n";
    return 2;
  }
  Promise promise(expected, 0, 0);
  promise.plan(from, until);
  const auto moments = promise.moments_of(command.sponsor);
  if (moments.empty()) {
    const auto names = promise.sponsors();
    const auto near =
        config::suggest(command.sponsor, std::vector<std::string>(names.begin(), names.end()));
    err << "marquee report: " << command.expected << " puts no sponsor '" << command.sponsor
        << "' on screen " << days_text(zone, from, until - 1ms)
        << (near ? "; did you mean '" + *near + "'?" : std::string{}) << '\n';
    return 1;
  }
  // A day holds hundreds of plays: a dozen, evenly through the window, first and last
  // among them, show what the sponsor got at every hour.
  constexpr std::size_t kCards = 12;
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < std::min(kCards, moments.size()); ++i)
    chosen.push_back(moments.size() <= kCards ? i : i * (moments.size() - 1) / (kCards - 1));
  backends::SheetPage page;
  page.title = command.sponsor;
  page.meta = "on " + expected.file.filename().string() + " \xC2\xB7 " +
              days_text(zone, from, until - 1ms) + " \xC2\xB7 " +
              plural(moments.size(), "scheduled play", "scheduled plays") +
              (chosen.size() < moments.size() ? ", " + std::to_string(chosen.size()) + " shown"
                                              : std::string{});
  for (const std::size_t i : chosen) {
    const auto& m = moments[i];
    page.cards.push_back({resolve(expected, m.at), clock_text(zone, m.at),
                          "\xC2\xB7 " + m.slide->id + " \xC2\xB7 play " + std::to_string(i + 1)});
  }
  std::string error;
  backends::SdlSystem sdl(backends::SdlSystem::Video::none);
  if (!backends::render_sheet(expected, page, 1920, 1080, command.sheet, &error)) {
    err << "marquee report: cannot write " << command.sheet << ": " << error << '\n';
    return 1;
  }
  err << "sheet: " << command.sheet << " (" << chosen.size() << " of "
      << plural(moments.size(), "scheduled play", "scheduled plays") << " of " << command.sponsor
      << ")\n";
  return 0;
}

}  // namespace

CLI::App* add_report_command(CLI::App& cli, ReportCommand& command) {
  auto* report = cli.add_subcommand(
      "report", "Proof of play from play journals: on-air time per sponsor, slide, screen or tag");
  report->add_option("JOURNAL", command.journals, "journal files (.jsonl) or folders of them")
      ->required();
  report->add_option("--by", command.by, "what to sum by")
      ->check(CLI::IsMember({"sponsor", "slide", "screen", "tag"}));
  auto* from = report->add_option("--from", command.from,
                                  "start, e.g. 2024-09-18T08:00 (venue time) or with Z/+hh:mm");
  auto* until = report->add_option("--until", command.until, "end (exclusive)");
  report->add_option("--day", command.day, "one venue day, e.g. 2024-09-18")
      ->excludes(from)
      ->excludes(until);
  auto* csv = report->add_flag("--csv", command.csv,
                               "one row per play, Xibo's proof-of-play columns first");
  report->add_flag("--json", command.json, "the report as JSON")->excludes(csv);
  report->add_option("--expected", command.expected,
                     "a playlist: delivery per sponsor against its pure timeline, every "
                     "shortfall explained");
  auto* sheet = report->add_option(
      "--sheet", command.sheet,
      "with --expected and --sponsor: a PNG contact sheet of the sponsor's slides at their "
      "scheduled instants");
  report->add_option("--sponsor", command.sponsor, "the sponsor the sheet is of")->needs(sheet);
  report->add_flag("--verify", command.verify,
                   "check the journals' hash chain and say where it breaks");
  return report;
}

int run_report(const ReportCommand& command, std::ostream& out, std::ostream& err) {
  const auto files = journal_files(command.journals, err);
  if (files.empty()) {
    err << "marquee report: no journal files given\n";
    return 2;
  }
  const backends::JournalRead read = backends::read_journals(files);
  for (const auto& problem : read.problems) err << problem << '\n';

  if (command.verify) {
    const backends::ChainCheck check = backends::verify_chain(read.lines);
    for (const auto& line : check.summary) out << line << '\n';
    for (const auto& line : check.breaks) out << line << '\n';
    if (!read.problems.empty()) {
      out << read.problems.size() << " line(s) could not be read: the chain cannot be checked "
          << "there\n";
      return 1;
    }
    out << (check.ok() ? "verified: every line is as written, and none is missing\n"
                       : "NOT verified: the journal was changed after it was written\n");
    return check.ok() ? 0 : 1;
  }

  if (!command.sheet.empty() && (command.expected.empty() || command.sponsor.empty())) {
    err << "marquee report: --sheet needs --expected PLAYLIST and --sponsor NAME\n";
    return 2;
  }
  std::optional<Show> expected;
  if (!command.expected.empty()) {
    expected = load_expected(command.expected, err);
    if (!expected) return 1;
  }
  const date::time_zone* zone = date::locate_zone("UTC");
  if (expected && expected->zone) {
    zone = expected->zone;
  } else {
    for (const JournalLine& l : read.lines)
      if (l.type == "started" && !l.timezone.empty()) {
        try {
          zone = date::locate_zone(l.timezone);
        } catch (const std::exception&) {
        }
        break;
      }
  }
  Instant from = Instant::min(), until = Instant::max();
  if (!command.day.empty()) {
    const auto start = config::parse_moment(command.day + "T00:00:00", zone);
    if (!start) {
      err << "marquee report: cannot read --day '" << command.day
          << "'; write it like 2024-09-18\n";
      return 2;
    }
    from = *start;
    until = Instant(zone->to_sys(date::local_seconds{venue_day(zone, from) + date::days{1}},
                                 date::choose::earliest));
  }
  for (const auto& [text, target] : {std::pair{&command.from, &from}, {&command.until, &until}}) {
    if (text->empty()) continue;
    const auto t = config::parse_moment(*text, zone);
    if (!t) {
      err << "marquee report: cannot read '" << *text
          << "'; write it like 2024-09-18T08:00:00 (venue time) or 2024-09-18T15:00:00Z\n";
      return 2;
    }
    *target = *t;
  }

  const auto screens = by_screen(read.lines);
  std::map<std::string, Sum> sums;
  std::vector<const JournalLine*> plays;
  for (const auto& [name, screen] : screens)
    for (const JournalLine* l : screen.plays)
      if (l->play->first_frame >= from && l->play->first_frame < until) {
        plays.push_back(l);
        for (const auto& [key, ms] : keys_of(command.by, *l))
          sums[key].add(ms, l->screen, *l->play);
      }
  std::vector<std::pair<std::string, const Sum*>> rows;
  for (const auto& [key, sum] : sums) rows.emplace_back(key, &sum);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second->on_air > b.second->on_air;
  });

  std::map<std::string, Delivery> delivery;
  if (expected) {
    for (const auto& [name, screen] : screens) {
      Instant a = from, b = until;
      if (a == Instant::min() || b == Instant::max()) {
        // Without a window, the screen's own first and last lines bound it.
        Instant first = Instant::max(), last = Instant::min();
        for (const Run& run : screen.runs) {
          first = std::min(first, run.start);
          last = std::max(last, run.end);
        }
        if (a == Instant::min()) a = first;
        if (b == Instant::max()) b = last;
      }
      deliver(screen, *expected, zone, a, b, delivery);
    }
  }

  if (!command.sheet.empty()) {
    const int made = sponsor_sheet(command, *expected, screens, zone, from, until, err);
    if (made != 0) return made;
  }

  if (command.json) {
    Json j;
    j["by"] = command.by;
    if (from != Instant::min()) j["from"] = backends::utc_text(from);
    if (until != Instant::max()) j["until"] = backends::utc_text(until);
    j["plays"] = plays.size();
    Json list = Json::array();
    for (const auto& [key, sum] : rows)
      list.push_back({{"name", key},
                      {"on_air_ms", sum->on_air.count()},
                      {"plays", sum->plays},
                      {"screens", sum->screens},
                      {"first", backends::utc_text(sum->first)},
                      {"last", backends::utc_text(sum->last)}});
    j["rows"] = std::move(list);
    if (expected) {
      Json d = Json::array();
      for (const auto& [name, del] : delivery) {
        Json reasons = Json::array();
        Millis explained{0};
        for (const auto& [why, ms] : del.reasons) {
          if (ms.count() == 0) continue;
          reasons.push_back(
              {{"category", why.category}, {"detail", why.detail}, {"ms", ms.count()}});
          explained += ms;
        }
        const Millis shortfall = del.expected - del.delivered;
        d.push_back({{"sponsor", name},
                     {"expected_ms", del.expected.count()},
                     {"delivered_ms", del.delivered.count()},
                     {"shortfall_ms", shortfall.count()},
                     {"explained_ms", explained.count()},
                     {"percent", del.expected.count() > 0
                                     ? 100.0 * static_cast<double>(del.delivered.count()) /
                                           static_cast<double>(del.expected.count())
                                     : 0.0},
                     {"reasons", std::move(reasons)}});
      }
      j["expected"] = {{"playlist", command.expected},
                       {"revision", expected->revision},
                       {"sponsors", std::move(d)}};
    }
    out << j.dump(2) << '\n';
  } else if (command.csv) {
    // Xibo's proof-of-play export columns, as its CMS writes them, then marquee's own.
    out << "Stat Date,Type,FromDT,ToDT,Layout,Display,Media,Tag,Duration,Count,"
           "Sponsor,Outcome,Cut By,Takeovers,Duration (ms),FromDT (UTC),ToDT (UTC),"
           "Scheduled From (UTC),Scheduled To (UTC),Play ID,Revision\n";
    for (const JournalLine* l : plays) {
      const PlayRecord& r = *l->play;
      std::string layout;
      for (const auto& [name, screen] : screens)
        for (const Run& run : screen.runs)
          if (run.id == l->run) layout = fs::path(run.playlist).stem().string();
      const auto row = [&](const std::string& sponsor, const std::string& tag, Millis ms) {
        const std::vector<std::string> cells = {
            xibo_time(zone, r.off_air),
            "media",
            xibo_time(zone, r.first_frame),
            xibo_time(zone, r.off_air),
            layout,
            l->screen,
            r.slide,
            tag,
            std::to_string(std::llround(static_cast<double>(ms.count()) / 1000.0)),
            "1",
            sponsor,
            outcome_name(r.outcome),
            r.cut_by,
            joined(r.takeovers),
            std::to_string(ms.count()),
            backends::utc_text(r.first_frame),
            backends::utc_text(r.off_air),
            backends::utc_text(r.scheduled_start),
            r.scheduled_end == Instant::max() ? "" : backends::utc_text(r.scheduled_end),
            l->play_id,
            r.revision};
        std::string line;
        for (const auto& cell : cells) line += (line.empty() ? "" : ",") + csv_field(cell);
        out << line << '\n';
      };
      if (command.by == "sponsor") {
        for (const SponsorShown& s : r.sponsors)
          if (s.visible.count() > 0) row(s.name, joined(r.tags), s.visible);
      } else if (command.by == "tag") {
        for (const auto& tag : r.tags) row("", tag, r.duration());
      } else {
        row("", joined(r.tags), r.duration());
      }
    }
  } else {
    if (rows.empty())
      out << "No plays in the journals given"
          << (from != Instant::min() || until != Instant::max() ? " for that time" : "") << ".\n";
    for (const auto& [key, sum] : rows)
      out << key << ": " << span_text(sum->on_air) << ", " << plural(sum->plays, "play", "plays")
          << " on " << plural(sum->screens.size(), "screen", "screens") << ", "
          << days_text(zone, sum->first, sum->last) << '\n';
    if (expected) {
      out << "\nDelivery against " << command.expected << " (revision " << expected->revision
          << "), " << plural(screens.size(), "screen", "screens") << ":\n";
      for (const auto& [name, del] : delivery) {
        const Millis shortfall = del.expected - del.delivered;
        out << name << ": ";
        if (del.expected.count() > 0) {
          std::ostringstream pct;
          pct.setf(std::ios::fixed);
          pct.precision(1);
          pct << 100.0 * static_cast<double>(del.delivered.count()) /
                     static_cast<double>(del.expected.count());
          out << pct.str() << "% (" << span_text(del.delivered) << " of " << span_text(del.expected)
              << ")";
        } else {
          out << span_text(del.delivered) << " (none promised)";
        }
        out << (shortfall.count() > 0   ? ", " + span_text(shortfall) + " short"
                : shortfall.count() < 0 ? ", " + span_text(-shortfall) + " more than promised"
                                        : ", in full")
            << '\n';
        for (const auto& [why, ms] : del.reasons)
          if (ms.count() != 0)
            out << "  " << (ms.count() > 0 ? "" : "+") << span_text(ms.count() > 0 ? ms : -ms)
                << (ms.count() > 0 ? " lost: " : " gained: ") << why.category << ": " << why.detail
                << '\n';
      }
    }
  }
  return 0;
}

}  // namespace marquee::app
