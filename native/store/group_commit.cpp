// native/store/group_commit.cpp — batched commits (see group_commit.hpp).
#include "store/group_commit.hpp"

#include <exception>

namespace seam::store {

namespace {
thread_local bool tls_committer = false;

// A batch lost with its connection, or that could not begin: nothing of it was kept.
Error Unsaved() {
    return Error::Make(kUnavailable,
                       "the database cannot be reached; the change was not saved: retry shortly");
}
}  // namespace

bool GroupCommit::OnCommitter() {
    return tls_committer;
}

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
        if (!begun) {
            if (begun.error().id == kUnavailable) return begun.error();
            return Error::Make("seam.store.busy", "the store is busy; retry");
        }
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
        if (unreachable_.count(ticket)) return Unsaved();
        return Error::Make("seam.store.commit", "the change could not be saved; retry");
    }
    return true;
}

Result<bool> GroupCommit::Apply(const std::function<void()>& write) {
    Handed mine;
    mine.write = &write;
    bool lead = false;
    bool stopped = false;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        stopped = stopping_;
        if (!stopped) {
            handed_.push_back(&mine);
            // The first writer to find no round under way runs one (it is on a core already);
            // the others wait, each on its own signal: woken when done, or told to lead next.
            lead = !combining_;
            combining_ = true;
        }
    }
    if (stopped) {  // stopped: run it here, as a writer committing by itself
        std::lock_guard<std::mutex> db_guard(db_mutex_);
        write();
        return true;
    }
    if (!lead) {
        std::unique_lock<std::mutex> own(mine.mutex);
        mine.signal.wait(own, [&] { return mine.done || mine.lead; });
        lead = mine.lead;
    }
    if (lead) Lead();  // its own write is in the handed list until a round takes it
    if (!mine.error.empty()) return Error::Make("seam.store.write", mine.error);
    if (!mine.committed && mine.unreachable) return Unsaved();
    if (!mine.ran) return Error::Make("seam.store.busy", "the store is busy; retry");
    if (!mine.committed) {
        return Error::Make("seam.store.commit", "the change could not be saved; retry");
    }
    return true;
}

// One round for the handed writes, then the lead passes to a writer that came meanwhile (or
// lapses when none did).
void GroupCommit::Lead() {
    Round(true);
    std::lock_guard<std::mutex> guard(mutex_);
    if (handed_.empty()) {
        combining_ = false;
        return;
    }
    Handed* next = handed_.front();
    std::lock_guard<std::mutex> theirs(next->mutex);
    next->lead = true;
    next->signal.notify_one();  // under its mutex: it cannot return (and free it) before this
}

// Holding the db mutex: runs the handed writes inside the open batch (opening one if needed).
void GroupCommit::Run(std::vector<Handed*>& handed) {
    if (handed.empty()) return;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (open_ == 0) {
            auto begun = db_.BeginBatch();
            if (!begun) {  // none ran: they are told the store is busy, or unreachable
                for (Handed* h : handed)
                    h->unreachable = begun.error().id == kUnavailable;
                return;
            }
            open_ = next_++;
        }
    }
    const bool was_committer = tls_committer;
    tls_committer = true;  // their Join()s are no-ops: the batch is open
    for (Handed* h : handed) {
        try {
            (*h->write)();
            h->ran = true;
        } catch (const std::exception& e) {  // its Transaction rolled its own changes back
            h->error = e.what();
        }
    }
    tls_committer = was_committer;
}

// One round: the handed writes (when `with_handed`), then the commit of the open batch (theirs
// and the Join()ed writers'), then the writers of that batch are woken.
void GroupCommit::Round(bool with_handed) {
    std::unique_lock<std::mutex> db_guard(db_mutex_);
    std::vector<Handed*> handed;
    if (with_handed) {
        std::lock_guard<std::mutex> guard(mutex_);
        handed.swap(handed_);
    }
    Run(handed);
    std::uint64_t ticket;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        ticket = open_;
        open_ = 0;
    }
    bool ok = false, unreachable = false;
    if (ticket != 0) {
        auto committed = db_.CommitBatch();
        ok = static_cast<bool>(committed);
        unreachable = !ok && committed.error().id == kUnavailable;
    }
    if (ticket != 0 && after_commit_) after_commit_(ok);
    if (unreachable) {
        std::lock_guard<std::mutex> guard(mutex_);
        unreachable_.insert(ticket);
    }
    if (between_batches_) {
        bool idle;
        {
            std::lock_guard<std::mutex> guard(mutex_);
            idle = open_ == 0;
        }
        if (idle) between_batches_();
    }
    // A deferred sync (Db::DeferSync) runs once the store is let go: the next batch writes
    // meanwhile. Its fdatasync starts after this commit's frames were written, so it makes this
    // batch durable, and every earlier one too; a later round's sync that ends first covers
    // this batch as well (committed_ only grows).
    const bool sync_after = ok && db_.deferred_sync();
    if (!sync_after) Finish(ticket, ok);
    db_guard.unlock();  // waking each writer is a system call: the next round need not wait
    if (sync_after) {
        ok = static_cast<bool>(db_.SyncWal());
        Finish(ticket, ok, true);
    }
    for (Handed* h : handed) {
        std::lock_guard<std::mutex> theirs(h->mutex);
        h->committed = h->ran && ok;
        if (h->ran && unreachable) h->unreachable = true;
        h->done = true;
        h->signal.notify_one();  // under its mutex (see Lead)
    }
}

void GroupCommit::Finish(std::uint64_t ticket, bool ok, bool synced) {
    if (ticket == 0) return;
    std::lock_guard<std::mutex> guard(mutex_);
    if (!ok) failed_.insert(ticket);
    // A sync that failed leaves every batch not yet known durable unknown: none of them is
    // reported saved.
    for (std::uint64_t t = committed_ + 1; !ok && synced && t < ticket; ++t)
        failed_.insert(t);
    if (ticket > committed_) committed_ = ticket;
    done_.notify_all();
}

void GroupCommit::Loop() {
    for (;;) {
        {
            std::unique_lock<std::mutex> guard(mutex_);
            work_.wait(guard, [&] { return open_ != 0 || stopping_; });
            if (open_ == 0 && stopping_) return;
        }
        Round(false);
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
