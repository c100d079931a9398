// native/server/options.cpp — parsing seamd's flags and environment.
#include "options.hpp"

#include <cstdlib>

namespace seam::server {

namespace {

Result<int> ParsePort(const std::string& text, const std::string& source) {
    if (text.empty() || text.size() > 5 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return Error::Make("seam.options.bad_port",
                           source + ": '" + text + "' is not a port number (1-65535)");
    }
    const int port = std::atoi(text.c_str());
    if (port < 1 || port > 65535) {
        return Error::Make("seam.options.bad_port", source + ": " + text + " is outside 1-65535");
    }
    return port;
}

}  // namespace

std::string UsageText() {
    return "usage: seamd [options]\n"
           "Seam's backend: HTTP API and the web assets (widget, demo pages, console).\n\n"
           "options (environment variable in brackets):\n"
           "  --host ADDR       address to listen on (SEAM_HOST)       default 127.0.0.1\n"
           "  --port N          port to listen on (SEAM_PORT)          default 8080\n"
           "  --web-root DIR    static files to serve (SEAM_WEB_ROOT)  default <seamd dir>/../web\n"
           "  --version         print the version and exit\n"
           "  --help            print this help and exit\n\n"
           "endpoints:\n"
           "  GET /healthz      liveness: {\"status\":\"ok\",\"version\":...}\n"
           "  GET /*            files under the web root\n";
}

Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& env) {
    Options o;
    for (const std::string& kv : env) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos) continue;
        const std::string name = kv.substr(0, eq);
        const std::string value = kv.substr(eq + 1);
        if (name == "SEAM_HOST") {
            o.host = value;
        } else if (name == "SEAM_PORT") {
            Result<int> port = ParsePort(value, "SEAM_PORT");
            if (!port) return port.error();
            o.port = *port;
        } else if (name == "SEAM_WEB_ROOT") {
            o.web_root = value;
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const char* flag) -> Result<std::string> {
            if (i + 1 >= args.size()) {
                return Error::Make("seam.options.missing_value",
                                   std::string(flag) + " needs a value");
            }
            return args[++i];
        };
        if (a == "--help" || a == "-h") {
            o.help = true;
        } else if (a == "--version") {
            o.version = true;
        } else if (a == "--host") {
            Result<std::string> v = value("--host");
            if (!v) return v.error();
            o.host = *v;
        } else if (a == "--port") {
            Result<std::string> v = value("--port");
            if (!v) return v.error();
            Result<int> port = ParsePort(*v, "--port");
            if (!port) return port.error();
            o.port = *port;
        } else if (a == "--web-root") {
            Result<std::string> v = value("--web-root");
            if (!v) return v.error();
            o.web_root = *v;
        } else {
            return Error::Make("seam.options.unknown", "unknown option '" + a + "' (see --help)");
        }
    }
    return o;
}

}  // namespace seam::server
