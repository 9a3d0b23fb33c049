// `opennrm serve` as an operator runs it: it says where it listens, answers /healthz and the
// sign-in of an account made with `user add`, and stops cleanly on SIGTERM.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli_runner.h"

namespace opennrm::testing {
namespace {

struct Served {
  pid_t pid = -1;
  int port = 0;
};

// Starts the server on a free port and reads the port from its first line of output.
Served start_server(const std::string& db) {
  int out[2];
  EXPECT_EQ(pipe(out), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(OPENNRM_BINARY, OPENNRM_BINARY, "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  auto colon = line.rfind(':');
  return Served{pid, colon == std::string::npos ? 0 : std::atoi(line.c_str() + colon + 1)};
}

// One HTTP/1.1 request with Connection: close; the whole reply.
std::string http(int port, const std::string& method, const std::string& target,
                 const std::string& body = {}) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return {};
  }
  std::string request = method + " " + target +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        "Content-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  EXPECT_EQ(write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string reply;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) reply.append(buffer, n);
  close(fd);
  return reply;
}

TEST(Serve, AnswersSignsInAndStopsOnSigterm) {
  std::string db = temp_dir() + "/serve.db";
  ASSERT_EQ(run_opennrm({"init", "--db", db}).exit_code, 0);
  auto agency = run_opennrm({"agency", "add", "--db", db, "--name", "NGO", "--type", "ngo"});
  ASSERT_EQ(agency.exit_code, 0) << agency.err;
  auto user = run_opennrm({"user", "add", "--db", db, "--username", "worker", "--agency",
                           agency.out.substr(0, agency.out.find('\n')), "--role", "caseworker",
                           "--generate-password"});
  ASSERT_EQ(user.exit_code, 0) << user.err;
  std::string password = user.out.substr(0, user.out.find('\n'));

  auto served = start_server(db);
  ASSERT_GT(served.port, 0);
  EXPECT_NE(http(served.port, "GET", "/healthz").find("200 OK"), std::string::npos);
  auto signed_in = http(served.port, "POST", "/api/v1/sessions",
                        R"({"username":"worker","password":")" + password + R"("})");
  EXPECT_NE(signed_in.find("201 Created"), std::string::npos) << signed_in;
  EXPECT_NE(signed_in.find("\"token\""), std::string::npos);
  auto refused = http(served.port, "POST", "/api/v1/sessions",
                      R"({"username":"worker","password":"not the password"})");
  EXPECT_NE(refused.find("401"), std::string::npos);

  kill(served.pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(served.pid, &status, 0), served.pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // What the server audited is intact after it stopped.
  EXPECT_EQ(run_opennrm({"audit", "verify", "--db", db}).exit_code, 0);
}

TEST(Serve, UserAddPrintsTheSecondFactorOnlyForCoordinatorAndAdmin) {
  std::string db = temp_dir() + "/users.db";
  ASSERT_EQ(run_opennrm({"init", "--db", db}).exit_code, 0);
  auto agency =
      run_opennrm({"agency", "add", "--db", db, "--name", "NRM", "--type", "coordinator"});
  std::string id = agency.out.substr(0, agency.out.find('\n'));
  auto admin = run_opennrm(
      {"user", "add", "--db", db, "--username", "root", "--agency", id, "--role", "admin"},
      "a sufficiently long passphrase\n");
  ASSERT_EQ(admin.exit_code, 0) << admin.err;
  EXPECT_NE(admin.out.find("otpauth://totp/OpenNRM:root?secret="), std::string::npos);
  auto officer = run_opennrm({"user", "add", "--db", db, "--username", "coordinator-helper",
                              "--agency", id, "--role", "rapporteur"},
                             "a sufficiently long passphrase\n");
  ASSERT_EQ(officer.exit_code, 0) << officer.err;
  EXPECT_EQ(officer.out, "");
  // Policy: too short, common, unknown role, unknown agency.
  for (auto args : {std::vector<std::string>{"--role", "caseworker", "--agency", id},
                    std::vector<std::string>{"--role", "emperor", "--agency", id},
                    std::vector<std::string>{"--role", "caseworker", "--agency", "999"}}) {
    std::vector<std::string> command{"user", "add", "--db", db, "--username", "x"};
    command.insert(command.end(), args.begin(), args.end());
    bool weak = args[1] == "caseworker" && args[3] == id;
    auto result = run_opennrm(command, weak ? "winniethepooh\n" : "a sufficiently long one\n");
    EXPECT_EQ(result.exit_code, 2) << result.err;
  }
  auto stored = run_opennrm(
      {"user", "add", "--db", db, "--username", "root", "--agency", id, "--role", "rapporteur"},
      "a sufficiently long passphrase\n");
  EXPECT_EQ(stored.exit_code, 2);  // The username is taken.
}

}  // namespace
}  // namespace opennrm::testing
