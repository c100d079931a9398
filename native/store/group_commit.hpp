// native/store/group_commit.hpp — many writers, one commit: the writers of a moment share one
// SQLite transaction (a batch), and a committer thread commits it as soon as it can get the
// store. A writer joins the batch (holding the store's mutex), makes its changes inside its own
// savepoint (store::Transaction does that in a batch), lets go of the mutex, then waits until its
// batch is committed before it answers: every answer still comes after the commit of what it
// reports, but a commit (and its page writes) is paid once per batch, not once per request.
//
//   writer:    lock ─ Join() ─ Transaction … Commit (a RELEASE) ─ unlock ─ Wait(ticket) ─ answer
//   committer:        wait for an open batch ─ lock ─ COMMIT ─ unlock ─ wake the waiters
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

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
    //! ticket to Wait() on. Errors: seam.store.busy (the batch could not begin).
    Result<std::uint64_t> Join();
    //! Call NOT holding the db mutex: returns once the ticket's batch is committed. Errors:
    //! seam.store.commit (the batch was rolled back; nothing of it was kept).
    Result<bool> Wait(std::uint64_t ticket);
    //! Commits what is open and stops the committer (later Join()s commit by themselves).
    void Stop();

  private:
    void Loop();
    Db& db_;
    std::mutex& db_mutex_;
    std::function<void(bool ok)> after_commit_;
    std::mutex mutex_;  // guards the fields below; never held while taking db_mutex_
    std::condition_variable work_, done_;
    std::uint64_t open_ = 0;       // ticket of the open batch (0 = none)
    std::uint64_t next_ = 1;       // ticket of the next batch
    std::uint64_t committed_ = 0;  // every batch up to this one is finished
    std::set<std::uint64_t> failed_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace seam::store
