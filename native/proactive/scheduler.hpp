// native/proactive/scheduler.hpp — a background thread that runs seamd's proactive work that is
// due (daily schedules, candidates held for quiet hours, the demo shop's event feed) every
// `period`, and once at start. Stop() (or the destructor) wakes it and joins. A tick that fails
// (a store that cannot be reached) is the tick's business: the thread runs the next one, and
// an exception out of a tick is logged, never the end of the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace seam::proactive_facts {

class Scheduler {
  public:
    Scheduler(std::function<void()> tick, std::chrono::milliseconds period);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void Start();
    void Stop();

  private:
    void Loop();
    std::function<void()> tick_;
    std::chrono::milliseconds period_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace seam::proactive_facts
