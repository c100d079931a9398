// native/store/checkpointer.hpp — moves the WAL into the database file from a background
// thread with its own connection, so no request pays for a checkpoint (and its fsync). The
// serving connection turns its automatic checkpoints off while a Checkpointer runs.
//
// A checkpoint that runs beside the writer never catches up with it under a steady load, and
// SQLite starts the WAL over only once a checkpoint copied all of it: the file would grow
// without end (1 GB in 30 s of saturating turns), and every page read would look through a
// longer WAL index. So once the WAL passes `restart_frames`, the background connection copies
// in a loop until only a few frames are left, and then asks the writer to start the WAL over:
// between two batches, holding the store, the writer's RestartIfDue() copies those few frames
// and restarts the log. The writers wait for a checkpoint of a handful of pages (about a
// millisecond), not for the whole WAL's.
//
//   background:  PASSIVE … PASSIVE (the WAL is long) … PASSIVE, PASSIVE … (nearly all copied)
//                → due ─ (waits for the writer)
//   writer:      commit ─ RestartIfDue: RESTART (a few frames) ─ next batch starts at frame 1
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

class Checkpointer {
  public:
    //! Opens its own connection to `path`; checkpoints (PASSIVE) every `interval_ms`, and
    //! arranges a restart of the WAL once it holds more than `restart_frames` pages.
    static Result<std::unique_ptr<Checkpointer>> Start(const std::string& path, int interval_ms,
                                                       int restart_frames = kRestartFrames);
    ~Checkpointer();  //!< a last checkpoint, then stops

    //! 64 MiB of 4 KiB pages.
    static constexpr int kRestartFrames = 16384;

    //! Call on the serving connection, holding the store, with no transaction open: when a
    //! restart is due, copies what is left of the WAL and starts it over (never waiting for a
    //! lock: if one is held, it tries again at the next call). True when it restarted.
    bool RestartIfDue(Db& serving);

    //! What it did so far (for the benchmark's and the tests' figures).
    struct Stats {
        std::uint64_t passes = 0;    //!< background checkpoints
        std::uint64_t restarts = 0;  //!< WAL restarts done by the writer
        int last_log = 0;            //!< the WAL's frames at the last background checkpoint
    };
    Stats stats() const;

  private:
    Checkpointer() = default;
    void Loop();
    std::unique_ptr<Db> db_;
    int interval_ms_ = 250;
    int restart_frames_ = kRestartFrames;
    std::atomic<bool> due_{false};
    std::atomic<std::uint64_t> passes_{0}, restarts_{0};
    std::atomic<int> last_log_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace seam::store
