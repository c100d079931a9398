// native/demo_shop/options.hpp — the options of `seam-demo-shop`, the demo business's own order,
// payment and account system (native/demo_shop/shop.hpp): flags, then the environment for the
// two secrets, then a config file for them, as seamd reads its own (native/server/options.cpp).
//
//   --data DIR        the service's own store, DIR/shop.db (never seamd's file)
//   --host HOST       127.0.0.1
//   --port N          8091; 0 = a free port (the first line on stdout says which)
//   --today DATE      the business day (YYYY-MM-DD) the demo data is generated for; "" = today
//   --demo-seed N     the demo data's seed: seamd's default, so both hold the same customers
//   --assets DIR      where policy/rules.json is ("" = the repository's assets/ above the binary)
//   --config FILE     {"api_token": "...", "signing_key": "..."}; owner-only (chmod 600)
//   SEAM_DEMO_SHOP_API_TOKEN, SEAM_DEMO_SHOP_SIGNING_KEY   win over the file
//
// Errors (stable ids): seam.demo_shop.usage (an unknown flag or a flag without its value),
// seam.demo_shop.value (a number or date that is not one), seam.demo_shop.config_file,
// seam.demo_shop.config_mode (group or others may read or write it), seam.demo_shop.config_json,
// seam.demo_shop.secrets (the bearer token or the signing key missing: the start is refused).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::demo_shop {

struct Options {
    std::string data = "seam-demo-shop-data";  //!< directory of shop.db (created if missing)
    std::string host = "127.0.0.1";
    int port = 8091;               //!< 0 = pick a free one
    std::string today;             //!< YYYY-MM-DD; "" = the clock's UTC date
    std::uint64_t demo_seed = 42;  //!< seamd's default (server::Options::demo_seed)
    std::string assets;            //!< "" = server::DefaultAssetsDir()
    std::string config;            //!< the secrets file ("" = none)
    std::string api_token;         //!< Authorization: Bearer <api_token>
    std::string signing_key;       //!< key of X-Seam-Signature (HMAC-SHA256, hex)
    bool help = false;
    bool request_log = true;  //!< one line per request on stderr (not a flag: tests turn it off)
};

//! Parses `args` (argv without the program name) and `environment` ("NAME=value"), then reads
//! --config. With --help nothing else is checked. Without both secrets: seam.demo_shop.secrets.
Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& environment);

//! The --help text.
std::string UsageText();

}  // namespace seam::demo_shop
