// native/api/metrics.cpp — Prometheus text exposition (version 0.0.4) of seamd's counters.
#include "api/metrics.hpp"

#include <cstdio>
#include <tuple>

#include "identity/secret_hash.hpp"

namespace seam::api {

namespace {
// Upper bounds of the latency buckets, seconds.
constexpr double kBounds[12] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
std::string Number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}
}  // namespace

void Metrics::Record(const std::string& method, const std::string& route, int status,
                     double seconds) {
    std::lock_guard<std::mutex> guard(mutex_);
    ++requests_[{method, route, status}];
    Series& s = latency_[{method, route}];
    ++s.count;
    s.sum += seconds;
    for (int i = 0; i < 12; ++i) {
        if (seconds <= kBounds[i]) ++s.buckets[i];
    }
}

void Metrics::Gauge(const std::string& name, const std::string& help, double value) {
    std::lock_guard<std::mutex> guard(mutex_);
    gauges_[name] = {help, value};
}

std::string Metrics::Exposition() const {
    std::lock_guard<std::mutex> guard(mutex_);
    std::string out;
    out += "# HELP seam_http_requests_total HTTP requests by method, route and status.\n";
    out += "# TYPE seam_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [method, route, status] = key;
        out += "seam_http_requests_total{method=\"" + method + "\",route=\"" + route +
               "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
    }
    out += "# HELP seam_http_request_duration_seconds Time to handle a request.\n";
    out += "# TYPE seam_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : latency_) {
        const std::string labels = "method=\"" + key.first + "\",route=\"" + key.second + "\"";
        for (int i = 0; i < 12; ++i) {
            out += "seam_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
                   Number(kBounds[i]) + "\"} " + std::to_string(s.buckets[i]) + "\n";
        }
        out += "seam_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
               std::to_string(s.count) + "\n";
        out += "seam_http_request_duration_seconds_sum{" + labels + "} " + Number(s.sum) + "\n";
        out += "seam_http_request_duration_seconds_count{" + labels + "} " +
               std::to_string(s.count) + "\n";
    }
    for (const auto& [name, g] : gauges_) {
        out += "# HELP " + name + " " + g.first + "\n# TYPE " + name + " gauge\n";
        out += name + " " + Number(g.second) + "\n";
    }
    out +=
        "# HELP seam_secret_verifications_total Argon2id checks of agent secrets (sign-ins, "
        "unknown logins included).\n# TYPE seam_secret_verifications_total counter\n";
    out +=
        "seam_secret_verifications_total " + std::to_string(identity::SecretVerifications()) + "\n";
    return out;
}

}  // namespace seam::api
