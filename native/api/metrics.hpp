// native/api/metrics.hpp — request counters and latency histograms, exposed in the Prometheus
// text format at /metrics. Thread-safe; recording is a mutex and a few additions.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace seam::api {

class Metrics {
  public:
    //! One finished request: the route pattern (not the raw path, to bound cardinality).
    void Record(const std::string& method, const std::string& route, int status, double seconds);
    //! A gauge set by the host (queue length, open cases...).
    void Gauge(const std::string& name, const std::string& help, double value);
    std::string Exposition() const;

  private:
    struct Series {
        std::uint64_t count = 0;
        double sum = 0;
        std::uint64_t buckets[12] = {};
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Series> latency_;  // method, route
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::string, std::pair<std::string, double>> gauges_;
};

}  // namespace seam::api
