// Fetching schedules against a cpp-httplib server on 127.0.0.1 started by each test: ETags, errors,
// timeouts, truncation, the copy on disk.
#include <gtest/gtest.h>

#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "backends/schedule_source.h"
#include "http_test_server.h"
#include "scratch_dir.h"

namespace marquee::backends {
namespace {

using testing::TestServer;

using namespace std::chrono_literals;
using Outcome = SchedulePoll::Outcome;

std::string schedule_xml(const std::string& title) {
  return "<?xml version='1.0'?>\n<schedule>\n<conference><title>" + title +
         "</title><time_zone_name>Europe/Berlin</time_zone_name></conference>\n"
         "<day date='2024-07-01'><room name='Saal 1'>\n"
         "<event id='1' guid='a'><date>2024-07-01T10:00:00+02:00</date><duration>00:30</duration>"
         "<room>Saal 1</room><title>First</title></event>\n"
         "<event id='2' guid='b'><date>2024-07-01T11:00:00+02:00</date><duration>00:30</duration>"
         "<room>Saal 1</room><title>Second</title></event>\n"
         "</room></day>\n</schedule>\n";
}

// What the source logs, captured without touching spdlog's global registry.
struct Log {
  std::ostringstream text;
  std::shared_ptr<spdlog::logger> logger;
  Log() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text);
    sink->set_pattern("%l %v");
    logger = std::make_shared<spdlog::logger>("schedule-test", sink);
    logger->set_level(spdlog::level::debug);
  }
  std::string str() const { return text.str(); }
};

struct Fixture {
  testing::ScratchDir dir{"schedule-source"};
  Log log;
  ScheduleSourceOptions options(const std::string& location) {
    ScheduleSourceOptions o;
    o.location = location;
    o.cache_dir = dir / "state";
    o.timeout = 300ms;
    o.log = log.logger;
    return o;
  }
};

// Serves version `title` with its ETag, and 304 to a client that has it.
TestServer::Answer versioned(const std::string* title) {
  return [title](const httplib::Request& req, httplib::Response& res) {
    const std::string etag = "\"" + *title + "\"";
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_header("ETag", etag);
    res.set_content(schedule_xml(*title), "application/xml");
  };
}

TEST(ScheduleSource, AnEtagIsSentBackAndA304CostsNoParse) {
  Fixture f;
  std::string title = "v1";
  TestServer server(versioned(&title));
  ScheduleSource source(f.options(server.url()));
  EXPECT_EQ(source.schedule(), nullptr);

  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  ASSERT_NE(source.schedule(), nullptr);
  EXPECT_EQ(source.schedule()->title, "v1");
  EXPECT_EQ(source.parses(), 1);
  const auto first = source.schedule();

  const auto again = source.poll();
  EXPECT_EQ(again.outcome, Outcome::unchanged);
  EXPECT_EQ(again.why, "not modified");
  EXPECT_EQ(server.if_none_match(), "\"v1\"");
  EXPECT_EQ(source.parses(), 1);        // the 304 was not parsed
  EXPECT_EQ(source.schedule(), first);  // nor swapped
  title = "v2";
  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  EXPECT_EQ(source.schedule()->title, "v2");
  EXPECT_EQ(source.parses(), 2);
  EXPECT_EQ(server.requests(), 3);
  EXPECT_NE(f.log.str().find("info schedule " + server.url() + ": loaded 2 events (frab XML)"),
            std::string::npos)
      << f.log.str();
}

TEST(ScheduleSource, LastModifiedIsSentBackAsIfModifiedSince) {
  Fixture f;
  TestServer server([](const httplib::Request& req, httplib::Response& res) {
    const std::string stamp = "Mon, 01 Jul 2024 08:00:00 GMT";
    if (req.get_header_value("If-Modified-Since") == stamp) {
      res.status = 304;
      return;
    }
    res.set_header("Last-Modified", stamp);
    res.set_content(schedule_xml("lm"), "application/xml");
  });
  ScheduleSource source(f.options(server.url()));
  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  EXPECT_EQ(source.poll().outcome, Outcome::unchanged);
  EXPECT_EQ(server.if_modified_since(), "Mon, 01 Jul 2024 08:00:00 GMT");
  EXPECT_EQ(source.parses(), 1);
}

TEST(ScheduleSource, TheSameAnswerWithoutEtagOrDateCostsNoParseAndNoNewCopy) {
  Fixture f;
  TestServer server([](const httplib::Request&, httplib::Response& res) {
    res.set_content(schedule_xml("same"), "application/xml");
  });
  ScheduleSource source(f.options(server.url()));
  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  const auto written = std::filesystem::last_write_time(source.cache_file());
  const auto again = source.poll();
  EXPECT_EQ(again.outcome, Outcome::unchanged);
  EXPECT_EQ(again.why, "not modified (the same content)");
  EXPECT_EQ(source.parses(), 1);
  // A screen watching the copy would reload on a rewrite.
  EXPECT_EQ(std::filesystem::last_write_time(source.cache_file()), written);
}

TEST(ScheduleSource, FollowsARedirect) {
  Fixture f;
  std::string title = "moved";
  TestServer target(versioned(&title));
  TestServer old([&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect(target.url(), 301);
  });
  ScheduleSource source(f.options(old.url()));
  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  EXPECT_EQ(source.poll().outcome, Outcome::unchanged);  // the ETag goes along
  EXPECT_EQ(source.schedule()->title, "moved");
  EXPECT_EQ(target.requests(), 2);
}

// The first answer is good; the rest come from `then`.
TestServer::Answer good_then(TestServer::Answer then) {
  auto served = std::make_shared<int>(0);
  return [served, then](const httplib::Request& req, httplib::Response& res) {
    if ((*served)++ == 0)
      res.set_content(schedule_xml("good"), "application/xml");
    else
      then(req, res);
  };
}

// Polls twice: a good schedule, then whatever the server does; the good one must stay.
SchedulePoll second_poll_keeps_the_first(Fixture& f, TestServer& server) {
  ScheduleSource source(f.options(server.url()));
  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  const auto good = source.schedule();
  const auto second = source.poll();
  EXPECT_EQ(second.outcome, Outcome::failed);
  EXPECT_EQ(source.schedule(), good);
  EXPECT_EQ(source.schedule()->title, "good");
  EXPECT_NE(f.log.str().find("warning schedule " + server.url() + ": " + second.why),
            std::string::npos)
      << f.log.str();
  return second;
}

TEST(ScheduleSource, A500KeepsTheLastGoodSchedule) {
  Fixture f;
  TestServer server(good_then([](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content("<html>oops</html>", "text/html");
  }));
  const auto poll = second_poll_keeps_the_first(f, server);
  EXPECT_EQ(poll.why, "HTTP 500 Internal Server Error; keeping the last good schedule");
}

TEST(ScheduleSource, ATimeoutKeepsTheLastGoodScheduleAndIsBounded) {
  Fixture f;
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  TestServer server(good_then([&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(mutex);
    released.wait_for(lock, 3s, [&] { return release; });  // far past the client's 300 ms
    res.set_content(schedule_xml("late"), "application/xml");
  }));
  const auto start = std::chrono::steady_clock::now();
  const auto poll = second_poll_keeps_the_first(f, server);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(poll.why,
            "the answer broke off, or did not come within 300 ms; keeping the last good schedule");
  EXPECT_LT(took, 2s);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  released.notify_all();
}

TEST(ScheduleSource, ABodyCutShortKeepsTheLastGoodSchedule) {
  Fixture f;
  const std::string whole = schedule_xml("cut");
  // The connection drops halfway through the promised Content-Length.
  TestServer server(good_then([whole](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(whole.size(), "application/xml",
                             [whole](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                               if (offset > 0) return false;
                               sink.write(whole.data(), whole.size() / 2);
                               return true;
                             });
  }));
  const auto poll = second_poll_keeps_the_first(f, server);
  EXPECT_EQ(poll.why,
            "the answer broke off, or did not come within 300 ms; keeping the last good schedule");
}

TEST(ScheduleSource, AHalfDocumentServedWholeKeepsTheLastGoodSchedule) {
  Fixture f;
  const std::string half = schedule_xml("cut").substr(0, 200);
  TestServer server(good_then([half](const httplib::Request&, httplib::Response& res) {
    res.set_content(half, "application/xml");
  }));
  const auto poll = second_poll_keeps_the_first(f, server);
  EXPECT_EQ(poll.why.rfind("not a valid schedule (" + server.url() + ":5:", 0), 0u) << poll.why;
  EXPECT_NE(poll.why.find("error: XML: "), std::string::npos) << poll.why;
}

TEST(ScheduleSource, ValidXmlOfTheWrongKindKeepsTheLastGoodSchedule) {
  Fixture f;
  TestServer server(good_then([](const httplib::Request&, httplib::Response& res) {
    res.set_content("<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>\n",
                    "application/rss+xml");
  }));
  const auto poll = second_poll_keeps_the_first(f, server);
  EXPECT_EQ(poll.why, "not a valid schedule (" + server.url() +
                          ":2:1: error: valid XML, but not a frab schedule: the root element is "
                          "<rss>, not <schedule>); keeping the last good schedule");
}

TEST(ScheduleSource, TheCopyOnDiskCarriesAScreenThroughARestartWithoutNetwork) {
  Fixture f;
  std::string title = "kept";
  auto server = std::make_unique<TestServer>(versioned(&title));
  const std::string url = server->url();
  {
    ScheduleSource source(f.options(url));
    ASSERT_EQ(source.poll().outcome, Outcome::updated);
    EXPECT_TRUE(std::filesystem::exists(source.cache_file()));
  }
  // Restarted while the server still runs: the copy is current, so the server says 304.
  {
    ScheduleSource source(f.options(url));
    ASSERT_NE(source.schedule(), nullptr);
    EXPECT_EQ(source.poll().outcome, Outcome::unchanged);
    EXPECT_EQ(server->if_none_match(), "\"kept\"");
    EXPECT_EQ(source.parses(), 0);
  }
  server->stop();
  // Restarted with the network gone: the copy is on screen before any poll, and stays.
  ScheduleSource source(f.options(url));
  ASSERT_NE(source.schedule(), nullptr);
  EXPECT_EQ(source.schedule()->title, "kept");
  const auto poll = source.poll();
  EXPECT_EQ(poll.outcome, Outcome::failed);
  EXPECT_EQ(poll.why, "cannot connect; keeping the last good schedule");
  EXPECT_EQ(source.schedule()->title, "kept");
  // No temporary files are left beside the copy.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(f.dir / "state")) {
    ++files;
    EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
  }
  EXPECT_EQ(files, 2);  // the body and its ETag
}

TEST(ScheduleSource, ALocalFileIsReadWhenItChangesAndABrokenSaveIsRefused) {
  Fixture f;
  const auto file = f.dir / "schedule.xml";
  const auto write = [&](const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    // File times have coarse steps on some file systems; make each save visibly new.
    static auto stamp = std::filesystem::file_time_type::clock::now();
    stamp += 2s;
    std::filesystem::last_write_time(file, stamp);
  };
  write(schedule_xml("one"));
  ScheduleSource source(f.options(file.string()));
  EXPECT_FALSE(source.is_url());
  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  EXPECT_EQ(source.poll().outcome, Outcome::unchanged);
  EXPECT_EQ(source.parses(), 1);
  write("<schedule><day date='2024-07-01'>");
  const auto broken = source.poll();
  EXPECT_EQ(broken.outcome, Outcome::failed);
  EXPECT_EQ(source.schedule()->title, "one");
  EXPECT_EQ(source.poll().outcome, Outcome::unchanged);  // reported once, not every poll
  write(schedule_xml("two"));
  EXPECT_EQ(source.poll().outcome, Outcome::updated);
  EXPECT_EQ(source.schedule()->title, "two");
  std::filesystem::remove(file);
  EXPECT_EQ(source.poll().outcome, Outcome::failed);
  EXPECT_EQ(source.schedule()->title, "two");
}

TEST(SchedulePoller, PollsOnItsOwnThreadAndStopsWhenDestroyed) {
  Fixture f;
  std::string title = "polled";
  TestServer server(versioned(&title));
  ScheduleSource source(f.options(server.url()));
  const auto start = std::chrono::steady_clock::now();
  {
    SchedulePoller poller(source, 20ms);
    for (int i = 0; i < 200 && poller.polls() < 3; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_GE(poller.polls(), 3);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  ASSERT_NE(source.schedule(), nullptr);
  EXPECT_EQ(source.schedule()->title, "polled");
  EXPECT_EQ(source.parses(), 1);  // one 200, then 304s
  const int after = server.requests();
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(server.requests(), after);  // nothing polls once the poller is gone
}

}  // namespace
}  // namespace marquee::backends
