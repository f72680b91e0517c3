// base/worker_pool.h: a fixed set of threads for the CPU work of a
// pipeline stage (parsing, extraction, fingerprints), fed by one thread.
//
// WorkerPool runs tasks in the order they were submitted, on whichever
// worker is free, passing the worker's index (0 .. threads()-1) so that a
// task can use per-worker state (a Fingerprinter, an ICU break iterator)
// without locks. A task hands its result back itself (ParallelMap below, or
// a queue of the caller's). The pool does not bound its queue: the
// submitting thread bounds what it submits (the crawler counts pages in the
// pool against its transfer slots; ParallelMap keeps a window).
//
// The workers run at a lower scheduling priority (nice +5) than the thread
// that feeds them: that thread (the crawl loop: fetches, frontier, the one
// writer) is serial, and when the workers take every core it waits, no
// transfer starts and the workers run dry (bench/README.md, "Every core
// busy": 2 workers on 2 cores were slower than 1 until they yielded).
//
// Thread safety: Submit from one thread at a time; tasks run on the
// workers. The destructor runs every queued task, then joins.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace wirecrawl {

class WorkerPool {
 public:
  // threads == 0: one per core (std::thread::hardware_concurrency).
  explicit WorkerPool(size_t threads = 0);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  using Task = std::function<void(size_t worker)>;
  void Submit(Task task);
  size_t threads() const { return workers_.size(); }

  // The number of workers `requested` means: 0 is one per core.
  static size_t Resolve(size_t requested);

 private:
  void Work(size_t worker);

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Task> tasks_;  // GUARDED_BY(mu_)
  bool stopping_ = false;   // GUARDED_BY(mu_)
  std::vector<std::thread> workers_;
};

// Runs work(i, worker) for i in [0, n) on the pool and calls emit(i, result)
// on the calling thread in input order, with at most `window` results computed
// ahead of the next one emitted (memory stays bounded however large n is).
// emit returns false to stop early (work already started still finishes).
template <typename Out>
void ParallelMap(WorkerPool& pool, size_t n, const std::function<Out(size_t i, size_t worker)>& work,
                 const std::function<bool(size_t, Out&)>& emit, size_t window = 0) {
  if (window == 0) window = 4 * pool.threads();
  std::mutex mu;
  std::condition_variable done;
  std::deque<std::optional<Out>> pending;  // results for [next_emit, next_emit + pending.size())
  size_t next_emit = 0;
  size_t submitted = 0;
  size_t running = 0;
  bool stop = false;
  auto submit = [&](size_t i) {
    ++running;
    pool.Submit([&, i](size_t worker) {
      Out out = work(i, worker);
      std::lock_guard<std::mutex> lock(mu);
      pending[i - next_emit] = std::move(out);
      --running;
      done.notify_one();
    });
  };
  std::unique_lock<std::mutex> lock(mu);
  while (next_emit < n && !stop) {
    while (submitted < n && submitted - next_emit < window) {
      pending.emplace_back();
      submit(submitted++);
    }
    done.wait(lock, [&] { return pending.front().has_value(); });
    Out out = std::move(*pending.front());
    pending.pop_front();
    size_t index = next_emit++;
    lock.unlock();
    stop = !emit(index, out);
    lock.lock();
  }
  // Tasks refer to this frame: wait for the ones still running.
  done.wait(lock, [&] { return running == 0; });
}

}  // namespace wirecrawl
