// A client process killed with SIGKILL in the middle of data entry loses no edit whose
// call had returned: after a restart every such edit is in the store and its outbox, and
// it syncs.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <thread>

#include "loopback_server.hpp"
#include "tally/client/client.hpp"
#include "test_device.hpp"
#include "test_support.hpp"

namespace tally::client {
namespace {

using engine::Count;

TEST(ClientCrashTest, EveryEditReturnedBeforeSigkillIsStoredAndSyncsAfterRestart) {
  testing::TempDir dir;
  testkit::LoopbackServer server;
  ClientOptions options;
  options.transport = server.transport();
  std::string path = dir.file("officer.db");
  {
    auto client = Client::open(path, options);
    ASSERT_TRUE(client.ok());
    EnrolRequest request;
    request.server_url = server.url();
    request.code = server.add_enrolment_code("TN-0001", engine::Role::kOfficer);
    ASSERT_TRUE((*client)->enrol(request).ok());
  }
  const engine::FormId form{"TN-0001", "NA-01"};

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The officer types as fast as it can, reporting each edit once its call returned.
    ::close(pipe_fds[0]);
    auto client = Client::open(path);
    if (!client.ok()) ::_exit(3);
    for (Count value = 1;; ++value) {
      if (!(*client)->set_count(form, "voted", value).ok()) ::_exit(4);
      char line[32];
      int length = std::snprintf(line, sizeof line, "%lld\n", static_cast<long long>(value));
      if (::write(pipe_fds[1], line, static_cast<std::size_t>(length)) != length) ::_exit(5);
    }
  }
  ::close(pipe_fds[1]);
  FILE* reports = ::fdopen(pipe_fds[0], "r");
  ASSERT_NE(reports, nullptr);
  std::set<Count> returned;
  long long value = 0;
  while (returned.size() < 40 && std::fscanf(reports, "%lld", &value) == 1) returned.insert(value);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  std::fclose(reports);
  ASSERT_EQ(returned.size(), 40u);

  auto client = Client::open(path, options);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  auto history = (*client)->history(form, "voted");
  ASSERT_TRUE(history.ok());
  std::set<Count> stored;
  for (const auto& entry : *history) stored.insert(std::get<Count>(entry.entry.value));
  for (Count edit : returned) EXPECT_TRUE(stored.contains(edit)) << "edit " << edit << " lost";
  auto pending = (*client)->sync_state().ops_pending;
  EXPECT_GE(pending, returned.size());

  ASSERT_TRUE((*client)->start_sync().ok());
  ASSERT_TRUE((*client)->wait_until_up_to_date(testkit::kHangDeadline));
  std::set<std::uint64_t> counters;
  for (const auto& op : server.log()) EXPECT_TRUE(counters.insert(op.dot.counter).second);
  EXPECT_EQ(counters.size(), pending);
}

}  // namespace
}  // namespace tally::client
