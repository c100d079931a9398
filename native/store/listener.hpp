// native/store/listener.hpp — what other seamd nodes sharing a PostgreSQL store did, as it
// happens: a connection of its own LISTENs on a channel, and a thread hands each notification's
// payload to a callback. A node's writes announce themselves with Db::Announce (pg_notify,
// inside the write's transaction: sent only if it commits, and only once it has).
//
//   node A:  write a message to case c ─ Announce("c") ─ COMMIT ──► PostgreSQL ─┐
//   node B:  Listener thread ◄─ NOTIFY seam_wake 'c' ◄──────────────────────────┘
//            └─ on_notify("c"): wakes B's long polls on case c
//
// A broken connection is opened again (every second until it works); notifications sent
// meanwhile are lost, so after a reconnect `on_notify` gets "*" (assume anything changed).
// Only PostgreSQL has this: on SQLite one seamd serves the store and needs none.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "seam/core/result.hpp"

struct pg_conn;

namespace seam::store {

class Listener {
  public:
    //! Connects to the PostgreSQL at `url`, LISTENs on `channel` and calls `on_notify` (on its
    //! own thread) with each payload; notifications sent by the connection whose backend pid
    //! `own_pid()` returns are skipped (a node's own writes woke its waiters already). Errors:
    //! seam.store.open.
    static Result<std::unique_ptr<Listener>> Start(
        const std::string& url, const std::string& channel, std::function<int()> own_pid,
        std::function<void(const std::string&)> on_notify);
    ~Listener();  //!< stops the thread and closes the connection
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    //! "*", the payload handed over after a reconnect: anything may have changed.
    static constexpr const char* kAnything = "*";

  private:
    Listener() = default;
    bool Connect();
    void Loop();
    std::string url_, channel_;
    std::function<int()> own_pid_;
    std::function<void(const std::string&)> on_notify_;
    pg_conn* conn_ = nullptr;
    int stop_pipe_[2] = {-1, -1};  // a byte written wakes the thread's poll to stop
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace seam::store
