#pragma once

// A small blocking HTTP client for the server tests. Every operation has a deadline, so a
// misbehaving server fails a test instead of hanging it. It talks to 127.0.0.1 only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace opennrm::http::testing {

using Reply = boost::beast::http::response<boost::beast::http::string_body>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

class TestClient {
 public:
  // Connects to 127.0.0.1:port; with `tls` it also performs a TLS handshake (the test
  // certificate is self-signed, so it is not verified).
  explicit TestClient(uint16_t port, bool tls = false,
                      std::chrono::milliseconds deadline = std::chrono::seconds(5));

  // Sends one request on this connection and reads the reply; nullopt when the connection
  // ended instead.
  std::optional<Reply> request(std::string_view method, std::string_view target,
                               std::string body = {}, const HeaderList& headers = {});
  // Sends bytes as they are, for requests no well-behaved client would make.
  bool send_raw(std::string_view bytes);
  // Reads one reply (to a HEAD request when `head`: no body follows); nullopt when the
  // connection ended or the deadline passed.
  std::optional<Reply> read_reply(bool head = false);
  // True when the server closes the connection within `within` (reads until end of stream).
  // When it answers false the deadline has closed the connection on this side too.
  bool closed_by_server(std::chrono::milliseconds within);

 private:
  // Starts `operation(stream, handler)` on whichever stream this client uses and runs it to
  // completion or the deadline.
  template <typename Operation>
  boost::system::error_code run(std::chrono::milliseconds deadline, Operation operation);

  boost::asio::io_context io_;
  boost::asio::ssl::context ssl_context_{boost::asio::ssl::context::tls_client};
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
  boost::beast::flat_buffer buffer_;
  std::chrono::milliseconds deadline_;
};

}  // namespace opennrm::http::testing
