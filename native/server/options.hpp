// native/server/options.hpp — seamd's configuration: defaults, then SEAM_* environment, then flags.
#pragma once

#include <string>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::server {

struct Options {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string web_root;  //!< static files; empty = <dir of seamd>/../web (build/web)
    bool help = false;
    bool version = false;
};

//! Reads SEAM_HOST, SEAM_PORT, SEAM_WEB_ROOT from `env` (pairs "NAME=value"), then the flags.
//! Errors carry ids "seam.options.*".
Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& env);

//! The --help text.
std::string UsageText();

}  // namespace seam::server
