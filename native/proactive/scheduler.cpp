// native/proactive/scheduler.cpp — see scheduler.hpp.
#include "proactive/scheduler.hpp"

#include <cstdio>
#include <exception>
#include <utility>

namespace seam::proactive_facts {

Scheduler::Scheduler(std::function<void()> tick, std::chrono::milliseconds period)
    : tick_(std::move(tick)), period_(period) {}

Scheduler::~Scheduler() {
    Stop();
}

void Scheduler::Start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
    std::unique_lock<std::mutex> guard(mutex_);
    while (!stopping_) {
        guard.unlock();
        try {
            tick_();
        } catch (const std::exception& e) {  // a bug, not a condition: keep the thread alive
            std::fprintf(stderr, "{\"level\":\"error\",\"what\":\"proactive scheduler: %s\"}\n",
                         e.what());
        }
        guard.lock();
        wake_.wait_for(guard, period_, [this] { return stopping_; });
    }
}

}  // namespace seam::proactive_facts
