// crawler/clock.h: the time the scheduler runs on.
//
// Politeness delays, back-off and re-crawl times are all computed from
// Clock::NowMs, so tests drive them with a fake clock instead of sleeping
// (as LevelDB's Env does for its timers).
//
// Thread safety: NowMs may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>

namespace wirecrawl {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMs() const = 0;
};

// The real wall clock (system_clock): the stored times are wall times, so
// they stay meaningful across restarts.
class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace wirecrawl
