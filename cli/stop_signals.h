// cli/stop_signals.h: SIGINT and SIGTERM as a request to stop cleanly, for
// the commands that run long (crawl, daemon, ingest, dedup).
//
// While a StopSignals is alive, SIGINT (Ctrl-C) and SIGTERM set a flag the
// command polls; it then finishes what it must to leave the database
// consistent and resumable, and exits 128 + the signal (130, 143), the
// shell's convention for "ended by this signal". A second SIGINT ends the
// process the usual way. The previous handlers come back on destruction.
//
// Thread safety: one instance at a time; requested() may be read from any
// thread.
#pragma once

#include <atomic>

namespace wirecrawl::cli {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Becomes true when a stop is asked for.
  const std::atomic<bool>& requested() const;
  bool stop_requested() const { return requested().load(); }
  // 128 + the signal that asked to stop (130 SIGINT, 143 SIGTERM); 0 if none did.
  int ExitCode() const;
};

}  // namespace wirecrawl::cli
