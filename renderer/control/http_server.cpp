// HTTP routes over the command table: POST for scripts, GET aliases for buttons, JSON answers,
// bearer tokens, 400/401/404/413/422 with the reason, and server-sent events.
#include "control/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "config/test_faults.h"
#include "control/token.h"

namespace marquee::control {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Followers keep a thread each, besides scripts and buttons; threads mostly sleep.
constexpr std::size_t kThreads = 32;
constexpr auto kScreenshotWait = 3000ms;
constexpr std::string_view kCommands = "/api/v1/";

void send(httplib::Response& res, const Answer& answer) {
  res.status = answer.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(answer.to_json().dump(), "application/json");
}

Answer refused(OperatorDesk& desk, int status, std::string error) {
  return {.ok = false, .rev = desk.log()->revision, .error = std::move(error), .status = status};
}

std::string source_of(const httplib::Request& req) {
  return "http " + req.remote_addr + ":" + std::to_string(req.remote_port);
}

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error …" reads
// "malformed JSON at line 1, column 9: syntax error …".
std::string json_reason(const json::parse_error& e) {
  std::string what = e.what();
  const std::string marker = "parse error at ";
  const auto at = what.find(marker);
  if (at != std::string::npos) what = what.substr(at + marker.size());
  return "malformed JSON at " + what;
}

std::string sse(const OperatorDesk::Event& e) {
  return "id: " + std::to_string(e.seq) + "\nevent: " + e.type + "\ndata: " + e.data.dump() +
         "\n\n";
}

}  // namespace

extern const std::string_view kConsoleHtml;  // console_html.cpp, made from console.html

std::string_view console_page() {
  return kConsoleHtml;
}

HttpServer::HttpServer(OperatorDesk& desk, std::optional<std::string> token)
    : desk_(desk), token_(std::move(token)), server_(std::make_unique<httplib::Server>()) {
  routes();
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::routes() {
  httplib::Server& s = *server_;
  s.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  s.set_payload_max_length(kLargestBody);
  s.set_keep_alive_timeout(5);
  s.set_read_timeout(5s);
  s.set_write_timeout(5s);
  // An answer is one small write; it should not wait for the client's delayed ACK.
  s.set_tcp_nodelay(true);

  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    using Handling = httplib::Server::HandlerResponse;
    // A wedged server, for the watchdog's test: every request holds its thread.
    while (wedge_at_ && std::chrono::steady_clock::now() >= *wedge_at_ && !stopping_)
      std::this_thread::sleep_for(50ms);
    if (!req.path.starts_with("/api/")) return Handling::Unhandled;
    if (token_) {
      const std::string header = req.get_header_value("Authorization");
      const std::string_view bearer = "Bearer ";
      const bool good = header.starts_with(bearer) &&
                        same_secret(std::string_view(header).substr(bearer.size()), *token_);
      if (!good) {
        spdlog::warn("operator: refused {} {} from {}: {}", req.method, req.path, source_of(req),
                     header.empty() ? "no token" : "wrong token");
        res.set_header("WWW-Authenticate", "Bearer");
        send(res, refused(desk_, 401,
                          header.empty() ? "this screen needs a token: Authorization: Bearer …"
                                         : "wrong token"));
        return Handling::Handled;
      }
    }
    // `curl -X POST …/next` sends no body and no length, which cpp-httplib refuses with a
    // 400 before routing: such a command has no arguments.
    if (req.method == "POST" && !req.has_header("Content-Length") &&
        !req.has_header("Transfer-Encoding") && req.path.starts_with(kCommands)) {
      const std::string name = req.path.substr(kCommands.size());
      if (name.find('/') == std::string::npos) {
        send(res, desk_.submit(name, json::object(), source_of(req)));
        return Handling::Handled;
      }
    }
    return Handling::Unhandled;
  });

  s.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::string(console_page()), "text/html; charset=utf-8");
  });
  s.Get("/api/v1/help", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(json{{"ok", true}, {"commands", help_json()}}.dump(), "application/json");
  });
  s.Get("/api/v1/screenshot.png", [this](const httplib::Request& req, httplib::Response& res) {
    int width = kScreenshotWidth;
    if (req.has_param("width")) {
      const std::string text = req.get_param_value("width");
      char* end = nullptr;
      const long asked = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || asked < 16 || asked > 3840) {
        Answer answer =
            refused(desk_, 422, "width must be a whole number from 16 to 3840, got '" + text + "'");
        answer.field = "width";
        send(res, answer);
        return;
      }
      width = static_cast<int>(asked);
    }
    const auto png = desk_.screenshot(width, kScreenshotWait);
    if (!png) {
      send(res, refused(desk_, 503, "the player did not draw the screenshot in time"));
      return;
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(*png, "image/png");
  });
  s.Get("/api/v1/events", [this](const httplib::Request& req, httplib::Response& res) {
    spdlog::info("operator: {} follows the events", source_of(req));
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");
    auto last = std::make_shared<std::optional<std::uint64_t>>();
    auto quiet = std::make_shared<int>(0);
    res.set_chunked_content_provider("text/event-stream",
                                     [this, last, quiet](std::size_t, httplib::DataSink& sink) {
                                       if (stopping_ || desk_.closed()) {
                                         sink.done();
                                         return true;
                                       }
                                       std::vector<OperatorDesk::Event> events;
                                       if (!*last) {
                                         events.push_back(desk_.state_event());
                                       } else {
                                         events = desk_.events_after(**last, 1000ms, stopping_);
                                       }
                                       if (events.empty()) {
                                         // A comment now and then finds a follower that has gone,
                                         // and keeps proxies open.
                                         if (++*quiet >= 15) {
                                           *quiet = 0;
                                           return sink.write(": still here\n\n", 14);
                                         }
                                         return sink.is_writable();
                                       }
                                       *quiet = 0;
                                       for (const auto& e : events) {
                                         const std::string text = sse(e);
                                         if (!sink.write(text.data(), text.size())) return false;
                                       }
                                       *last = events.back().seq;
                                       return true;
                                     });
  });

  const auto command = [this](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    json arguments = json::object();
    if (req.method == "POST") {
      if (!req.body.empty()) {
        try {
          arguments = json::parse(req.body);
        } catch (const json::parse_error& e) {
          spdlog::warn("operator: refused {} from {}: {}", name, source_of(req), json_reason(e));
          send(res, refused(desk_, 400, json_reason(e)));
          return;
        }
      }
    } else {
      for (const auto& [key, value] : req.params) arguments[key] = value;
    }
    send(res, desk_.submit(name, arguments, source_of(req)));
  };
  s.Post(R"(/api/v1/([^/]+))", command);
  s.Get(R"(/api/v1/([^/]+))", command);

  s.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      send(res, refused(desk_, 413,
                        "the body is larger than " + std::to_string(kLargestBody / 1024) + " KiB"));
    } else if (res.status == 404) {
      send(res, refused(desk_, 404,
                        "no such page: " + req.path +
                            "; commands are under /api/v1/, see /api/v1/help"));
    } else {
      send(res, refused(desk_, res.status, "cannot answer " + req.method + " " + req.path));
    }
  });
}

bool HttpServer::start(const std::string& host, int port, std::string* error) {
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
  } else if (server_->bind_to_port(host.c_str(), port)) {
    port_ = port;
  }
  if (port_ <= 0) {
    if (error)
      *error =
          "cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
    port_ = 0;
    return false;
  }
  if (const auto fault = config::injected_fault("control"))
    wedge_at_ = std::chrono::steady_clock::now() + *fault;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // A stop() before the server runs would be lost, and listen would never return.
  for (int i = 0; i < 500 && !server_->is_running(); ++i) std::this_thread::sleep_for(2ms);
  spdlog::info("control: HTTP on {}:{}", host, port_);
  return true;
}

void HttpServer::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  desk_.wake_followers();
  server_->stop();
  thread_.join();
}

}  // namespace marquee::control
