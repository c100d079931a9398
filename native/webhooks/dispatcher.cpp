// native/webhooks/dispatcher.cpp — webhook delivery (see dispatcher.hpp).
#include "webhooks/dispatcher.hpp"

#include <httplib.h>

#include <chrono>
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
        with_db_([&](store::Db& db) { RecordAttempt(db, p, status, clock_()); });
        if (status >= 200 && status < 300) ++delivered;
    }
    if (alone) with_db_([&](store::Db&) { alone.reset(); });  // lets go holding the store
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
        DeliverDue();
    }
}

}  // namespace seam::webhooks
