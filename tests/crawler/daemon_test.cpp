// `wirecrawl daemon` end to end: a real daemon process against sites served
// on loopback by the demo's serve.py from a scratch copy that the test
// changes while the daemon runs; systemd's notification socket replaced by
// one the test reads.
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"
#include "tests/support/demo_site_server.h"

extern char** environ;

namespace wirecrawl::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A datagram socket standing in for systemd's NOTIFY_SOCKET. Like systemd,
// it reads all the time: a full socket queue would block the daemon's
// sd_notify (the kernel queues as few as 10 datagrams).
class NotifySocket {
 public:
  explicit NotifySocket(const fs::path& path) : path_(path.string()) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof addr.sun_path);
    std::copy(path_.begin(), path_.end(), addr.sun_path);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{0, 50'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    reader_ = std::thread([this] {
      while (!stop_.load()) {
        char buf[4096];
        ssize_t n = recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) continue;
        std::lock_guard<std::mutex> lock(mu_);
        messages_.emplace_back(buf, static_cast<size_t>(n));
      }
    });
  }
  ~NotifySocket() {
    stop_.store(true);
    reader_.join();
    close(fd_);
  }
  const std::string& path() const { return path_; }
  bool WaitFor(const std::string& line, milliseconds timeout) {
    auto deadline = steady_clock::now() + timeout;
    while (!Seen(line) && steady_clock::now() < deadline) std::this_thread::sleep_for(milliseconds(20));
    return Seen(line);
  }
  // Whether a line starting with `prefix` has arrived.
  bool Seen(const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& m : messages_) {
      size_t pos = 0;
      while (pos <= m.size()) {
        size_t end = m.find('\n', pos);
        if (end == std::string::npos) end = m.size();
        if (m.compare(pos, prefix.size(), prefix) == 0) return true;
        pos = end + 1;
      }
    }
    return false;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<std::string> messages_;  // GUARDED_BY(mu_)
  std::thread reader_;
};

int64_t Count(const std::string& db, const std::string& sql) { return ReadCount(db, sql); }

std::string Text(const std::string& db, const std::string& sql) {
  QueryResult result = ReadDatabase(db, sql);
  return result.ok && !result.rows.empty() && !result.rows[0].empty() ? result.rows[0][0] : "";
}

bool WaitUntil(const std::function<bool()>& condition, milliseconds timeout) {
  auto deadline = steady_clock::now() + timeout;
  while (steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(100));
  }
  return condition();
}

class Daemon {
 public:
  Daemon(const fs::path& config, const fs::path& log, const std::string& notify_socket) {
    std::string cmd = std::string("exec '") + WIRECRAWL_BINARY + "' daemon --config '" + config.string() +
                      "' >>'" + log.string() + "' 2>&1";
    std::vector<std::string> env_storage;
    for (char** e = environ; *e != nullptr; ++e) env_storage.emplace_back(*e);
    if (!notify_socket.empty()) {
      env_storage.push_back("NOTIFY_SOCKET=" + notify_socket);
      env_storage.push_back("WATCHDOG_USEC=1000000");
    }
    std::vector<char*> env;
    for (std::string& e : env_storage) env.push_back(e.data());
    env.push_back(nullptr);
    const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
    REQUIRE(posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), env.data()) == 0);
  }
  ~Daemon() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  void Signal(int sig) { kill(pid_, sig); }
  bool Running() { return waitpid(pid_, nullptr, WNOHANG) == 0; }
  // Exit code, or -signal; -1000 when it did not exit within `timeout`.
  int WaitExit(milliseconds timeout) {
    auto deadline = steady_clock::now() + timeout;
    while (steady_clock::now() < deadline) {
      int raw = 0;
      if (waitpid(pid_, &raw, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(raw) ? WEXITSTATUS(raw) : -WTERMSIG(raw);
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
    return -1000;
  }

 private:
  pid_t pid_ = -1;
};

void WriteConfig(const fs::path& path, const std::string& db, uint16_t port,
                 const std::vector<std::string>& seeds) {
  std::ofstream out(path);
  out << "[sources]\nseeds = [";
  for (size_t i = 0; i < seeds.size(); ++i) out << (i ? ", " : "") << "\"" << seeds[i] << "\"";
  // Sources come back every 1-2 s here; delta-post's Crawl-delay of 1 s
  // would leave its host no time for articles, so it is capped.
  out << "]\n[politeness]\nmin_delay = 0.02\nmax_crawl_delay = 0.1\n[fetch]\nconnect_to = [";
  const char* hosts[] = {"alpha-news.test", "gamma-times.test", "delta-post.test"};
  for (int i = 0; i < 3; ++i) out << (i ? ", " : "") << "\"" << hosts[i] << ":80:127.0.0.1:" << port << "\"";
  out << "]\n[network]\nallow = [\"127.0.0.1/32\"]\n[paths]\ndatabase = \"" << db << "\"\n"
      << "[daemon]\nsource_refresh_min = 1\nsource_refresh_max = 2\nlog_level = \"info\"\nshutdown_grace = 5\n";
}

// An article page of ~300 words of its own, and an RSS item announcing it.
void PublishArticle(const fs::path& site, const std::string& slug, const std::string& title, unsigned seed) {
  std::mt19937 rng(seed);
  std::string body;
  for (int p = 0; p < 6; ++p) {
    body += "<p>";
    for (int w = 0; w < 50; ++w) body += "word" + std::to_string(rng() % 5000) + (w % 12 == 11 ? ". " : " ");
    body += "</p>\n";
  }
  fs::create_directories(site / "news" / "breaking");
  std::ofstream(site / "news" / "breaking" / (slug + ".html"))
      << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << title
      << "</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>" << title << "</h1>" << body
      << "</article><footer>Alpha News</footer></body></html>";
  fs::path feed = site / "feed.rss";
  std::ifstream in(feed);
  std::string rss((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string item = "<item><title>" + title + "</title><link>http://alpha-news.test/news/breaking/" + slug +
                     ".html</link></item>\n";
  rss.insert(rss.find("</channel>"), item);
  std::ofstream(feed) << rss;
}

fs::path CopySites(const TempDir& dir) {
  fs::path root = dir / "sites";
  fs::copy(DemoSiteDir() / "sites", root, fs::copy_options::recursive);
  return root;
}

}  // namespace

TEST_CASE("Daemon_FeedsReloadNotifyAndGracefulStop", "[daemon][e2e]") {
  TempDir dir;
  fs::path root = CopySites(dir);
  DemoSiteServer server(dir / "requests.jsonl", root);
  std::string db = (dir / "daemon.db").string();
  fs::path config = dir / "wirecrawl.toml";
  WriteConfig(config, db, server.port(), {"http://alpha-news.test/", "http://gamma-times.test/"});
  NotifySocket notify(dir / "notify.sock");
  Daemon daemon(config, dir / "daemon.log", notify.path());
  bool ready = notify.WaitFor("READY=1", milliseconds(10'000));
  INFO(ReadWholeFile(dir / "daemon.log"));
  REQUIRE(ready);
  REQUIRE(WaitUntil(
      [&] { return Count(db, "SELECT count(*) FROM articles WHERE url LIKE '%gamma-times%'") >= 3; },
      milliseconds(20'000)));
  CHECK(notify.WaitFor("WATCHDOG=1", milliseconds(3000)));
  CHECK(notify.WaitFor("STATUS=", milliseconds(6000)));

  // A new article in the feed is picked up on the next refresh.
  PublishArticle(root / "alpha-news.test", "port-strike-ends", "Port strike ends after nine days", 7);
  CHECK(WaitUntil(
      [&] { return Count(db, "SELECT count(*) FROM articles WHERE url LIKE '%port-strike-ends%'") == 1; },
      milliseconds(15'000)));

  // SIGHUP with a source added: it is crawled without a restart.
  WriteConfig(config, db, server.port(),
              {"http://alpha-news.test/", "http://gamma-times.test/", "http://delta-post.test/"});
  daemon.Signal(SIGHUP);
  CHECK(
      WaitUntil([&] { return Count(db, "SELECT count(*) FROM articles WHERE url LIKE '%delta-post%'") >= 2; },
                milliseconds(20'000)));

  // SIGHUP with a broken config: logged, the daemon goes on.
  std::ofstream(config) << "[sources\nseeds = 12\n";
  daemon.Signal(SIGHUP);
  CHECK(WaitUntil([&] { return ReadWholeFile(dir / "daemon.log").find("is not valid") != std::string::npos; },
                  milliseconds(5000)));
  CHECK(daemon.Running());
  PublishArticle(root / "alpha-news.test", "council-vote-delayed", "Council vote delayed again", 11);
  CHECK(WaitUntil(
      [&] { return Count(db, "SELECT count(*) FROM articles WHERE url LIKE '%council-vote-delayed%'") == 1; },
      milliseconds(15'000)));

  // SIGTERM: exit 143 (128 + SIGTERM, after a clean stop; the units list it
  // in SuccessExitStatus=) within the grace bound, a consistent database.
  auto before = steady_clock::now();
  daemon.Signal(SIGTERM);
  CHECK(daemon.WaitExit(milliseconds(8000)) == 143);
  CHECK(steady_clock::now() - before < std::chrono::seconds(8));
  CHECK(notify.WaitFor("STOPPING=1", milliseconds(1000)));
  CHECK(Text(db, "PRAGMA integrity_check") == "ok");
  CHECK(Count(db, "SELECT count(*) FROM urls WHERE state = 'fetching'") == 0);

  // `wirecrawl status` reads the same figures back from the database.
  CommandResult status = RunWirecrawl("status --json --db '" + db + "'");
  REQUIRE(status.status == 0);
  nlohmann::json figures = nlohmann::json::parse(status.out);
  CHECK(figures["articles"].get<int64_t>() == Count(db, "SELECT count(*) FROM articles"));
  CHECK(figures["sources_active"].get<int64_t>() >= 3);
  CHECK(figures["fetches_by_class"]["2xx"].get<int64_t>() > 0);
  CHECK(figures["robots_denials"].get<int64_t>() >= 2);
}

TEST_CASE("CrashSafety_DaemonSigkilledAtRandomMoments_LosesNothing", "[daemon][e2e]") {
  TempDir dir;
  fs::path root = CopySites(dir);
  DemoSiteServer server(dir / "requests.jsonl", root);
  std::string db = (dir / "daemon.db").string();
  fs::path config = dir / "wirecrawl.toml";
  WriteConfig(config, db, server.port(),
              {"http://alpha-news.test/", "http://gamma-times.test/", "http://delta-post.test/"});
  std::mt19937 rng(2026);
  int64_t committed = 0;
  for (int round = 0; round < 10; ++round) {
    Daemon daemon(config, dir / "daemon.log", "");
    std::this_thread::sleep_for(milliseconds(200 + rng() % 1200));
    daemon.Signal(SIGKILL);
    daemon.WaitExit(milliseconds(5000));
    INFO("round " << round);
    if (!fs::exists(db)) continue;  // killed before it created the file
    REQUIRE(Text(db, "PRAGMA integrity_check") == "ok");
    // Killed before the first transaction committed: an empty database.
    int64_t now = HasSchema(db) ? Count(db, "SELECT count(*) FROM articles") : 0;
    CHECK(now >= committed);  // every committed article survives
    committed = now;
  }
  // Afterwards the frontier resumes and the crawl completes: every article
  // of the three sites (examples/demo-site/expected.json) is stored.
  std::ifstream expected_file(DemoSiteDir() / "expected.json");
  nlohmann::json expected = nlohmann::json::parse(expected_file);
  int64_t want = 0;
  for (const auto& a : expected["articles"]) want += a["host"] != "beta-daily.test";
  NotifySocket notify(dir / "notify.sock");
  Daemon daemon(config, dir / "daemon.log", notify.path());
  CHECK(notify.WaitFor("READY=1", milliseconds(10'000)));
  CHECK(WaitUntil([&] { return Count(db, "SELECT count(*) FROM articles") == want; }, milliseconds(30'000)));
  daemon.Signal(SIGTERM);
  CHECK(daemon.WaitExit(milliseconds(8000)) == 143);
  CHECK(Count(db, "SELECT count(*) FROM (SELECT url FROM articles GROUP BY url HAVING count(*) > 1)") == 0);
  CHECK(Count(db, "SELECT count(*) FROM (SELECT url FROM urls GROUP BY url HAVING count(*) > 1)") == 0);
  CHECK(Count(db,
              "SELECT count(*) FROM (SELECT story_id FROM articles a WHERE NOT EXISTS "
              "(SELECT 1 FROM stories s WHERE s.id = a.story_id))") == 0);
  CHECK(Text(db, "PRAGMA integrity_check") == "ok");
}

}  // namespace wirecrawl::testing
