// http_get: cpp-httplib's Get with marquee's own redirect loop and words for its errors.
#include "backends/http_fetch.h"

#include <httplib.h>

#include "config/state_files.h"

namespace marquee::backends {
namespace {

// "Read" and "Connection" are httplib's words; these say what happened.
std::string fetch_failure(httplib::Error error, std::chrono::milliseconds timeout) {
  const std::string within = " within " + std::to_string(timeout.count()) + " ms";
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect";
    case httplib::Error::ConnectionTimeout:
      return "no connection" + within;
    case httplib::Error::Read:
      return "the answer broke off, or did not come" + within;
    case httplib::Error::Write:
      return "the request could not be sent";
    case httplib::Error::ExceedRedirectCount:
      return "too many redirects";
    case httplib::Error::SSLConnection:
      return "the TLS handshake failed";
    case httplib::Error::SSLLoadingCerts:
      return "cannot load the system's CA certificates";
    case httplib::Error::SSLServerVerification:
      return "the server's certificate is not trusted";
    case httplib::Error::Compression:
      return "the compressed answer cannot be unpacked";
    case httplib::Error::Canceled:
      return "the fetch was stopped";
    default:
      return "HTTP error (" + httplib::to_string(error) + ")";
  }
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

HttpAnswer http_get(const HttpGet& request) {
  httplib::Headers headers{{"User-Agent", "marquee/0.1 (conference signage)"}};
  for (const auto& [name, value] : request.headers) headers.emplace(name, value);

  // Redirects are followed here: httplib 0.11's follow_location takes a 304 for one.
  std::string url = request.url;
  for (int hop = 0; hop < 5; ++hop) {
    HttpAnswer answer;
    if (!config::is_url(url)) {
      answer.error = "cannot use the URL " + url;
      return answer;
    }
    const auto authority_end = url.find('/', url.find("://") + 3);
    const std::string origin = url.substr(0, authority_end);
    const std::string path = authority_end == std::string::npos ? "/" : url.substr(authority_end);
    httplib::Client client(origin);
    if (!client.is_valid()) {
      answer.error = "cannot use the URL " + url;
      return answer;
    }
    client.set_connection_timeout(request.timeout);
    client.set_read_timeout(request.timeout);
    client.set_write_timeout(request.timeout);

    std::size_t received = 0;
    bool redirect = false, stopped = false;
    const auto result = client.Get(
        path, headers,
        [&](const httplib::Response& response) {
          redirect = is_redirect(response.status);
          return true;
        },
        [&](const char* data, std::size_t length) {
          if (redirect) return true;  // a redirect's own body is not the answer
          received += length;
          if (received > request.max_bytes) {
            answer.too_large = true;
            return false;
          }
          if (request.body && !request.body({data, length})) {
            stopped = true;
            return false;
          }
          return true;
        });
    if (answer.too_large) {
      answer.error = "the answer is over " + std::to_string(request.max_bytes >> 20) + " MB";
      return answer;
    }
    if (stopped) {
      answer.error = "the fetch was stopped";
      return answer;
    }
    if (!result) {
      answer.error = fetch_failure(result.error(), request.timeout);
      return answer;
    }
    const std::string location = result->get_header_value("Location");
    if (is_redirect(result->status) && !location.empty()) {
      url = config::is_url(location) ? location
                                     : origin + (location.front() == '/' ? "" : "/") + location;
      continue;
    }
    answer.status = result->status;
    answer.reason = result->reason;
    answer.etag = result->get_header_value("ETag");
    answer.last_modified = result->get_header_value("Last-Modified");
    return answer;
  }
  HttpAnswer answer;
  answer.error = "too many redirects";
  return answer;
}

}  // namespace marquee::backends
