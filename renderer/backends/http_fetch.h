// One HTTP(S) GET with cpp-httplib: redirects followed (not a 304), the body streamed to the
// caller, at most so many bytes, and a failure said in words. Schedules and content bundles use it.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee::backends {

struct HttpGet {
  std::string url;  // http:// or https:// (checked against the system's CAs)
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{10'000};  // to connect, and between bytes of the answer
  std::size_t max_bytes = 16 << 20;           // a larger body is refused
  // Gets the final answer's body piece by piece (not a redirect's); false stops the fetch.
  std::function<bool(std::string_view piece)> body;
};

struct HttpAnswer {
  int status = 0;     // 0: no answer; `error` says why
  std::string error;  // "cannot connect", "the answer broke off, or did not come within …"
  bool too_large = false;
  std::string reason, etag, last_modified;  // the final answer's
};

HttpAnswer http_get(const HttpGet& request);

}  // namespace marquee::backends
