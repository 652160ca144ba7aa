// OSC over UDP: datagrams (messages, or bundles of them) to table commands; each answered to its
// sender on /marquee/reply, wrong types included.
#include "control/osc_server.h"

#include <arpa/inet.h>
#include <lo/lo_lowlevel.h>
#include <netdb.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "control/token.h"

namespace marquee::control {
namespace {

using nlohmann::json;

constexpr std::string_view kPrefix = "/marquee/";
constexpr std::size_t kLargestDatagram = 64 * 1024;

std::string address_text(const sockaddr_storage& from) {
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (from.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&from);
    inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    port = ntohs(a->sin_port);
  } else if (from.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&from);
    inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
    port = ntohs(a->sin6_port);
  }
  return std::string(host) + ":" + std::to_string(port);
}

// One OSC argument as JSON, or nullopt for a type marquee does not read. OSC aligns arguments
// to 4 bytes and lo_arg's union wants 8, so each is read as bytes, never through the union.
std::optional<json> value_of(char type, const lo_arg* arg) {
  const auto* bytes = reinterpret_cast<const char*>(arg);
  const auto read = [bytes](auto value) {
    std::memcpy(&value, bytes, sizeof value);
    return value;
  };
  switch (type) {
    case LO_STRING:
    case LO_SYMBOL:
      return json(std::string(bytes));
    case LO_INT32:
      return json(read(std::int32_t{}));
    case LO_INT64:
      return json(static_cast<long long>(read(std::int64_t{})));
    case LO_FLOAT:
      return json(static_cast<double>(read(float{})));
    case LO_DOUBLE:
      return json(read(double{}));
    case LO_TRUE:
      return json(true);
    case LO_FALSE:
      return json(false);
    case LO_NIL:
      return json(nullptr);
    default:
      return std::nullopt;
  }
}

std::uint32_t big_endian_32(const char* p) {
  std::uint32_t v = 0;
  std::memcpy(&v, p, 4);
  return ntohl(v);
}

}  // namespace

OscServer::OscServer(OperatorDesk& desk, std::optional<std::string> token)
    : desk_(desk), token_(std::move(token)) {}

OscServer::~OscServer() {
  stop();
}

bool OscServer::start(const std::string& host, int port, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    if (error) *error = "cannot listen for OSC on " + host + ": " + gai_strerror(rc);
    return false;
  }
  std::string why = "no address";
  for (const addrinfo* a = found; a && socket_ < 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0) {
      socket_ = fd;
    } else {
      why = std::strerror(errno);
      ::close(fd);
    }
  }
  freeaddrinfo(found);
  if (socket_ < 0) {
    if (error) *error = "cannot listen for OSC on " + host + ":" + service + " (UDP): " + why;
    return false;
  }
  sockaddr_storage bound{};
  socklen_t size = sizeof bound;
  getsockname(socket_, reinterpret_cast<sockaddr*>(&bound), &size);
  port_ = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                      : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  thread_ = std::thread([this] { serve(); });
  spdlog::info("control: OSC on {}:{} (UDP)", host, port_);
  return true;
}

void OscServer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (socket_ >= 0) ::close(socket_);
  socket_ = -1;
}

void OscServer::serve() {
  std::vector<char> buffer(kLargestDatagram);
  while (!stopping_) {
    pollfd p{socket_, POLLIN, 0};
    // Short waits keep stop() prompt.
    if (::poll(&p, 1, 100) <= 0) continue;
    sockaddr_storage from{};
    socklen_t from_size = sizeof from;
    const ssize_t n = ::recvfrom(socket_, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &from_size);
    if (n <= 0) continue;
    answer_datagram(buffer.data(), static_cast<std::size_t>(n), &from, from_size);
  }
}

void OscServer::answer_datagram(const char* data, std::size_t size, const void* from_address,
                                unsigned from_size) {
  const auto& from = *static_cast<const sockaddr_storage*>(from_address);
  const std::string source = "osc " + address_text(from);

  // A bundle's elements are answered one by one, at once: a screen has no use for
  // time tags.
  if (size >= 16 && std::memcmp(data, "#bundle", 8) == 0) {
    for (std::size_t at = 16; at + 4 <= size;) {
      const std::uint32_t length = big_endian_32(data + at);
      if (length == 0 || length > size - at - 4) break;
      answer_datagram(data + at + 4, length, from_address, from_size);
      at += 4 + length;
    }
    return;
  }

  std::string command = "?";
  Answer answer;
  bool submitted = false;  // the desk has logged it
  int result = 0;
  lo_message message = lo_message_deserialise(const_cast<char*>(data), size, &result);
  const char* path =
      message ? lo_get_path(const_cast<char*>(data), static_cast<ssize_t>(size)) : nullptr;
  if (!message || !path) {
    answer = {.ok = false,
              .rev = desk_.log()->revision,
              .error = "not an OSC message (liblo error " + std::to_string(result) + ")",
              .status = 400};
  } else if (!std::string_view(path).starts_with(kPrefix)) {
    answer = {.ok = false,
              .rev = desk_.log()->revision,
              .error = "marquee's addresses start with /marquee/, got '" + std::string(path) + "'",
              .status = 404};
  } else {
    command = std::string(path).substr(kPrefix.size());
    const char* types = lo_message_get_types(message);
    lo_arg** argv = lo_message_get_argv(message);
    const int argc = lo_message_get_argc(message);
    std::vector<json> values;
    std::string problem;
    for (int i = 0; i < argc && problem.empty(); ++i) {
      auto value = value_of(types[i], argv[i]);
      if (!value)
        problem = "argument " + std::to_string(i + 1) + " has OSC type '" + types[i] +
                  "', which marquee does not read; send s, i, f or d";
      else
        values.push_back(std::move(*value));
    }
    if (!problem.empty()) {
      answer = {.ok = false, .rev = desk_.log()->revision, .error = problem, .status = 422};
    } else if (token_ && (values.empty() || !values.front().is_string() ||
                          !same_secret(values.front().get_ref<const std::string&>(), *token_))) {
      answer = {.ok = false,
                .rev = desk_.log()->revision,
                .error = values.empty() || !values.front().is_string()
                             ? "this screen needs a token as the first argument"
                             : "wrong token",
                .status = 401};
    } else {
      if (token_) values.erase(values.begin());
      const Command* table_entry = find_command(command);
      if (!table_entry) {
        answer = desk_.submit(command, json::object(), source);  // 404, with a did-you-mean
        submitted = true;
      } else {
        auto arguments = osc_arguments(*table_entry, values);
        if (auto* wrong = std::get_if<Problem>(&arguments))
          answer = {.ok = false,
                    .rev = desk_.log()->revision,
                    .error = wrong->message,
                    .status = wrong->status};
        else
          answer = desk_.submit(command, std::get<json>(arguments), source);
        submitted = !std::holds_alternative<Problem>(arguments);
      }
    }
  }
  if (message) lo_message_free(message);
  if (!answer.ok && !submitted)
    spdlog::warn("operator: refused OSC {} from {}: {}", command, source, answer.error);

  lo_message reply = lo_message_new();
  lo_message_add_string(reply, command.c_str());
  lo_message_add_int32(reply, answer.ok ? 1 : 0);
  lo_message_add_int64(reply, static_cast<int64_t>(answer.rev));
  lo_message_add_string(reply, answer.ok ? "" : answer.error.c_str());
  if (answer.state.is_object()) lo_message_add_string(reply, answer.state.dump().c_str());
  std::size_t length = 0;
  void* bytes = lo_message_serialise(reply, "/marquee/reply", nullptr, &length);
  if (bytes) {
    ::sendto(socket_, bytes, length, 0, reinterpret_cast<const sockaddr*>(&from), from_size);
    std::free(bytes);
  }
  lo_message_free(reply);
}

}  // namespace marquee::control
