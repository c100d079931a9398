// native/server/transport.cpp — the connection layer under cpp-httplib (see transport.hpp).
//
// Index: [SECTION] Refusals · ElasticPool · GuardedStream · Admission · GuardedServer
#include "server/transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "api/client_address.hpp"
#include "seam/core/json_depth.hpp"

namespace seam::server {

namespace {
using Clock = std::chrono::steady_clock;

thread_local RequestGuard* tls_guard = nullptr;

int MsUntil(Clock::time_point when) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(when - Clock::now()).count();
    return ms <= 0 ? 0 : ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

//! Waits for `events` on `sock` (or the stop pipe): 1 ready, 0 timed out, -1 stopping/error.
int WaitFor(int sock, short events, int stop_fd, int timeout_ms) {
    pollfd fds[2] = {{sock, events, 0}, {stop_fd, POLLIN, 0}};
    for (;;) {
        const int n = ::poll(fds, stop_fd >= 0 ? 2 : 1, timeout_ms);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) return 0;
        if (stop_fd >= 0 && (fds[1].revents & POLLIN)) return -1;
        return 1;
    }
}

std::string PeerAddress(int sock, int& port, bool local) {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    const int rc = local ? ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                         : ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    if (rc != 0) return {};
    char host[NI_MAXHOST] = {0}, serv[NI_MAXSERV] = {0};
    if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof(host), serv,
                      sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return {};
    }
    port = std::atoi(serv);
    return host;
}

//! Sends all of `data` (best effort; a refusal's answer, the connection closes after it).
void SendAll(int sock, const std::string& data, int timeout_ms) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        if (WaitFor(sock, POLLOUT, -1, timeout_ms) != 1) return;
        const ssize_t n = ::send(sock, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

const char* Reason(int status) {
    switch (status) {
        case 408:
            return "Request Timeout";
        case 413:
            return "Payload Too Large";
        case 431:
            return "Request Header Fields Too Large";
        case 503:
            return "Service Unavailable";
        default:
            return "Bad Request";
    }
}

std::string CannedAnswer(int status, const char* reason, const char* code, const char* message) {
    const std::string body =
        std::string("{\"error\":{\"code\":\"") + code + "\",\"message\":\"" + message + "\"}}";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
           "Connection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

//! Closes after an answer the client may not have finished sending its request for: stop
//! writing, read and drop what still comes (at most 2 s; 0.5 s of silence ends it), close.
//! Closing with unread bytes would reset the connection and could lose the answer on its way.
void LingeringClose(int sock, int stop_fd) {
    ::shutdown(sock, SHUT_WR);
    const auto until = Clock::now() + std::chrono::seconds(2);
    char drop[16384];
    while (WaitFor(sock, POLLIN, stop_fd, std::min(500, MsUntil(until))) == 1) {
        const ssize_t n = ::recv(sock, drop, sizeof(drop), 0);
        if (n <= 0 || MsUntil(until) == 0) break;
    }
    ::close(sock);
}

}  // namespace

// [SECTION] Refusals

std::size_t BodyLimitFor(std::string_view line, const TransportLimits& limits) {
    for (const char* prefix : {"POST /v1/content/", "PUT /v1/content/"}) {
        if (line.substr(0, std::string_view(prefix).size()) == prefix) {
            return std::max(limits.max_body, limits.max_content_body);
        }
    }
    return limits.max_body;
}

RefusalAnswer AnswerFor(Refusal refusal) {
    switch (refusal) {
        case Refusal::kHeadTooLarge:
            return {431, "seam.api.headers_too_large",
                    "the request line and headers are too large or too many"};
        case Refusal::kBodyTooLarge:
            return {413, "seam.api.too_large", "the request body is too large"};
        case Refusal::kTooDeep:
            return {400, "seam.api.too_deep", "the JSON body nests too deeply"};
        case Refusal::kTimeout:
            return {408, "seam.api.request_timeout", "the request took too long to arrive"};
        case Refusal::kBadFraming:
            return {400, "seam.api.bad_framing", "the chunked body is malformed"};
        case Refusal::kNone:
            break;
    }
    return {400, "seam.api.bad_request", "the request could not be handled"};
}

RequestGuard* CurrentRequestGuard() {
    return tls_guard;
}

// [SECTION] ElasticPool

struct ElasticPool::State {
    std::size_t min_threads, max_threads;
    std::chrono::seconds idle_limit;
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::list<std::function<void()>> jobs;
    std::list<std::thread> threads;
    std::list<std::thread> retired;  // exited (or exiting) workers, joined by the next enqueue
    std::size_t idle = 0;
    bool stopping = false;

    //! Holding mutex. False when the system refuses another thread (a pids or memory limit):
    //! the job stays queued for a thread that frees up, seamd keeps running.
    bool Spawn() {
        threads.emplace_back();
        auto self = std::prev(threads.end());
        try {
            *self = std::thread([this, self] { Work(self); });
        } catch (const std::system_error&) {
            threads.erase(self);
            return false;
        }
        return true;
    }

    void Work(std::list<std::thread>::iterator self) {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            ++idle;
            const bool woken =
                wake.wait_for(lock, idle_limit, [&] { return !jobs.empty() || stopping; });
            --idle;
            if (jobs.empty()) {
                if (stopping) return;
                if (!woken && threads.size() > min_threads) {
                    retired.splice(retired.end(), threads, self);
                    return;
                }
                continue;
            }
            std::function<void()> job = std::move(jobs.front());
            jobs.pop_front();
            lock.unlock();
            job();
            job = nullptr;
            lock.lock();
        }
    }
};

ElasticPool::ElasticPool(std::size_t min_threads, std::size_t max_threads, int idle_seconds)
    : state_(std::make_shared<State>()) {
    state_->min_threads = std::max<std::size_t>(1, min_threads);
    state_->max_threads = std::max(state_->min_threads, max_threads);
    state_->idle_limit = std::chrono::seconds(idle_seconds);
    std::lock_guard<std::mutex> guard(state_->mutex);
    for (std::size_t i = 0; i < state_->min_threads; ++i)
        state_->Spawn();
}

ElasticPool::~ElasticPool() {
    shutdown();
}

void ElasticPool::enqueue(std::function<void()> fn) {
    std::list<std::thread> done;
    {
        std::lock_guard<std::mutex> guard(state_->mutex);
        done.splice(done.end(), state_->retired);
        state_->jobs.push_back(std::move(fn));
        // Every job may wait for a long time (a connection): never leave one queued behind
        // busy threads while the cap allows another.
        if (state_->idle < state_->jobs.size() && state_->threads.size() < state_->max_threads) {
            state_->Spawn();
        }
    }
    state_->wake.notify_one();
    for (std::thread& t : done)
        t.join();
}

void ElasticPool::shutdown() {
    {
        std::lock_guard<std::mutex> guard(state_->mutex);
        if (state_->stopping && state_->threads.empty() && state_->retired.empty()) return;
        state_->stopping = true;
    }
    state_->wake.notify_all();
    // Workers finish the queued jobs, then exit; none retires or spawns once stopping.
    for (;;) {
        std::list<std::thread> all;
        {
            std::lock_guard<std::mutex> guard(state_->mutex);
            all.splice(all.end(), state_->threads);
            all.splice(all.end(), state_->retired);
        }
        if (all.empty()) break;
        for (std::thread& t : all)
            t.join();
    }
}

std::size_t ElasticPool::threads() const {
    std::lock_guard<std::mutex> guard(state_->mutex);
    return state_->threads.size();
}

// [SECTION] GuardedStream

namespace {

class GuardedStream final : public httplib::Stream, public RequestGuard {
  public:
    GuardedStream(int sock, const TransportLimits& limits, int stop_fd, std::string remote,
                  int remote_port)
        : sock_(sock),
          limits_(limits),
          stop_fd_(stop_fd),
          remote_(std::move(remote)),
          remote_port_(remote_port),
          depth_(limits.max_json_depth) {
        local_ = PeerAddress(sock, local_port_, true);
    }

    //! Waits (up to the keep-alive timeout) for the first byte of the next request; then starts
    //! its deadline. False: nothing came, the peer left, or seamd is stopping.
    bool NextRequest() {
        if (off_ == len_) {
            if (WaitFor(sock_, POLLIN, stop_fd_, limits_.keep_alive_timeout_ms) != 1) return false;
            if (!Fill()) return false;
        }
        phase_ = Phase::kHead;
        head_bytes_ = 0;
        lines_ = 0;
        line_.clear();
        body_bytes_ = 0;
        body_limit_ = limits_.max_body;
        chunked_ = false;
        chunk_ = ChunkState::kSize;
        chunk_left_ = 0;
        depth_.Reset();
        refusal_ = Refusal::kNone;
        framed_ = false;
        written_ = 0;
        deadline_ = Clock::now() + std::chrono::milliseconds(limits_.request_timeout_ms);
        return true;
    }

    bool answered() const { return written_ > 0; }
    //! After the answer: close when a limit was crossed, a read failed, a handler asked, or
    //! httplib answered before the pre-routing handler framed the body (414, 400, 416...): in
    //! each case bytes of this request may be left unread, and must never be read as the next
    //! request.
    bool must_close() const { return close_ || !framed_ || refusal_ != Refusal::kNone; }

    // RequestGuard
    void SetBodyFraming(bool chunked) override {
        chunked_ = chunked;
        framed_ = true;
        phase_ = Phase::kBody;
    }
    void CloseAfterAnswer() override { close_ = true; }
    Refusal refusal() const override { return refusal_; }

    // httplib::Stream
    bool is_readable() const override {
        return off_ < len_ || WaitFor(sock_, POLLIN, stop_fd_, ReadWaitMs()) == 1;
    }
    bool is_writable() const override {
        // Not cut short by a stop: answers in progress (long polls released) still go out.
        return WaitFor(sock_, POLLOUT, -1, limits_.write_timeout_ms) == 1;
    }
    ssize_t read(char* ptr, size_t size) override {
        if (refusal_ != Refusal::kNone || size == 0) return -1;
        if (off_ == len_) {
            const int wait = ReadWaitMs();
            const int ready = WaitFor(sock_, POLLIN, stop_fd_, wait);
            if (ready != 1) {
                if (ready == 0 && MsUntil(deadline_) == 0) refusal_ = Refusal::kTimeout;
                close_ = true;  // the rest of the request may still come: never parse it
                return -1;
            }
            if (!Fill()) {
                close_ = true;
                return eof_ ? 0 : -1;
            }
        }
        const std::size_t n = std::min(size, len_ - off_);
        std::memcpy(ptr, buffer_ + off_, n);
        off_ += n;
        if (!Inspect(ptr, n)) return -1;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable()) return -1;
        const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
        if (n > 0) written_ += static_cast<std::size_t>(n);
        return n;
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = remote_;
        port = remote_port_;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = local_;
        port = local_port_;
    }
    socket_t socket() const override { return sock_; }

  private:
    enum class Phase { kHead, kBody, kDone };
    enum class ChunkState { kSize, kData, kDataEnd, kTrailer, kDone };

    int ReadWaitMs() const { return std::min(limits_.read_timeout_ms, MsUntil(deadline_)); }

    bool Fill() {
        for (;;) {
            const ssize_t n = ::recv(sock_, buffer_, sizeof(buffer_), 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                eof_ = n == 0;
                return false;
            }
            off_ = 0;
            len_ = static_cast<std::size_t>(n);
            return true;
        }
    }

    bool Refuse(Refusal why) {
        refusal_ = why;
        return false;
    }

    //! Follows the bytes handed to httplib; false (and a refusal) when one crosses a limit.
    bool Inspect(const char* p, std::size_t n) {
        std::size_t i = 0;
        while (i < n && phase_ == Phase::kHead) {
            const char c = p[i++];
            if (++head_bytes_ > limits_.max_head_bytes) return Refuse(Refusal::kHeadTooLarge);
            line_.push_back(c);
            if (c != '\n') continue;
            // httplib ends the headers at a line that is exactly CRLF (after the request line).
            const bool blank = line_ == "\r\n";
            if (lines_ == 0) body_limit_ = BodyLimitFor(line_, limits_);
            line_.clear();
            if (blank && lines_ > 0) {
                phase_ = Phase::kBody;  // raw until the pre-routing handler says chunked
                break;
            }
            if (++lines_ > limits_.max_headers + 1) return Refuse(Refusal::kHeadTooLarge);
        }
        if (i < n && phase_ == Phase::kBody) return Body(p + i, n - i);
        return true;
    }

    bool Payload(const char* p, std::size_t n) {
        body_bytes_ += n;
        if (body_bytes_ > body_limit_) return Refuse(Refusal::kBodyTooLarge);
        if (!depth_.Feed(std::string_view(p, n))) return Refuse(Refusal::kTooDeep);
        return true;
    }

    // Chunked framing read exactly as httplib 0.11.4 reads it (detail::read_content_chunked):
    // a size line parsed by strtoul base 16, that many bytes, a line that must be CRLF for
    // another chunk to follow, and after the 0 chunk one more line. Lines here are bounded.
    bool Body(const char* p, std::size_t n) {
        if (!chunked_) return Payload(p, n);
        std::size_t i = 0;
        while (i < n) {
            switch (chunk_) {
                case ChunkState::kData: {
                    const std::size_t take =
                        static_cast<std::size_t>(std::min<std::uint64_t>(chunk_left_, n - i));
                    if (!Payload(p + i, take)) return false;
                    i += take;
                    chunk_left_ -= take;
                    if (chunk_left_ == 0) chunk_ = ChunkState::kDataEnd;
                    break;
                }
                case ChunkState::kDone:
                    return true;  // httplib is done with the body
                default: {
                    const char c = p[i++];
                    line_.push_back(c);
                    if (line_.size() > 256) return Refuse(Refusal::kBadFraming);
                    if (c != '\n') break;
                    const std::string line = std::move(line_);
                    line_.clear();
                    if (chunk_ == ChunkState::kSize) {
                        char* end = nullptr;
                        const unsigned long size = std::strtoul(line.c_str(), &end, 16);
                        if (end == line.c_str() || size == ULONG_MAX) {
                            return Refuse(Refusal::kBadFraming);
                        }
                        if (size > body_limit_ - std::min(body_bytes_, body_limit_)) {
                            return Refuse(Refusal::kBodyTooLarge);
                        }
                        chunk_left_ = size;
                        chunk_ = size == 0 ? ChunkState::kTrailer : ChunkState::kData;
                    } else if (line != "\r\n") {
                        // A chunk's data not followed by CRLF, or a trailer field after the 0
                        // chunk (httplib 0.11.4 cannot read trailers): a framing error, answered
                        // 400 and the connection closed, never read on as the next request.
                        return Refuse(Refusal::kBadFraming);
                    } else {
                        chunk_ =
                            chunk_ == ChunkState::kDataEnd ? ChunkState::kSize : ChunkState::kDone;
                    }
                }
            }
        }
        return true;
    }

    int sock_;
    const TransportLimits& limits_;
    int stop_fd_;
    std::string remote_, local_;
    int remote_port_ = 0, local_port_ = 0;
    char buffer_[8192];
    std::size_t off_ = 0, len_ = 0;
    bool eof_ = false;
    bool close_ = false;
    // The current request.
    bool framed_ = false;  // the pre-routing handler read the headers and framed the body
    Clock::time_point deadline_ = Clock::now();
    Phase phase_ = Phase::kHead;
    std::size_t head_bytes_ = 0, lines_ = 0, body_bytes_ = 0, written_ = 0;
    std::size_t body_limit_ = 0;  // of the current request (BodyLimitFor its request line)
    std::string line_;
    bool chunked_ = false;
    ChunkState chunk_ = ChunkState::kSize;
    std::uint64_t chunk_left_ = 0;
    JsonDepthScanner depth_;
    Refusal refusal_ = Refusal::kNone;
};

}  // namespace

// [SECTION] Admission

struct GuardedServer::Gate {
    std::mutex mutex;
    std::size_t open = 0;
    std::unordered_map<std::string, std::size_t> per_address;

    bool Admit(const TransportLimits& limits, const std::string& address) {
        std::lock_guard<std::mutex> guard(mutex);
        if (open >= limits.max_connections) return false;
        const bool exempt =
            limits.max_per_address == 0 || api::IsTrustedProxy(address, limits.trusted);
        std::size_t& mine = per_address[address];
        if (!exempt && mine >= limits.max_per_address) {
            if (mine == 0) per_address.erase(address);
            return false;
        }
        ++mine;
        ++open;
        return true;
    }
    void Leave(const std::string& address) {
        std::lock_guard<std::mutex> guard(mutex);
        --open;
        auto it = per_address.find(address);
        if (it != per_address.end() && --it->second == 0) per_address.erase(it);
    }
};

// [SECTION] GuardedServer

GuardedServer::GuardedServer(TransportLimits limits)
    : limits_(std::move(limits)), gate_(std::make_unique<Gate>()) {
    if (::pipe2(stop_pipe_, O_CLOEXEC) != 0) stop_pipe_[0] = stop_pipe_[1] = -1;
    const std::size_t min_threads = limits_.min_threads;
    // Over the caps a connection still needs a thread to be told 503: a few more than the cap.
    const std::size_t max_threads = limits_.max_connections + 64;
    new_task_queue = [min_threads, max_threads] {
        return new ElasticPool(min_threads, max_threads);
    };
    keep_alive_timeout_sec_ = std::max(1, limits_.keep_alive_timeout_ms / 1000);
}

GuardedServer::~GuardedServer() {
    for (int fd : stop_pipe_)
        if (fd >= 0) ::close(fd);
}

bool GuardedServer::Listen() {
    {
        std::lock_guard<std::mutex> guard(run_mutex_);
        if (stop_requested_) return true;
        listening_ = true;
    }
    const bool ok = listen_after_bind();
    std::lock_guard<std::mutex> guard(run_mutex_);
    listen_done_ = true;
    return ok;
}

void GuardedServer::Shutdown() {
    {
        std::lock_guard<std::mutex> guard(run_mutex_);
        stop_requested_ = true;
    }
    if (stop_pipe_[1] >= 0) {
        const char byte = 1;
        while (::write(stop_pipe_[1], &byte, 1) < 0 && errno == EINTR) {
            ;
        }
    }
    // Listen() has not begun (it will see the request and return), has ended, or is about to
    // mark its accept loop running: wait for that moment, then stop it.
    for (;;) {
        if (is_running()) {
            stop();
            return;
        }
        {
            std::lock_guard<std::mutex> guard(run_mutex_);
            if (!listening_ || listen_done_) return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

int GuardedServer::Bind(const std::string& host, int port) {
    int bound = port;
    if (port == 0) {
        bound = bind_to_any_port(host.c_str());
    } else if (!bind_to_port(host.c_str(), port)) {
        bound = -1;
    }
    if (bound > 0) {
        const socket_t sock = svr_sock_;
        if (sock != INVALID_SOCKET) ::listen(sock, SOMAXCONN);  // again: only the backlog changes
    }
    return bound;
}

std::size_t GuardedServer::connections() const {
    std::lock_guard<std::mutex> guard(gate_->mutex);
    return gate_->open;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    int remote_port = 0;
    const std::string remote = PeerAddress(sock, remote_port, false);
    if (!gate_->Admit(limits_, remote)) {
        SendAll(sock,
                CannedAnswer(503, Reason(503), "seam.api.too_many_connections",
                             "too many open connections; retry in a moment"),
                limits_.write_timeout_ms);
        LingeringClose(sock, stop_pipe_[0]);
        return false;
    }
    bool ret = false;
    bool lingering = false;
    {
        GuardedStream stream(sock, limits_, stop_pipe_[0], remote, remote_port);
        tls_guard = &stream;
        std::size_t count = keep_alive_max_count_;
        while (svr_sock_ != INVALID_SOCKET && count > 0 && stream.NextRequest()) {
            bool closed = false;
            ret = process_request(stream, count == 1, closed, nullptr);
            const Refusal refusal = stream.refusal();
            if (refusal != Refusal::kNone && !stream.answered()) {
                // httplib gives up without an answer when the request line itself fails.
                const RefusalAnswer a = AnswerFor(refusal);
                SendAll(sock, CannedAnswer(a.status, Reason(a.status), a.code, a.message),
                        limits_.write_timeout_ms);
            }
            if (stream.must_close()) {
                lingering = true;
                break;
            }
            if (!ret || closed) break;
            --count;
        }
        tls_guard = nullptr;
    }
    if (lingering) {
        LingeringClose(sock, stop_pipe_[0]);
    } else {
        ::shutdown(sock, SHUT_RDWR);
        ::close(sock);
    }
    gate_->Leave(remote);
    return ret;
}

}  // namespace seam::server
