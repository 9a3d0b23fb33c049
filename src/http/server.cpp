#include "http/server.h"

// This is the only translation unit that sees Boost.Beast and Asio. Each connection is one
// coroutine on its own strand; handlers run inline on the server's threads.

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/core/demangle.hpp>

#include "http/compression.h"
#include "http/security_headers.h"

namespace opennrm::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace wire = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

// Completion token that reports errors as values, so that a closed connection is not an
// exception.
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// How long a connection that ends after an error keeps reading and discarding what the
// client still sends, so that the kernel does not reset the connection before the client has
// read the error response.
constexpr std::chrono::milliseconds kDrainTime{1000};
// How long a TLS connection waits for the client's close_notify when it ends.
constexpr std::chrono::milliseconds kTlsShutdownTime{1000};
// How much the read that ends a connection's idle wait takes at most.
constexpr size_t kFirstReadBytes = 4096;
// Pause after a failed accept (e.g. out of file descriptors) before trying again.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

using PlainStream = beast::tcp_stream;
using RequestParser = wire::request_parser<wire::string_body>;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The handle through which stop() reaches a connection. Only touched on the connection's
// strand, except `executor`, which never changes.
struct ConnectionControl {
  asio::any_io_executor executor;
  // True while a request is being read, handled or answered.
  bool busy = false;
  // Closes the connection's socket; empty once the connection has ended.
  std::function<void()> close;
};

// Why reading a request failed, and what the client is told.
struct ReadFailure {
  int status = 0;  // 0: the connection just closes (client left, timeout, shutdown).
  const char* code = "";
  const char* message = "";
};

ReadFailure classify(const error_code& error) {
  if (error == wire::error::header_limit) {
    return {431, "header_too_large", "The request header is too large."};
  }
  if (error == wire::error::body_limit) {
    return {413, "body_too_large", "The request body is too large."};
  }
  bool parse_error = error.category() == wire::make_error_code(wire::error::bad_target).category();
  if (parse_error && error != wire::error::end_of_stream && error != wire::error::partial_message) {
    return {400, "bad_request", "The request is not valid HTTP."};
  }
  return {};
}

// Logs an exception that ended a connection or the accept loop by its type only: messages
// can quote request data.
void log_failure(std::string_view what, std::exception_ptr failure) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& exception) {
    spdlog::error("http: {} ended by exception {}", what,
                  boost::core::demangle(typeid(exception).name()));
  } catch (...) {
    spdlog::error("http: {} ended by a non-standard exception", what);
  }
}

// A status outside 100-599 or a header that could split the response (a line break in a
// value, a name that is not an HTTP token) is a handler bug; the client gets a 500 instead.
bool is_sendable(const Response& response) {
  if (response.status < 100 || response.status > 599) {
    spdlog::error("http: a handler answered with status {}; answering 500", response.status);
    return false;
  }
  auto is_token_char = [](unsigned char c) {
    return c > 0x20 && c < 0x7f &&
           std::string_view("\"(),/:;<=>?@[\\]{}").find(static_cast<char>(c)) ==
               std::string_view::npos;
  };
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char) ||
        value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      spdlog::error("http: a handler set an ill-formed header; answering 500");
      return false;
    }
  }
  return true;
}

bool is_bodiless(bool head, int status) {
  return head || (status >= 100 && status < 200) || status == 204 || status == 304;
}

// What a held answer's coroutine waits on: a timer that never expires, cancelled on the
// connection's strand when the hold ends.
struct ReleaseWait {
  explicit ReleaseWait(const asio::any_io_executor& executor)
      : timer(executor, asio::steady_timer::time_point::max()) {}
  asio::steady_timer timer;
  bool sendable = false;
};

wire::response<wire::string_body> to_wire(Response response, unsigned version, bool bodiless) {
  wire::response<wire::string_body> message{static_cast<wire::status>(response.status), version};
  for (const auto& [name, value] : response.headers) {
    // Framing is the server's business; a handler's own values could contradict the body.
    if (equals_ignoring_case(name, "Content-Length") ||
        equals_ignoring_case(name, "Transfer-Encoding") ||
        equals_ignoring_case(name, "Connection")) {
      continue;
    }
    message.insert(name, value);
  }
  if (bodiless) {
    // HEAD answers announce the length of what GET would send, without sending it.
    if (response.status >= 200 && response.status != 204 && response.status != 304) {
      message.content_length(response.body.size());
    }
  } else {
    message.body() = std::move(response.body);
    message.prepare_payload();
  }
  return message;
}

// Splits "host:port" or "[v6]:port".
ErrorOr<tcp::endpoint> parse_listen(std::string_view listen) {
  Error invalid = Error::make(
      "invalid_option", "listen must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080.", "listen");
  size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) return invalid;
  std::string_view host = listen.substr(0, colon);
  std::string_view port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  uint16_t port = 0;
  auto [end, parse_error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || parse_error != std::errc() ||
      end != port_text.data() + port_text.size()) {
    return invalid;
  }
  error_code error;
  auto address = asio::ip::make_address(std::string(host), error);
  if (error) return invalid;
  return tcp::endpoint(address, port);
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Router router;
  bool tls = false;

  // Guards `connections`, `signals` and the writing of `stopping`.
  std::mutex mutex;
  std::unordered_map<uint64_t, std::shared_ptr<ConnectionControl>> connections;
  uint64_t next_connection_id = 0;
  std::atomic<bool> stopping{false};

  std::mutex threads_mutex;
  std::vector<std::thread> threads;

  // Release callbacks of held answers still running on other threads (the store's committer):
  // they post to this io_context, so it is not destroyed before they have returned.
  std::mutex releases_mutex;
  std::condition_variable releases_done;
  int releases_running = 0;

  std::optional<asio::ssl::context> ssl;
  uint16_t port = 0;

  // Declared after everything that connection coroutines use, so that coroutines still
  // pending when it is destroyed find those alive; the I/O objects below use it, so they
  // come after it and are destroyed before it.
  asio::io_context io;
  // Serialises the acceptor and the grace timer.
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(io)};
  tcp::acceptor acceptor{control};
  asio::signal_set signals{control};
  asio::steady_timer grace_timer{control};

  ErrorOr<void> configure_tls();
  ErrorOr<void> open_acceptor();
  asio::awaitable<void> accept_connections();
  asio::awaitable<void> reject_connection(tcp::socket socket);
  asio::awaitable<void> serve_connection(tcp::socket socket,
                                         std::shared_ptr<ConnectionControl> control, uint64_t id);
  template <typename Stream>
  asio::awaitable<void> serve_requests(Stream& stream, ConnectionControl& control,
                                       const std::string& remote_address);
  template <typename Stream>
  asio::awaitable<error_code> read_request(Stream& stream, beast::flat_buffer& buffer,
                                           RequestParser& parser, ConnectionControl& control);
  // A handler's answer to one request, framed, and what it waits for before it may leave.
  struct Answer {
    wire::response<wire::string_body> reply;
    std::shared_ptr<Hold> hold;
    bool head = false;
  };
  Answer answer(wire::request<wire::string_body> message, const std::string& remote_address);
  // Compresses the response when the client accepts it, adds the security headers and frames
  // it for the wire.
  wire::response<wire::string_body> frame(Response response, unsigned version, bool head,
                                          std::string_view accept_encoding) const;
  asio::awaitable<bool> wait_for_release(Hold& hold);
  template <typename Stream>
  asio::awaitable<void> send_error_and_drain(Stream& stream, int status, const char* code,
                                             const char* message);
  Response respond(Request& request);
  void connection_ended(uint64_t id);
  void begin_shutdown();
  void shut_down_now();
};

ErrorOr<void> Server::Impl::configure_tls() {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Error::make("invalid_option", "tls_cert and tls_key must be given together.",
                       options.tls_cert.empty() ? "tls_cert" : "tls_key");
  }
  tls = !options.tls_cert.empty();
  if (!tls) return {};
  ssl.emplace(asio::ssl::context::tls_server);
  ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  error_code error;
  ssl->use_certificate_chain_file(options.tls_cert, error);
  if (error) {
    return Error::make("tls_invalid", "Cannot use the TLS certificate file: " + error.message(),
                       "tls_cert");
  }
  ssl->use_private_key_file(options.tls_key, asio::ssl::context::pem, error);
  if (error) {
    return Error::make("tls_invalid", "Cannot use the TLS key file: " + error.message(), "tls_key");
  }
  return {};
}

ErrorOr<void> Server::Impl::open_acceptor() {
  tcp::endpoint endpoint = TRY(parse_listen(options.listen));
  error_code error;
  auto failed = [&](const char* step) {
    return Error::make(
        "listen_failed",
        std::string("Cannot ") + step + " " + options.listen + ": " + error.message(), "listen");
  };
  if (acceptor.open(endpoint.protocol(), error); error) return failed("open a socket for");
  if (acceptor.set_option(asio::socket_base::reuse_address(true), error); error) {
    return failed("configure");
  }
  if (acceptor.bind(endpoint, error); error) return failed("bind");
  if (acceptor.listen(asio::socket_base::max_listen_connections, error); error) {
    return failed("listen on");
  }
  port = acceptor.local_endpoint().port();
  return {};
}

asio::awaitable<void> Server::Impl::accept_connections() {
  asio::steady_timer retry{control};
  while (!stopping) {
    auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(io), nothrow);
    if (error == asio::error::operation_aborted || stopping) break;
    if (error) {
      spdlog::warn("http: accepting a connection failed: {}", error.message());
      retry.expires_after(kAcceptRetryDelay);
      co_await retry.async_wait(nothrow);
      continue;
    }
    auto control_handle = std::make_shared<ConnectionControl>();
    control_handle->executor = socket.get_executor();
    std::optional<uint64_t> id;
    {
      std::lock_guard lock(mutex);
      if (connections.size() < options.max_connections) {
        id = next_connection_id++;
        connections.emplace(*id, control_handle);
      }
    }
    auto executor = socket.get_executor();
    if (id) {
      asio::co_spawn(executor, serve_connection(std::move(socket), control_handle, *id),
                     [](std::exception_ptr failure) { log_failure("a connection", failure); });
    } else {
      asio::co_spawn(
          executor, reject_connection(std::move(socket)),
          [](std::exception_ptr failure) { log_failure("a refused connection", failure); });
    }
  }
}

asio::awaitable<void> Server::Impl::reject_connection(tcp::socket socket) {
  // Over TLS an answer would first cost a handshake, which is what an overloaded server
  // cannot afford; the connection is closed at once.
  if (tls) co_return;
  PlainStream stream(std::move(socket));
  co_await send_error_and_drain(stream, 503, "server_busy",
                                "The server has too many connections; try again shortly.");
}

asio::awaitable<void> Server::Impl::serve_connection(
    tcp::socket socket, std::shared_ptr<ConnectionControl> control_handle, uint64_t id) {
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto peer = socket.remote_endpoint(ignored);
  std::string remote_address = ignored ? std::string() : peer.address().to_string();
  try {
    if (tls) {
      TlsStream stream(std::move(socket), *ssl);
      control_handle->close = [&stream] { beast::get_lowest_layer(stream).close(); };
      beast::get_lowest_layer(stream).expires_after(options.read_timeout);
      auto [handshake_error] =
          co_await stream.async_handshake(asio::ssl::stream_base::server, nothrow);
      if (!handshake_error) {
        co_await serve_requests(stream, *control_handle, remote_address);
        if (beast::get_lowest_layer(stream).socket().is_open()) {
          beast::get_lowest_layer(stream).expires_after(kTlsShutdownTime);
          co_await stream.async_shutdown(nothrow);
        }
      }
      control_handle->close = nullptr;
    } else {
      PlainStream stream(std::move(socket));
      control_handle->close = [&stream] { stream.close(); };
      co_await serve_requests(stream, *control_handle, remote_address);
      control_handle->close = nullptr;
    }
  } catch (...) {
    control_handle->close = nullptr;
    log_failure("a connection", std::current_exception());
  }
  connection_ended(id);
}

template <typename Stream>
asio::awaitable<void> Server::Impl::serve_requests(Stream& stream,
                                                   ConnectionControl& control_handle,
                                                   const std::string& remote_address) {
  beast::flat_buffer buffer;
  while (!stopping) {
    RequestParser parser;
    parser.header_limit(static_cast<uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);
    error_code error = co_await read_request(stream, buffer, parser, control_handle);
    if (error) {
      ReadFailure failure = classify(error);
      if (failure.status != 0) {
        co_await send_error_and_drain(stream, failure.status, failure.code, failure.message);
      }
      co_return;
    }
    bool client_keeps_alive = parser.get().keep_alive();
    auto [reply, hold, head] = answer(parser.release(), remote_address);
    if (hold && !co_await wait_for_release(*hold)) {
      reply = frame(Response::internal_error(), reply.version(), head, {});
    }
    // Decided after the handler ran: a stop() meanwhile makes this the connection's last reply.
    bool keep_alive = client_keeps_alive && !stopping;
    reply.keep_alive(keep_alive);
    beast::get_lowest_layer(stream).expires_after(options.write_timeout);
    std::tie(error, std::ignore) = co_await wire::async_write(stream, reply, nothrow);
    control_handle.busy = false;
    if (error || !keep_alive) co_return;
  }
}

template <typename Stream>
asio::awaitable<error_code> Server::Impl::read_request(Stream& stream, beast::flat_buffer& buffer,
                                                       RequestParser& parser,
                                                       ConnectionControl& control_handle) {
  auto& socket_layer = beast::get_lowest_layer(stream);
  error_code error;
  if (buffer.size() == 0) {
    // Waiting for the first bytes of a request is idling; reading the rest is not. The parser
    // consumes nothing before a header is complete, so this first read goes to the buffer.
    socket_layer.expires_after(options.idle_timeout);
    size_t received = 0;
    std::tie(error, received) =
        co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), nothrow);
    buffer.commit(received);
    if (error) co_return error;
  }
  control_handle.busy = true;
  socket_layer.expires_after(options.read_timeout);
  std::tie(error, std::ignore) = co_await wire::async_read_header(stream, buffer, parser, nothrow);
  if (error || parser.is_done()) co_return error;
  // A client that asks first (curl does for large bodies) is told to go on; a body over the
  // limit has already been refused by its Content-Length.
  if (equals_ignoring_case(parser.get()[wire::field::expect], "100-continue")) {
    wire::response<wire::empty_body> proceed{wire::status::continue_, parser.get().version()};
    std::tie(error, std::ignore) = co_await wire::async_write(stream, proceed, nothrow);
    if (error) co_return error;
  }
  std::tie(error, std::ignore) = co_await wire::async_read(stream, buffer, parser, nothrow);
  co_return error;
}

Server::Impl::Answer Server::Impl::answer(wire::request<wire::string_body> message,
                                          const std::string& remote_address) {
  Headers headers;
  for (const auto& field : message) headers.add(field.name_string(), field.value());
  auto request = Request::make(std::string(message.method_string()), message.target(),
                               std::move(headers), std::move(message.body()), remote_address, tls);
  Response response = request ? respond(*request) : Response::error(400, request.error());
  if (!is_sendable(response)) {
    response = Response::internal_error();
  }
  bool head = request && request->method() == "HEAD";
  auto hold = std::move(response.hold);
  return Answer{
      frame(std::move(response), message.version(), head, message[wire::field::accept_encoding]),
      std::move(hold), head};
}

wire::response<wire::string_body> Server::Impl::frame(Response response, unsigned version,
                                                      bool head,
                                                      std::string_view accept_encoding) const {
  compress_if_accepted(accept_encoding, response);
  apply_security_headers(response, tls);
  bool bodiless = is_bodiless(head, response.status);
  return to_wire(std::move(response), version, bodiless);
}

// Waits, without taking a thread, until the hold is released; true when the answer may leave.
asio::awaitable<bool> Server::Impl::wait_for_release(Hold& hold) {
  auto executor = co_await asio::this_coro::executor;
  auto wait = std::make_shared<ReleaseWait>(executor);
  {
    std::lock_guard lock(releases_mutex);
    ++releases_running;
  }
  // The release is posted to this connection's strand, which runs it only after the wait below
  // has begun, even when the hold has already ended. The callback lets go of everything that
  // belongs to the io_context before it says it is done.
  hold.on_release([this, wait](bool sendable) mutable {
    {
      auto released = std::move(wait);
      auto strand = released->timer.get_executor();
      asio::post(strand, [released, sendable] {
        released->sendable = sendable;
        released->timer.cancel();
      });
    }
    std::lock_guard lock(releases_mutex);
    --releases_running;
    releases_done.notify_all();
  });
  co_await wait->timer.async_wait(nothrow);
  co_return wait->sendable;
}

template <typename Stream>
asio::awaitable<void> Server::Impl::send_error_and_drain(Stream& stream, int status,
                                                         const char* code, const char* message) {
  auto reply = frame(Response::error(status, code, message), 11, false, {});
  reply.keep_alive(false);
  auto& socket_layer = beast::get_lowest_layer(stream);
  socket_layer.expires_after(options.write_timeout);
  auto [write_error, written] = co_await wire::async_write(stream, reply, nothrow);
  if (write_error) co_return;
  socket_layer.expires_after(kDrainTime);
  std::array<char, 16 * 1024> discarded;
  for (;;) {
    auto [read_error, read] = co_await stream.async_read_some(asio::buffer(discarded), nothrow);
    if (read_error) break;
  }
}

Response Server::Impl::respond(Request& request) {
  if ((request.method() == "GET" || request.method() == "HEAD") && request.path() == "/healthz") {
    return Response::json(200, boost::json::object{{"status", "ok"}});
  }
  return router.handle(request);
}

void Server::Impl::connection_ended(uint64_t id) {
  std::lock_guard lock(mutex);
  connections.erase(id);
  if (stopping && connections.empty()) {
    asio::post(control, [this] { grace_timer.cancel(); });
  }
}

void Server::Impl::begin_shutdown() {
  asio::post(control, [this] {
    std::vector<std::shared_ptr<ConnectionControl>> open;
    {
      std::lock_guard lock(mutex);
      if (stopping) return;
      stopping = true;
      error_code ignored;
      signals.cancel(ignored);
      for (const auto& [id, handle] : connections) open.push_back(handle);
    }
    error_code ignored;
    acceptor.close(ignored);
    if (open.empty()) return;
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](error_code error) {
      if (!error) shut_down_now();
    });
    for (const auto& handle : open) {
      asio::post(handle->executor, [handle] {
        if (!handle->busy && handle->close) handle->close();
      });
    }
  });
}

void Server::Impl::shut_down_now() {
  std::lock_guard lock(mutex);
  spdlog::warn("http: {} connection(s) still open after the shutdown grace period; closing them",
               connections.size());
  for (const auto& [id, handle] : connections) {
    asio::post(handle->executor, [handle] {
      if (handle->close) handle->close();
    });
  }
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ErrorOr<std::unique_ptr<Server>> Server::start(ServerOptions options, Router router) {
  if (options.threads == 0) {
    return Error::make("invalid_option", "threads must be at least 1.", "threads");
  }
  if (options.max_connections == 0) {
    return Error::make("invalid_option", "max_connections must be at least 1.", "max_connections");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->router = std::move(router);
  TRY(impl->configure_tls());
  TRY(impl->open_acceptor());
  Impl& running = *impl;
  asio::co_spawn(running.control, running.accept_connections(),
                 [](std::exception_ptr failure) { log_failure("the accept loop", failure); });
  for (unsigned i = 0; i < running.options.threads; ++i) {
    running.threads.emplace_back([&running] { running.io.run(); });
  }
  spdlog::info("http: listening on port {}{}", running.port, running.tls ? " (TLS)" : "");
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::~Server() {
  stop();
}

uint16_t Server::port() const {
  return impl_->port;
}

bool Server::is_tls() const {
  return impl_->tls;
}

void Server::stop() {
  if (impl_->io.get_executor().running_in_this_thread()) {
    throw std::logic_error("Server::stop() called from one of the server's own threads");
  }
  impl_->begin_shutdown();
  wait();
}

void Server::wait() {
  std::lock_guard lock(impl_->threads_mutex);
  for (std::thread& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  std::unique_lock releases(impl_->releases_mutex);
  impl_->releases_done.wait(releases, [this] { return impl_->releases_running == 0; });
}

void Server::stop_on_signals() {
  // Installed before returning, so that a signal right after this call already stops
  // gracefully; the mutex keeps this apart from begin_shutdown() cancelling the wait.
  Impl& impl = *impl_;
  std::lock_guard lock(impl.mutex);
  if (impl.stopping) return;
  impl.signals.add(SIGINT);
  impl.signals.add(SIGTERM);
  impl.signals.async_wait([&impl](error_code error, int) {
    if (!error) impl.begin_shutdown();
  });
}

}  // namespace opennrm::http
