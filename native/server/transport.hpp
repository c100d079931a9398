// native/server/transport.hpp — seamd's connection layer under cpp-httplib: who gets a thread,
// how long a request may take to arrive, and how much of it is read (issue 17).
//
// cpp-httplib 0.11.4 gives each connection one worker thread for its whole life and reads what
// the client sends with a timeout per recv() only; it bounds a body by its Content-Length alone
// (a chunked body is read whole, however long), and reads any number of header lines. Three
// pieces close those gaps without patching the library:
//
//   accept ─► ElasticPool ─► GuardedServer::process_and_close_socket (admission: caps)
//                               └─ keep-alive loop: wait (idle) ─► process_request(GuardedStream)
//                                                                   │ every byte httplib reads
//                                                                   ▼ passes the stream's checks
//   - ElasticPool: a TaskQueue that starts a thread whenever none is idle (up to a high cap) and
//     lets threads above the minimum retire after a minute idle. A long poll, an idle keep-alive
//     socket or a slow client holds a thread, never one of a fixed few.
//   - Admission: a cap on open connections in all, and per client address (loopback and the
//     trusted proxies are exempt); over a cap the connection gets 503 and is closed.
//   - GuardedStream: the httplib::Stream the library reads requests from. It counts the request
//     line and headers (lines and bytes: 431), gives the whole request a deadline from its
//     first byte (408; slowloris), decodes chunked framing as the library does to count the
//     body's bytes (413) and scans its JSON nesting as it arrives (400), and fails the read
//     that crosses a limit. The error handler then answers with the reason (RefusalOf) and the
//     connection is closed.
//
// The pre-routing handler (headers parsed, body not yet read) tells the stream how the body is
// framed (SetBodyFraming) after refusing what the stream cannot follow (Content-Encoding, an
// unknown Transfer-Encoding). Everything of one connection runs on one thread, so the stream of
// the request being served is found through a thread-local pointer (CurrentRequestGuard).
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace seam::server {

struct TransportLimits {
    std::size_t max_body = 64 * 1024;  //!< body bytes (chunked: the decoded payload)
    //! Body bytes of a POST/PUT to /v1/content/ (publishing a set of flows and articles at once;
    //! those routes are for signed-in operators, and the admin-only ones check the role).
    std::size_t max_content_body = 8 * 1024 * 1024;
    std::size_t max_headers = 100;       //!< header lines
    std::size_t max_head_bytes = 32768;  //!< request line + headers
    std::size_t max_json_depth = 64;     //!< nesting of the body, scanned as it arrives
    int request_timeout_ms = 20000;      //!< whole request (line, headers, body) from 1st byte
    int keep_alive_timeout_ms = 5000;    //!< idle wait for the next request on a connection
    int read_timeout_ms = 10000;         //!< one wait for bytes (also bounded by the deadline)
    int write_timeout_ms = 10000;        //!< one wait to send
    std::size_t max_connections = 4096;  //!< open connections in all
    std::size_t max_per_address = 256;   //!< per client address (0 = no cap)
    std::vector<std::string> trusted;    //!< addresses exempt from the per-address cap
    std::size_t min_threads = 32;        //!< kept ready; more start on demand
};

//! The body limit of a request, from its request line ("POST /v1/content/publish HTTP/1.1"):
//! max_content_body for a POST or PUT under /v1/content/, else max_body.
std::size_t BodyLimitFor(std::string_view request_line, const TransportLimits& limits);

//! Why the stream stopped reading the current request (kNone: it did not).
enum class Refusal { kNone, kHeadTooLarge, kBodyTooLarge, kTooDeep, kTimeout, kBadFraming };

//! The HTTP status, stable error id and message for a refusal.
struct RefusalAnswer {
    int status;
    const char* code;
    const char* message;
};
RefusalAnswer AnswerFor(Refusal refusal);

//! The request being read on this thread, seen from the handlers httplib calls.
class RequestGuard {
  public:
    virtual ~RequestGuard() = default;
    //! How the body that follows the headers is framed (call before it is read).
    virtual void SetBodyFraming(bool chunked) = 0;
    //! Close the connection after this answer (e.g. a body left unread).
    virtual void CloseAfterAnswer() = 0;
    virtual Refusal refusal() const = 0;
};

//! The guard of the request this thread is serving, or nullptr (not on a connection thread).
RequestGuard* CurrentRequestGuard();

//! A TaskQueue that grows a thread whenever none is idle, up to `max_threads`; threads above
//! `min_threads` retire after `idle_seconds` without work.
class ElasticPool : public httplib::TaskQueue {
  public:
    ElasticPool(std::size_t min_threads, std::size_t max_threads, int idle_seconds = 60);
    ~ElasticPool() override;
    void enqueue(std::function<void()> fn) override;
    void shutdown() override;
    std::size_t threads() const;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

//! httplib::Server with the transport above. Configure it as any httplib::Server (handlers,
//! timeouts are taken from `limits`, not from set_read_timeout).
class GuardedServer : public httplib::Server {
  public:
    explicit GuardedServer(TransportLimits limits);
    ~GuardedServer() override;
    //! Binds and listens on host:port (0 = any free port) with a full accept backlog
    //! (httplib's is 5: a burst of connections, widgets reconnecting after a deploy, would see
    //! SYNs dropped and retried seconds later). The port bound, or -1 (errno says why).
    int Bind(const std::string& host, int port);
    //! Serves the bound socket until Shutdown() (instead of listen_after_bind()); returns at
    //! once when Shutdown() came first.
    bool Listen();
    //! Stops listening and wakes every connection waiting for a request or its bytes. Safe at
    //! any moment from any thread, also between Bind() and Listen(): httplib's own stop() does
    //! nothing until its accept loop has marked itself running, and such a stop was lost (the
    //! accept loop then ran forever; a test's server that stopped right after starting hung).
    void Shutdown();
    //! Open connections now (admitted ones).
    std::size_t connections() const;

  private:
    bool process_and_close_socket(socket_t sock) override;
    struct Gate;
    TransportLimits limits_;
    std::unique_ptr<Gate> gate_;
    int stop_pipe_[2] = {-1, -1};
    std::mutex run_mutex_;  // guards the three flags below
    bool stop_requested_ = false, listening_ = false, listen_done_ = false;
};

}  // namespace seam::server
