#include "tests/support/tls_test_site.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace wirecrawl::testing {
namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Runs a shell command in `dir`, its output to dir/command.log; throws with
// that output when it fails.
void Run(const std::filesystem::path& dir, const std::string& command) {
  const std::filesystem::path log = dir / "command.log";
  const std::string line =
      "cd " + Quote(dir.string()) + " && " + command + " >" + Quote(log.string()) + " 2>&1";
  int status = std::system(line.c_str());
  if (status != 0) throw std::runtime_error("test setup failed: " + command + "\n" + Read(log));
}

// openssl ca's date syntax: UTCTime, YYMMDDHHMMSSZ.
std::string AsnTime(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%y%m%d%H%M%SZ", &utc);
  return text;
}

std::uint16_t FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

std::string NginxBinary() {
  for (const char* candidate : {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  throw std::runtime_error("nginx is not installed (scripts/install-deps.sh installs it)");
}

}  // namespace

TestCa::TestCa(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_ / "issued");
  std::ofstream(dir_ / "index.txt").close();
  std::ofstream(dir_ / "serial") << "1000\n";
  // A minimal `openssl ca` setup: it is the one openssl 3.0 command that
  // takes explicit validity dates (an expired certificate needs them).
  std::ofstream(dir_ / "ca.cnf") << "[ca]\ndefault_ca = test_ca\n"
                                    "[test_ca]\n"
                                    "dir = "
                                 << dir_.string()
                                 << "\n"
                                    "database = $dir/index.txt\n"
                                    "new_certs_dir = $dir/issued\n"
                                    "serial = $dir/serial\n"
                                    "certificate = $dir/ca.pem\n"
                                    "private_key = $dir/ca.key\n"
                                    "default_md = sha256\n"
                                    "policy = policy_any\n"
                                    "copy_extensions = none\n"
                                    "unique_subject = no\n"
                                    "email_in_dn = no\n"
                                    "[policy_any]\ncommonName = supplied\n";
  Run(dir_,
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem "
      "-days 30 -subj '/CN=wirecrawl test CA' -addext 'basicConstraints=critical,CA:TRUE' "
      "-addext 'keyUsage=critical,keyCertSign,cRLSign'");
}

TestCa::Issued TestCa::Issue(const std::string& stem, const std::vector<std::string>& dns_names,
                             std::chrono::system_clock::time_point not_before,
                             std::chrono::system_clock::time_point not_after) {
  std::string alt_names;
  for (const std::string& name : dns_names) alt_names += (alt_names.empty() ? "DNS:" : ",DNS:") + name;
  std::ofstream(dir_ / (stem + ".ext")) << "basicConstraints = CA:FALSE\n"
                                           "keyUsage = critical,digitalSignature\n"
                                           "extendedKeyUsage = serverAuth\n"
                                           "subjectAltName = "
                                        << alt_names << "\n";
  Issued out{(dir_ / (stem + ".pem")).string(), (dir_ / (stem + ".key")).string()};
  Run(dir_, "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " +
                Quote(out.key_file) + " -out " + Quote(stem + ".csr") + " -subj " +
                Quote("/CN=" + dns_names.front()));
  Run(dir_, "openssl ca -batch -notext -config ca.cnf -in " + Quote(stem + ".csr") + " -out " +
                Quote(out.cert_file) + " -startdate " + AsnTime(not_before) + " -enddate " +
                AsnTime(not_after) + " -extfile " + Quote(stem + ".ext"));
  return out;
}

TestCa::Issued TestCa::Issue(const std::string& stem, const std::vector<std::string>& dns_names) {
  auto now = std::chrono::system_clock::now();
  return Issue(stem, dns_names, now - std::chrono::hours(24), now + std::chrono::hours(24 * 30));
}

NginxServer::NginxServer(std::filesystem::path dir, int port_count,
                         std::function<std::string(const std::vector<std::uint16_t>&)> servers)
    : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  std::string why;
  // A port picked free may be taken before nginx binds it: try again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    ports_.clear();
    for (int i = 0; i < port_count; ++i) ports_.push_back(FreeLoopbackPort());
    if (Start(servers, why)) return;
  }
  throw std::runtime_error("nginx did not start: " + why);
}

NginxServer::~NginxServer() { Stop(); }

bool NginxServer::Start(const std::function<std::string(const std::vector<std::uint16_t>&)>& servers,
                        std::string& why) {
  const std::string d = dir_.string();
  std::ofstream(dir_ / "nginx.conf")
      << "daemon off;\n"
         "master_process off;\n"
         "pid "
      << d
      << "/nginx.pid;\n"
         "error_log "
      << d
      << "/error.log info;\n"
         "events { worker_connections 256; }\n"
         "http {\n"
         "  client_body_temp_path "
      << d
      << "/tmp-body;\n"
         "  proxy_temp_path "
      << d
      << "/tmp-proxy;\n"
         "  fastcgi_temp_path "
      << d
      << "/tmp-fastcgi;\n"
         "  uwsgi_temp_path "
      << d
      << "/tmp-uwsgi;\n"
         "  scgi_temp_path "
      << d
      << "/tmp-scgi;\n"
         "  types { text/html html; application/xml xml; text/plain txt; }\n"
         "  default_type text/html;\n"
         "  log_format wirecrawl '$msec $connection $connection_requests $server_protocol $host $request_uri "
         "$status $ssl_protocol';\n"
         "  access_log "
      << d
      << "/access.log wirecrawl;\n"
         "  keepalive_timeout 60s;\n"
      << servers(ports_) << "\n}\n";
  std::filesystem::remove(dir_ / "error.log");
  const std::string binary = NginxBinary();
  const std::string conf = (dir_ / "nginx.conf").string();
  const std::string error_log = (dir_ / "error.log").string();
  const std::string out = (dir_ / "nginx.out").string();
  std::vector<std::string> args = {binary, "-p", d, "-c", conf, "-e", error_log};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // -e: the error log before the config is read (the built-in default,
    // /var/log/nginx/error.log, is not writable by a normal user).
    // Only async-signal-safe calls between fork and exec: the test process
    // has other threads.
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0 || ::dup2(fd, STDERR_FILENO) < 0) _exit(126);
    ::execv(binary.c_str(), argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      why = Read(dir_ / "nginx.out") + Read(dir_ / "error.log");
      return false;
    }
    bool all = true;
    for (std::uint16_t port : ports_) all = all && Accepts(port);
    if (all) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  why = "no answer on its ports within 10 s: " + Read(dir_ / "error.log");
  Stop();
  return false;
}

void NginxServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 200; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::vector<NginxLogLine> NginxServer::AccessLog() const {
  std::vector<NginxLogLine> lines;
  std::istringstream in(Read(dir_ / "access.log"));
  for (std::string text; std::getline(in, text);) {
    std::istringstream fields(text);
    NginxLogLine line;
    fields >> line.msec >> line.connection >> line.connection_requests >> line.protocol >> line.host >>
        line.uri >> line.status >> line.tls;
    if (fields) lines.push_back(std::move(line));
  }
  return lines;
}

std::string NginxServer::ErrorLog() const { return Read(dir_ / "error.log"); }

}  // namespace wirecrawl::testing
