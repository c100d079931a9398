// native/store/checkpointer.cpp — background WAL checkpoints (see checkpointer.hpp).
#include "store/checkpointer.hpp"

#include <chrono>

namespace seam::store {

namespace {
// A restart is asked for once no more than this many frames are left to copy: the writer's
// share of the work (a checkpoint of that many pages, and its fsync) stays around a millisecond.
constexpr int kLeftForTheWriter = 256;
}  // namespace

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const std::string& path, int interval_ms,
                                                          int restart_frames) {
    auto db = Db::Open(path);
    if (!db) return db.error();
    std::unique_ptr<Checkpointer> c(new Checkpointer());
    c->db_ = std::move(db.value());
    c->interval_ms_ = interval_ms;
    c->restart_frames_ = restart_frames;
    c->thread_ = std::thread([raw = c.get()] { raw->Loop(); });
    return c;
}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        stopping_ = true;
        wake_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

Checkpointer::Stats Checkpointer::stats() const {
    return {passes_.load(), restarts_.load(), last_log_.load()};
}

bool Checkpointer::RestartIfDue(Db& serving) {
    if (!due_.load(std::memory_order_relaxed) || serving.raw() == nullptr) return false;
    // No busy wait on the writers' path: a lock held elsewhere (the background connection's
    // own checkpoint) returns at once, and the next batch's end tries again.
    sqlite3_busy_timeout(serving.raw(), 0);
    int log = 0, copied = 0;
    const int rc =
        sqlite3_wal_checkpoint_v2(serving.raw(), nullptr, SQLITE_CHECKPOINT_RESTART, &log, &copied);
    sqlite3_busy_timeout(serving.raw(), Db::kBusyTimeoutMs);
    if (rc != SQLITE_OK) return false;
    due_.store(false);
    restarts_.fetch_add(1, std::memory_order_relaxed);
    wake_.notify_all();
    return true;
}

void Checkpointer::Loop() {
    for (;;) {
        int log = 0, copied = 0;
        const int rc = sqlite3_wal_checkpoint_v2(db_->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 &log, &copied);
        passes_.fetch_add(1, std::memory_order_relaxed);
        last_log_.store(log, std::memory_order_relaxed);
        // A long WAL: copy again at once until the writer's share is small, then ask for the
        // restart and wait for it (or for the interval, if no writer comes).
        const bool long_wal = rc == SQLITE_OK && log > restart_frames_;
        const bool nearly_copied = long_wal && log - copied <= kLeftForTheWriter;
        if (nearly_copied) due_.store(true);
        std::unique_lock<std::mutex> guard(mutex_);
        if (stopping_) break;
        if (long_wal && !nearly_copied) continue;
        wake_.wait_for(guard, std::chrono::milliseconds(interval_ms_),
                       [this] { return stopping_; });
        if (stopping_) break;
    }
    db_->Exec("PRAGMA wal_checkpoint(PASSIVE)");
}

}  // namespace seam::store
