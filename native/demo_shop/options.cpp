// native/demo_shop/options.cpp — `seam-demo-shop`'s flags, environment and secrets file.
#include "demo_shop/options.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "seam/core/date.hpp"

namespace seam::demo_shop {

namespace {

Result<long long> Number(const std::string& flag, const std::string& text, long long lo,
                         long long hi) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return Error::Make("seam.demo_shop.value", flag + ": '" + text + "' is not a number");
    }
    const long long v = std::atoll(text.c_str());
    if (v < lo || v > hi) {
        return Error::Make(
            "seam.demo_shop.value",
            flag + ": " + text + " is outside " + std::to_string(lo) + "-" + std::to_string(hi));
    }
    return v;
}

// {"api_token": "...", "signing_key": "..."}: values the flags and environment did not give.
Result<bool> ReadConfig(Options& o) {
    struct stat st {};
    if (::stat(o.config.c_str(), &st) != 0) {
        return Error::Make("seam.demo_shop.config_file", o.config + ": cannot read it");
    }
    // The file holds the service's secrets: only its owner may read or change it.
    if ((st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0) {
        return Error::Make("seam.demo_shop.config_mode",
                           o.config +
                               ": holds secrets but group or others may read or write it "
                               "(chmod 600)");
    }
    std::ifstream in(o.config, std::ios::binary);
    if (!in) return Error::Make("seam.demo_shop.config_file", o.config + ": cannot read it");
    std::ostringstream text;
    text << in.rdbuf();
    const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return Error::Make("seam.demo_shop.config_json", o.config + ": not a JSON object");
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        std::string* target = it.key() == "api_token"     ? &o.api_token
                              : it.key() == "signing_key" ? &o.signing_key
                                                          : nullptr;
        if (it.key() == "description") continue;
        if (target == nullptr) {
            return Error::Make("seam.demo_shop.config_json",
                               o.config + ": /" + it.key() + ": unknown field");
        }
        if (!it->is_string()) {
            return Error::Make("seam.demo_shop.config_json",
                               o.config + ": /" + it.key() + ": not a string");
        }
        if (target->empty()) *target = it->get<std::string>();
    }
    return true;
}

}  // namespace

std::string UsageText() {
    return "usage: seam-demo-shop [options]\n"
           "\n"
           "The demo business's own order, payment and account system (Larchwood Outfitters), a\n"
           "small HTTP service with its own store. seamd reaches it through the http connectors\n"
           "of assets/connectors/demo-shop/ (native/README.md, \"The demo shop service\").\n"
           "\n"
           "  --data DIR        its store, DIR/shop.db (default seam-demo-shop-data)\n"
           "  --host HOST       address to listen on (default 127.0.0.1)\n"
           "  --port N          port (default 8091; 0 = a free one, printed on the first line)\n"
           "  --today DATE      business day of the demo data, YYYY-MM-DD (default: today, UTC)\n"
           "  --demo-seed N     demo data seed (default 42, as seamd's)\n"
           "  --assets DIR      assets folder with policy/rules.json (default: the repository's)\n"
           "  --config FILE     {\"api_token\": \"...\", \"signing_key\": \"...\"}, chmod 600\n"
           "  --help            this text\n"
           "\n"
           "Environment (wins over --config): SEAM_DEMO_SHOP_API_TOKEN, "
           "SEAM_DEMO_SHOP_SIGNING_KEY.\n"
           "Both secrets are required.\n"
           "\n"
           "API: POST /v1/actions/{name} {\"params\": {...}} (Authorization: Bearer, "
           "X-Seam-Signature,\n"
           "Idempotency-Key, X-Seam-Actor, X-Seam-Customer, X-Seam-Agent, X-Seam-Case,\n"
           "X-Seam-Locale); GET /v1/stats (bearer); GET /healthz.\n";
}

Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& environment) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            o.help = true;
            return o;
        }
        static const char* const kValued[] = {"--data",      "--host",   "--port",  "--today",
                                              "--demo-seed", "--assets", "--config"};
        bool known = false;
        for (const char* k : kValued)
            known = known || a == k;
        if (!known) return Error::Make("seam.demo_shop.usage", "unknown option '" + a + "'");
        if (i + 1 >= args.size()) {
            return Error::Make("seam.demo_shop.usage", a + " needs a value");
        }
        const std::string& v = args[++i];
        if (a == "--data") {
            o.data = v;
        } else if (a == "--host") {
            o.host = v;
        } else if (a == "--port") {
            auto n = Number(a, v, 0, 65535);
            if (!n) return n.error();
            o.port = static_cast<int>(*n);
        } else if (a == "--today") {
            if (!ParseIsoDate(v)) {
                return Error::Make("seam.demo_shop.value",
                                   "--today: '" + v + "' is not YYYY-MM-DD");
            }
            o.today = v;
        } else if (a == "--demo-seed") {
            auto n = Number(a, v, 0, 999999999999LL);
            if (!n) return n.error();
            o.demo_seed = static_cast<std::uint64_t>(*n);
        } else if (a == "--assets") {
            o.assets = v;
        } else {
            o.config = v;
        }
    }
    for (const std::string& e : environment) {
        const std::size_t eq = e.find('=');
        if (eq == std::string::npos) continue;
        const std::string name = e.substr(0, eq), value = e.substr(eq + 1);
        if (name == "SEAM_DEMO_SHOP_API_TOKEN" && !value.empty()) o.api_token = value;
        if (name == "SEAM_DEMO_SHOP_SIGNING_KEY" && !value.empty()) o.signing_key = value;
    }
    if (!o.config.empty()) {
        auto read = ReadConfig(o);
        if (!read) return read.error();
    }
    std::string missing;
    if (o.api_token.empty()) missing += "the API token (SEAM_DEMO_SHOP_API_TOKEN or api_token)";
    if (o.signing_key.empty()) {
        missing += std::string(missing.empty() ? "" : " and ") +
                   "the signing key (SEAM_DEMO_SHOP_SIGNING_KEY or signing_key)";
    }
    if (!missing.empty()) {
        return Error::Make("seam.demo_shop.secrets",
                           "refusing to start without " + missing +
                               ": give them in the environment or in --config FILE");
    }
    return o;
}

}  // namespace seam::demo_shop
