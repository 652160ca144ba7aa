// Test helper: plays a demo playlist through Player::tick on a fake clock from FROM to UNTIL with
// the play journal on, and the day's script of edits, operator input and a takeover. With
// --mark-at it prints one byte once the clock passes that instant and slows to real time,
// so a test can kill it there with SIGKILL as a power cut or a crash would.
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <thread>

#include "../hand_fed.h"
#include "app/play_journal.h"
#include "app/player.h"
#include "backends/offscreen.h"
#include "backends/sdl_system.h"
#include "config/loader.h"
#include "config/moment.h"

namespace {

using namespace marquee;
using namespace std::chrono_literals;

using marquee::testing::HandFed;

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The day's script, in venue time: an operator skipping a slide, a hold, a five-minute
// takeover, an edit that halves the Diamond wall's turn, and the edit taken back.
struct Step {
  const char* at;
  enum { edit, revert, next, hold, resume, takeover } what;
};
constexpr Step kScript[] = {
    {"2024-09-18T10:15:03", Step::next},   {"2024-09-18T11:00:00", Step::hold},
    {"2024-09-18T11:02:30", Step::resume}, {"2024-09-18T14:00:00", Step::takeover},
    {"2024-09-18T15:00:00", Step::edit},   {"2024-09-18T16:00:00", Step::revert},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"journal_day: a day of a playlist with the play journal on"};
  std::string playlist, dir, from_text, until_text, mark_text;
  cli.add_option("PLAYLIST", playlist)->required();
  cli.add_option("STATE_DIR", dir)->required();
  cli.add_option("FROM", from_text)->required();
  cli.add_option("UNTIL", until_text)->required();
  cli.add_option("--mark-at", mark_text);
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::err);

  auto original = config::load_show(playlist);
  if (!original.ok()) return 1;
  const auto key = std::filesystem::absolute(playlist).lexically_normal();
  std::string edited_text = slurp(playlist);
  const auto at = edited_text.find("duration: 12s");
  if (at == std::string::npos) return 1;
  edited_text.replace(at, 13, "duration: 6s ");
  const auto edited = config::load_show_from_sources(playlist, {{key, edited_text}});
  if (!edited.ok()) return 1;

  const auto* zone = original.show->zone;
  const auto moment = [&](const std::string& text) { return *config::parse_moment(text, zone); };
  const Instant from = moment(from_text), until = moment(until_text);
  const Instant mark = mark_text.empty() ? Instant::max() : moment(mark_text);

  // A restarted player loads what is on disk: the edit, if it was saved and not taken back.
  bool edit_on_disk = false;
  for (const Step& s : kScript)
    if (moment(s.at) < from && (s.what == Step::edit || s.what == Step::revert))
      edit_on_disk = s.what == Step::edit;

  backends::SdlSystem sdl(backends::SdlSystem::Video::optional);
  if (!sdl.ok()) return 1;
  backends::OffscreenCanvas picture(192, 108);
  if (!picture.ok()) return 1;
  HandFed feed(edit_on_disk ? *edited.show : *original.show);
  app::Player player(picture.canvas(), feed, nullptr);
  backends::Journal::Options options;
  options.dir = dir;
  app::PlayJournal journal(options, picture.canvas());

  std::size_t next_step = 0;
  while (next_step < std::size(kScript) && moment(kScript[next_step].at) < from) ++next_step;
  bool marked = false;
  for (Instant t = from; t < until;) {
    while (next_step < std::size(kScript) && moment(kScript[next_step].at) <= t) {
      const Step& s = kScript[next_step++];
      const Instant when = moment(s.at);
      switch (s.what) {
        case Step::edit:
          feed.swap_in(*edited.show);
          break;
        case Step::revert:
          feed.swap_in(*original.show);
          break;
        case Step::next:
          player.operate(StepAction{1}, when, "key");
          break;
        case Step::hold:
          player.operate(HoldAction{}, when, "http 127.0.0.1");
          break;
        case Step::resume:
          player.operate(ResumeAction{}, when, "http 127.0.0.1");
          break;
        case Step::takeover: {
          TakeoverAction drill;
          drill.id = "fire-drill";
          drill.title = "Fire drill";
          drill.text = "Please leave the hall by the nearest exit";
          drill.style = TakeoverStyle::emergency;
          drill.duration = Millis{5min};
          player.operate(drill, when, "http 127.0.0.1");
          break;
        }
      }
    }
    // A film decodes in real time while this clock races: give the deck up to half a second
    // of it to show a picture, as a screen's pre-roll would, before the frame counts.
    const auto tick_at = [&](Instant when) {
      app::Player::Tick tick = player.tick(when);
      for (int i = 0; i < 50 && tick.painted.incoming_stood_in && player.videos(); ++i) {
        std::this_thread::sleep_for(10ms);
        tick = player.tick(when);
      }
      journal.observe(player, tick);
      return tick;
    };
    const app::Player::Tick tick = tick_at(t);
    // Mid-transition, then the next slide or the next scripted step, whichever comes first.
    Instant next = tick.frame.held ? t + 5s : tick.frame.slide_end;
    if (next_step < std::size(kScript)) next = std::min(next, moment(kScript[next_step].at));
    for (const Millis offset : {Millis{400}}) {
      const Instant sub = t + offset;
      if (sub >= next || sub >= until) break;
      tick_at(sub);
    }
    if (!marked && t >= mark) {
      marked = true;
      if (::write(STDOUT_FILENO, "k", 1) != 1) return 1;
    }
    if (marked) {
      // The kill lands while this runs, within ten minutes of playlist time of the mark
      // however slow the killer is: then the clock stops until it comes.
      std::this_thread::sleep_for(20ms);
      for (int waited = 0; t >= mark + 10min; ++waited) {
        if (waited == 300) return 3;  // nobody came in 30 s: the test fails, it does not hang
        std::this_thread::sleep_for(100ms);
      }
    }
    t = std::max(next, t + 1ms);
  }
  journal.stop(until, "end of the test day");
  return 0;
}
