// web/console/fetch_transport.hpp — the browser console's Transport: the page's fetch(), same
// origin as seamd (the console is served at /console/). Answers arrive from JS through
// seam_console_answer() and wait in a queue until the next frame's Poll().
#pragma once

#include <utility>
#include <vector>

#include "seam/console/transport.hpp"

namespace seam::web_console {

class FetchTransport : public console::Transport {
  public:
    FetchTransport();
    ~FetchTransport() override;
    void Start(std::uint64_t id, const console::HttpRequest& request) override;
    std::vector<std::pair<std::uint64_t, console::HttpResponse>> Poll() override;

    //! Called from JS (seam_console_answer) when a fetch settles.
    void Deliver(std::uint64_t id, console::HttpResponse response);

  private:
    std::vector<std::pair<std::uint64_t, console::HttpResponse>> done_;
};

}  // namespace seam::web_console
