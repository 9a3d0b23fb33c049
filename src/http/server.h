#pragma once

// The HTTP/1.1 server (with optional TLS) that puts a Router on the network. The HTTP
// library stays inside server.cpp; callers see only project types.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "core/error.h"
#include "http/router.h"

namespace opennrm::http {

struct ServerOptions {
  // "host:port" to listen on; IPv6 as "[::1]:8080". Port 0 lets the system pick a free port,
  // which Server::port() then tells.
  std::string listen = "127.0.0.1:8080";
  // A request line plus header fields larger than this gets 431.
  size_t max_header_bytes = 16 * 1024;
  // A body larger than this gets 413, before the body is read when Content-Length says so.
  size_t max_body_bytes = 1024 * 1024;
  // Once a request's first byte has arrived, the whole request must arrive within this time.
  std::chrono::milliseconds read_timeout{10'000};
  // A kept-alive connection waiting for its next request (or a new one for its first) is
  // closed after this long.
  std::chrono::milliseconds idle_timeout{30'000};
  // A response the client does not take within this time ends the connection.
  std::chrono::milliseconds write_timeout{30'000};
  // stop() lets requests in flight finish for at most this long, then closes what remains.
  std::chrono::milliseconds shutdown_grace{10'000};
  // Connections beyond this many are answered 503 and closed (over TLS, closed at once).
  size_t max_connections = 256;
  // Threads that run connections and handlers: twice the cores, since handlers still block on
  // the database's reads and writes and on password hashes (a case read's wait for its audit
  // commit takes no thread, see http/hold.h). Measured on two cores: 4 threads gave the best
  // p99 of case reads at 32 connections (8 threads: a quarter slower, from switching).
  unsigned threads = std::max(2u, 2 * std::thread::hardware_concurrency());
  // PEM files; when both are given the server speaks only HTTPS.
  std::string tls_cert;
  std::string tls_key;
};

class Server {
 public:
  // Binds, then serves on background threads until stop(). Besides the router's routes, the
  // server itself answers GET /healthz with 200 {"status":"ok"}, before any middleware, so
  // that probes need no credentials. Errors: "invalid_option" (field names the option),
  // "listen_failed" (field "listen"), "tls_invalid" (field "tls_cert" or "tls_key").
  static ErrorOr<std::unique_ptr<Server>> start(ServerOptions options, Router router);
  // Stops the server (see stop()).
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port actually bound, useful when the options asked for port 0.
  uint16_t port() const;
  bool is_tls() const;

  // Stops accepting, closes idle connections, lets requests in flight finish and answers them
  // with Connection: close, then returns. After options.shutdown_grace it closes the remaining
  // connections; it still waits for a handler that is running to return. Safe to call more
  // than once and from any thread except one running a handler of this server.
  void stop();
  // Blocks until the server has stopped, by stop() on another thread or by a signal.
  void wait();
  // Makes SIGTERM and SIGINT start the same graceful stop; the thread in wait() then returns.
  void stop_on_signals();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace opennrm::http
