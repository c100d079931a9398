// native/webhooks/dispatcher.hpp — a background thread that delivers the webhook outbox over
// HTTP (plain http:// URLs; put TLS in front with a proxy). It wakes on Poke() (after a commit
// that queued something) or every second for retries, and never holds the store's lock while
// waiting on the network. A store that cannot be reached is logged once and tried again at
// the next pass (at most a second later): the thread never stops and never spins.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite.hpp"

namespace seam::webhooks {

class Dispatcher {
  public:
    //! `with_db` runs a function with the store, holding whatever lock guards it.
    using WithDb = std::function<void(const std::function<void(store::Db&)>&)>;
    using Clock = std::function<std::int64_t()>;

    Dispatcher(WithDb with_db, Clock clock);
    ~Dispatcher();  //!< Stops and joins.

    void Start();
    void Poke();
    void Stop();

    //! One pass over what is due (the thread's body; tests call it directly).
    int DeliverDue();

  private:
    void Loop();
    WithDb with_db_;
    Clock clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool poked_ = false, stopping_ = false;
    bool store_down_ = false;  // the last pass could not reach the store (logged once)
    std::thread thread_;
};

//! POSTs `body` to `url` with the Seam headers; returns the HTTP status (0 = no answer).
int Post(const std::string& url, const std::string& event, std::int64_t id, const std::string& body,
         const std::string& signature);

}  // namespace seam::webhooks
