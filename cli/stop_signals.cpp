#include "cli/stop_signals.h"

#include <csignal>

namespace wirecrawl::cli {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler stores to them");

struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

extern "C" void OnStopSignal(int signal) {
  int none = 0;
  g_signal.compare_exchange_strong(none, signal);  // the first signal names the exit code
  g_stop.store(true);
  // A second Ctrl-C ends the process the usual way.
  if (signal == SIGINT) std::signal(SIGINT, SIG_DFL);
}

}  // namespace

StopSignals::StopSignals() {
  g_stop.store(false);
  g_signal.store(0);
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>& StopSignals::requested() const { return g_stop; }

int StopSignals::ExitCode() const {
  int signal = g_signal.load();
  return signal == 0 ? 0 : 128 + signal;
}

}  // namespace wirecrawl::cli
