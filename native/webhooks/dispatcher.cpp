// native/webhooks/dispatcher.cpp — webhook delivery (see dispatcher.hpp).
#include "webhooks/dispatcher.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <vector>

#include "store/node_lock.hpp"
#include "webhooks/outbox.hpp"

namespace seam::webhooks {

int Post(const std::string& url, const std::string& event, std::int64_t id, const std::string& body,
         const std::string& signature) {
    // http://host[:port][/path]
    static const std::string kScheme = "http://";
    if (url.rfind(kScheme, 0) != 0) return 0;
    const std::size_t slash = url.find('/', kScheme.size());
    const std::string origin = slash == std::string::npos ? url : url.substr(0, slash);
    const std::string path = slash == std::string::npos ? "/" : url.substr(slash);
    httplib::Client client(origin);
    client.set_connection_timeout(3, 0);
    client.set_read_timeout(5, 0);
    client.set_write_timeout(5, 0);
    const httplib::Headers headers = {{"X-Seam-Event", event},
                                      {"X-Seam-Delivery", std::to_string(id)},
                                      {"X-Seam-Signature", signature},
                                      {"User-Agent", "seamd-webhooks"}};
    auto r = client.Post(path, headers, body, "application/json");
    return r ? r->status : 0;
}

Dispatcher::Dispatcher(WithDb with_db, Clock clock)
    : with_db_(std::move(with_db)), clock_(std::move(clock)) {}

Dispatcher::~Dispatcher() {
    Stop();
}

void Dispatcher::Start() {
    thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Poke() {
    std::lock_guard<std::mutex> guard(mutex_);
    poked_ = true;
    wake_.notify_all();
}

void Dispatcher::Stop() {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        stopping_ = true;
        wake_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

int Dispatcher::DeliverDue() {
    // Several seamd nodes on one PostgreSQL store share the outbox: one delivers at a time
    // (an advisory lock held from reading what is due until its attempts are recorded), so a
    // delivery is never sent by two nodes. A node killed meanwhile lets go with its connection.
    std::optional<store::NodeLock> alone;
    // A store that cannot be reached (a PostgreSQL restart) reads as nothing due: the outbox
    // waits in the database, and the next pass (a second later at most) tries again.
    const std::uint64_t unavailable = store::Db::UnavailableSeen();
    std::vector<Pending> due;
    with_db_([&](store::Db& db) {
        auto taken = store::NodeLock::TryTake(db, "seam.webhooks");
        if (!taken || !*taken) return;  // another node delivers now (or the store is down)
        alone.emplace(std::move(**taken));
        due = Due(db, clock_(), 50);
    });
    int delivered = 0;
    for (const Pending& p : due) {
        const int status = Post(p.url, p.event, p.id, p.body, p.signature);
        Result<bool> recorded = false;
        with_db_([&](store::Db& db) { recorded = RecordAttempt(db, p, status, clock_()); });
        if (!recorded) {
            // Sent but not recorded: it goes out again later (receivers dedupe by
            // X-Seam-Delivery, as for any retry).
            std::fprintf(stderr,
                         "{\"level\":\"warn\",\"what\":\"webhooks: an attempt was not "
                         "recorded; it will be sent again\",\"delivery\":%lld,\"error\":\"%s\"}\n",
                         static_cast<long long>(p.id), recorded.error().id.c_str());
        }
        if (status >= 200 && status < 300) ++delivered;
    }
    if (alone) with_db_([&](store::Db&) { alone.reset(); });  // lets go holding the store
    const bool down = store::Db::UnavailableSeen() != unavailable;
    if (down != store_down_) {  // once per outage, not once a second
        store_down_ = down;
        std::fprintf(stderr,
                     down ? "{\"level\":\"warn\",\"what\":\"webhooks: the store cannot be "
                            "reached; deliveries wait for it\"}\n"
                          : "{\"level\":\"info\",\"what\":\"webhooks: the store is back\"}\n");
    }
    return delivered;
}

void Dispatcher::Loop() {
    for (;;) {
        {
            std::unique_lock<std::mutex> guard(mutex_);
            wake_.wait_for(guard, std::chrono::seconds(1), [this] { return poked_ || stopping_; });
            if (stopping_) return;
            poked_ = false;
        }
        try {
            DeliverDue();
        } catch (const std::exception& e) {  // a bug, not a condition: keep the thread alive
            std::fprintf(stderr, "{\"level\":\"error\",\"what\":\"webhooks: %s\"}\n", e.what());
        }
    }
}

}  // namespace seam::webhooks
