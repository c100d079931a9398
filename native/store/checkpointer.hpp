// native/store/checkpointer.hpp — moves the WAL into the database file from a background
// thread with its own connection, so no request pays for a checkpoint (and its fsync). The
// serving connection turns its automatic checkpoints off while a Checkpointer runs.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::store {

class Checkpointer {
  public:
    //! Opens its own connection to `path`; checkpoints (PASSIVE) every `interval_ms`.
    static Result<std::unique_ptr<Checkpointer>> Start(const std::string& path, int interval_ms);
    ~Checkpointer();  //!< a last checkpoint, then stops

  private:
    Checkpointer() = default;
    void Loop();
    std::unique_ptr<Db> db_;
    int interval_ms_ = 250;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace seam::store
