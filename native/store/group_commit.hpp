// native/store/group_commit.hpp — many writers, one commit: the writers of a moment share one
// SQLite transaction (a batch), and a committer thread commits it as soon as it can get the
// store. A writer joins the batch (holding the store's mutex), makes its changes inside its own
// savepoint (store::Transaction does that in a batch), lets go of the mutex, then waits until its
// batch is committed before it answers: every answer still comes after the commit of what it
// reports, but a commit (and its page writes) is paid once per batch, not once per request.
//
//   writer:    lock ─ Join() ─ Transaction … Commit (a RELEASE) ─ unlock ─ Wait(ticket) ─ answer
//   committer:        wait for an open batch ─ lock ─ COMMIT ─ unlock ─ wake the waiters
//
// A writer can also hand its whole write over (Apply): the first writer that finds no round
// under way runs one, taking the writes handed over so far, running them one after another in
// the batch while holding the mutex once for all of them, then committing; the others wait
// for it. Many threads taking turns at one mutex cost a sleep and a wake-up each on a busy
// machine; handed over, a write costs its thread at most one wait, for the commit it needs
// anyway.
//
//   writer A:  Apply(a) ─ lock ─ begin batch ─ a, b, c … ─ COMMIT ─ unlock ─ wake them ─ answer
//   writer B:  Apply(b) ─ wait ──────────────────────────────────────────────────────── answer
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

class GroupCommit {
  public:
    //! `db_mutex` is the mutex every user of `db` holds; `after_commit` (may be empty) runs
    //! after each commit, still holding it, told whether the commit succeeded.
    GroupCommit(Db& db, std::mutex& db_mutex, std::function<void(bool ok)> after_commit = {});
    ~GroupCommit();  //!< Stop()
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    //! Call holding the db mutex, before writing: opens a batch if none is open and returns the
    //! ticket to Wait() on. Errors: seam.store.busy (the batch could not begin),
    //! seam.store.unavailable (the database cannot be reached).
    Result<std::uint64_t> Join();
    //! Call NOT holding the db mutex: returns once the ticket's batch is committed. Errors:
    //! seam.store.commit (the batch was rolled back; nothing of it was kept),
    //! seam.store.unavailable (the same, because the database could not be reached).
    Result<bool> Wait(std::uint64_t ticket);
    //! Runs `write` holding the db mutex, inside the next batch, on this thread or another
    //! writer's (it may Join() and use Transaction as any writer does; it must not take the db
    //! mutex), and returns once that batch is committed. Once stopped, runs `write` here.
    //! Errors: seam.store.busy (no batch could begin: `write` did not run), seam.store.commit
    //! (`write` ran but its batch was rolled back), seam.store.unavailable (either, because the
    //! database could not be reached).
    Result<bool> Apply(const std::function<void()>& write);
    //! `work` runs after each commit, holding the db mutex, with no batch open (the store's
    //! housekeeping that must not overlap a write: Checkpointer::RestartIfDue). Call holding
    //! the db mutex.
    void SetBetweenBatches(std::function<void()> work) { between_batches_ = std::move(work); }
    //! Commits what is open and stops the committer (later Join()s commit by themselves).
    void Stop();
    //! Whether the calling thread is running writes handed over with Apply (in an open batch).
    static bool OnCommitter();

  private:
    struct Handed {
        const std::function<void()>* write = nullptr;
        bool done = false;
        bool ran = false;
        bool committed = false;
        bool lead = false;         // told to run the next round
        bool unreachable = false;  // its batch could not begin, or commit: the database is gone
        std::string error;         // what `write` threw (a bug in a statement), if anything
        std::mutex mutex;          // guards done and lead; only this writer waits on `signal`
        std::condition_variable signal;
    };
    void Loop();
    void Lead();
    void Round(bool with_handed);
    void Run(std::vector<Handed*>& handed);
    //! The batch's writers may answer (`synced`: its deferred sync ran, and failed if !ok).
    void Finish(std::uint64_t ticket, bool ok, bool synced = false);
    Db& db_;
    std::mutex& db_mutex_;
    std::function<void(bool ok)> after_commit_;
    std::function<void()> between_batches_;  // guarded by db_mutex_
    std::mutex mutex_;  // guards the fields below; never held while taking db_mutex_
    std::condition_variable work_, done_;
    std::uint64_t open_ = 0;       // ticket of the open batch (0 = none)
    std::uint64_t next_ = 1;       // ticket of the next batch
    std::uint64_t committed_ = 0;  // every batch up to this one is finished (and durable)
    std::set<std::uint64_t> failed_;
    std::set<std::uint64_t> unreachable_;  // of failed_: the database could not be reached
    std::vector<Handed*> handed_;          // writes waiting for a round (Apply)
    bool combining_ = false;               // a writer is running a round for the handed writes
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace seam::store
