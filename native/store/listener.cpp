// native/store/listener.cpp — PostgreSQL notifications from other nodes (see listener.hpp).
#include "store/listener.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace seam::store {

Result<std::unique_ptr<Listener>> Listener::Start(
    const std::string& url, const std::string& channel, std::function<int()> own_pid,
    std::function<void(const std::string&)> on_notify) {
    std::unique_ptr<Listener> l(new Listener());
    l->url_ = url;
    l->channel_ = channel;
    l->own_pid_ = std::move(own_pid);
    l->on_notify_ = std::move(on_notify);
    if (::pipe2(l->stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
        return Error::Make("seam.store.open", "listener: cannot make a pipe");
    }
    if (!l->Connect()) {
        std::string message = l->conn_ ? PQerrorMessage(l->conn_) : "out of memory";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        return Error::Make("seam.store.open", "PostgreSQL (listener): " + message);
    }
    l->thread_ = std::thread([raw = l.get()] { raw->Loop(); });
    return l;
}

Listener::~Listener() {
    stopping_ = true;
    if (stop_pipe_[1] >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(stop_pipe_[1], &byte, 1);
    }
    if (thread_.joinable()) thread_.join();
    if (conn_) PQfinish(conn_);
    for (int fd : stop_pipe_)
        if (fd >= 0) ::close(fd);
}

bool Listener::Connect() {
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdb(url_.c_str());
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return false;
    // The channel is Seam's own constant, quoted as an identifier all the same.
    char* quoted = PQescapeIdentifier(conn_, channel_.c_str(), channel_.size());
    if (!quoted) return false;
    PGresult* r = PQexec(conn_, ("LISTEN " + std::string(quoted)).c_str());
    PQfreemem(quoted);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
}

void Listener::Loop() {
    bool connected = true;
    while (!stopping_) {
        if (!connected) {
            // Down: try again every second; what was missed meanwhile is "anything".
            pollfd stop{stop_pipe_[0], POLLIN, 0};
            if (::poll(&stop, 1, 1000) > 0 || stopping_) break;
            connected = Connect();
            if (connected) on_notify_(kAnything);
            continue;
        }
        pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        const int ready = ::poll(fds, 2, 1000);
        if (stopping_) break;
        if (ready < 0) continue;  // EINTR
        if (ready == 0 && fds[0].revents == 0) continue;
        if (!PQconsumeInput(conn_) || PQstatus(conn_) != CONNECTION_OK) {
            std::fprintf(stderr,
                         "{\"level\":\"warn\",\"event\":\"listener_lost\",\"channel\":\"%s\"}\n",
                         channel_.c_str());
            connected = false;
            continue;
        }
        const int own = own_pid_ ? own_pid_() : 0;
        while (PGnotify* n = PQnotifies(conn_)) {
            if (n->be_pid != own) on_notify_(n->extra ? n->extra : "");
            PQfreemem(n);
        }
    }
}

}  // namespace seam::store
