// native/store/checkpointer.cpp — background WAL checkpoints (see checkpointer.hpp).
#include "store/checkpointer.hpp"

#include <chrono>

namespace seam::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const std::string& path,
                                                          int interval_ms) {
    auto db = Db::Open(path);
    if (!db) return db.error();
    std::unique_ptr<Checkpointer> c(new Checkpointer());
    c->db_ = std::move(db.value());
    c->interval_ms_ = interval_ms;
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

void Checkpointer::Loop() {
    for (;;) {
        bool stop;
        {
            std::unique_lock<std::mutex> guard(mutex_);
            wake_.wait_for(guard, std::chrono::milliseconds(interval_ms_),
                           [this] { return stopping_; });
            stop = stopping_;
        }
        db_->Exec("PRAGMA wal_checkpoint(PASSIVE)");
        if (stop) return;
    }
}

}  // namespace seam::store
