// Test helper: content bundles served over HTTP on 127.0.0.1 (cpp-httplib), and one download
// that breaks off, for the fleet's tests and bench.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace marquee::testing {

// Bundles served on 127.0.0.1: /NAME answers what was put under NAME; /cut promises more
// than it sends and breaks off.
class BundleServer {
 public:
  BundleServer() {
    server_.Get("/cut", [](const httplib::Request&, httplib::Response& res) {
      res.set_content_provider(1'000'000, "application/gzip",
                               [](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset > 0) return false;  // breaks off
                                 const std::string piece(1000, 'x');
                                 sink.write(piece.data(), piece.size());
                                 return true;
                               });
    });
    server_.Get(R"(/([\w.-]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      ++requests_;
      const auto found = files_.find(req.matches[1]);
      if (found == files_.end()) {
        res.status = 404;
        return;
      }
      res.set_content(found->second, "application/gzip");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~BundleServer() {
    server_.stop();
    thread_.join();
  }
  // Serves `bytes` as /NAME; its URL.
  std::string put(const std::string& name, std::string bytes) {
    std::lock_guard lock(mutex_);
    files_[name] = std::move(bytes);
    return url(name);
  }
  std::string url(const std::string& name) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + name;
  }
  int requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> files_;
  int requests_ = 0;
};

}  // namespace marquee::testing
