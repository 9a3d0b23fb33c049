#include "test_client.h"

#include <array>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace opennrm::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace wire = boost::beast::http;
using boost::system::error_code;

template <typename Operation>
error_code TestClient::run(std::chrono::milliseconds deadline, Operation operation) {
  error_code result = asio::error::would_block;
  auto done = [&result](error_code error, auto&&...) { result = error; };
  if (tls_) {
    beast::get_lowest_layer(*tls_).expires_after(deadline);
    operation(*tls_, done);
  } else {
    plain_->expires_after(deadline);
    operation(*plain_, done);
  }
  io_.restart();
  io_.run();
  return result;
}

TestClient::TestClient(uint16_t port, bool tls, std::chrono::milliseconds deadline)
    : deadline_(deadline) {
  asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  if (tls) {
    ssl_context_.set_verify_mode(asio::ssl::verify_none);
    tls_.emplace(io_, ssl_context_);
    beast::get_lowest_layer(*tls_).connect(server);
    run(deadline_, [](auto& stream, auto done) {
      // Only the TLS stream is ever passed here; the plain one merely has to compile.
      if constexpr (requires { stream.next_layer(); }) {
        stream.async_handshake(asio::ssl::stream_base::client, done);
      }
    });
  } else {
    plain_.emplace(io_);
    plain_->connect(server);
  }
}

bool TestClient::send_raw(std::string_view bytes) {
  return !run(deadline_, [bytes](auto& stream, auto done) {
    asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), done);
  });
}

std::optional<Reply> TestClient::read_reply(bool head) {
  wire::response_parser<wire::string_body> parser;
  parser.skip(head);
  parser.body_limit(64 * 1024 * 1024);
  if (run(deadline_,
          [&](auto& stream, auto done) { wire::async_read(stream, buffer_, parser, done); })) {
    return std::nullopt;
  }
  return parser.release();
}

std::optional<Reply> TestClient::request(std::string_view method, std::string_view target,
                                         std::string body, const HeaderList& headers) {
  wire::request<wire::string_body> message;
  message.method_string(method);
  message.target(target);
  message.version(11);
  message.set(wire::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) message.set(name, value);
  message.body() = std::move(body);
  message.prepare_payload();
  if (run(deadline_, [&](auto& stream, auto done) { wire::async_write(stream, message, done); })) {
    return std::nullopt;
  }
  return read_reply();
}

bool TestClient::closed_by_server(std::chrono::milliseconds within) {
  std::array<char, 4096> scratch;
  for (;;) {
    error_code error = run(within, [&](auto& stream, auto done) {
      stream.async_read_some(asio::buffer(scratch), done);
    });
    if (error == beast::error::timeout) return false;
    if (error) return true;
  }
}

}  // namespace opennrm::http::testing
