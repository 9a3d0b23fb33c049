#include "web/static_files.h"

#include <cstdint>
#include <map>
#include <string>

#include <fmt/format.h>

#include "web/assets.h"

namespace opennrm::web {

namespace {

// FNV-1a: a stable fingerprint of a file's content, enough to tell two builds' files apart.
std::string fingerprint(std::string_view content) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", hash);
}

std::string_view content_type(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  return "application/octet-stream";
}

http::Response serve(const http::Request& request) {
  std::string name(request.path_param("name"));
  auto content = find_asset("static/" + name);
  if (!content) return http::Response::text(404, "Not found.");
  std::string etag = "\"" + fingerprint(*content) + "\"";
  http::Response response;
  response.headers.set("ETag", etag);
  // Public files, the same for everyone: they may be cached for a year, and a changed file
  // gets a new address (static_href).
  response.headers.set("Cache-Control", "public, max-age=31536000, immutable");
  if (request.header("If-None-Match") == std::optional<std::string_view>(etag)) {
    response.status = 304;
    return response;
  }
  response.headers.set("Content-Type", content_type(name));
  response.body = std::string(*content);
  return response;
}

}  // namespace

std::string static_href(std::string_view name) {
  // Worked out once: pages link these files on every request.
  static const std::map<std::string, std::string, std::less<>> hrefs = [] {
    std::map<std::string, std::string, std::less<>> all;
    constexpr std::string_view kPrefix = "static/";
    for (const Asset& asset : assets()) {
      if (!asset.name.starts_with(kPrefix)) continue;
      std::string file(asset.name.substr(kPrefix.size()));
      all[file] = fmt::format("/static/{}?v={}", file, fingerprint(asset.content).substr(0, 12));
    }
    return all;
  }();
  auto found = hrefs.find(name);
  return found == hrefs.end() ? fmt::format("/static/{}", name) : found->second;
}

void add_static_routes(http::Router& router) {
  router.get("/static/{name}", serve);
}

}  // namespace opennrm::web
