// native/store/group_commit.cpp — batched commits (see group_commit.hpp).
#include "store/group_commit.hpp"

namespace seam::store {

GroupCommit::GroupCommit(Db& db, std::mutex& db_mutex, std::function<void(bool)> after_commit)
    : db_(db), db_mutex_(db_mutex), after_commit_(std::move(after_commit)) {
    thread_ = std::thread([this] { Loop(); });
}

GroupCommit::~GroupCommit() {
    Stop();
}

Result<std::uint64_t> GroupCommit::Join() {
    std::lock_guard<std::mutex> guard(mutex_);
    if (stopping_) return std::uint64_t{0};  // no committer: writers commit by themselves
    if (open_ == 0) {
        auto begun = db_.BeginBatch();
        if (!begun) return Error::Make("seam.store.busy", "the store is busy; retry");
        open_ = next_++;
        work_.notify_one();
    }
    return open_;
}

Result<bool> GroupCommit::Wait(std::uint64_t ticket) {
    if (ticket == 0) return true;
    std::unique_lock<std::mutex> guard(mutex_);
    done_.wait(guard, [&] { return committed_ >= ticket; });
    if (failed_.count(ticket)) {
        return Error::Make("seam.store.commit", "the change could not be saved; retry");
    }
    return true;
}

void GroupCommit::Loop() {
    for (;;) {
        {
            std::unique_lock<std::mutex> guard(mutex_);
            work_.wait(guard, [&] { return open_ != 0 || stopping_; });
            if (open_ == 0 && stopping_) return;
        }
        std::lock_guard<std::mutex> db_guard(db_mutex_);
        std::uint64_t ticket;
        {
            std::lock_guard<std::mutex> guard(mutex_);
            ticket = open_;
            open_ = 0;
        }
        if (ticket == 0) continue;
        const bool ok = static_cast<bool>(db_.CommitBatch());
        if (after_commit_) after_commit_(ok);
        std::lock_guard<std::mutex> guard(mutex_);
        if (!ok) failed_.insert(ticket);
        committed_ = ticket;
        done_.notify_all();
    }
}

void GroupCommit::Stop() {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
        work_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
}

}  // namespace seam::store
