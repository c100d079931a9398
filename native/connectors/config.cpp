// native/connectors/config.cpp — the deployment's connector secrets and config (see config.hpp).
#include "connectors/config.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

extern char** environ;

namespace seam::connectors {

namespace {

bool ValidName(const std::string& name) {
    if (name.empty() || name[0] < 'A' || name[0] > 'Z') return false;
    for (char c : name) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

// Reads {"NAME": "value"} at doc[key] into `out`; the pointer of the first problem otherwise.
Result<bool> ReadSection(const nlohmann::json& doc, const char* key,
                         std::map<std::string, std::string>& out) {
    auto it = doc.find(key);
    if (it == doc.end()) return true;
    if (!it->is_object()) {
        return Error::Make("seam.connector.config_json",
                           std::string("/") + key + ": expected an object of NAME: \"value\"");
    }
    for (auto entry = it->begin(); entry != it->end(); ++entry) {
        const std::string where = std::string("/") + key + "/" + entry.key();
        if (!ValidName(entry.key())) {
            return Error::Make("seam.connector.config_json", where + ": a name is [A-Z][A-Z0-9_]*");
        }
        if (!entry->is_string()) {
            return Error::Make("seam.connector.config_json", where + ": expected a string");
        }
        out[entry.key()] = entry->get<std::string>();
    }
    return true;
}

}  // namespace

nlohmann::json ConnectorConfig::Values() const {
    nlohmann::json values = {{"config", nlohmann::json::object()},
                             {"secret", nlohmann::json::object()}};
    for (const auto& [name, value] : config)
        values["config"][name] = value;
    for (const auto& [name, value] : secrets)
        values["secret"][name] = value;
    return values;
}

Result<ConnectorConfig> LoadConnectorConfig(const std::string& file,
                                            const std::vector<std::string>& environment) {
    ConnectorConfig out;
    if (!file.empty()) {
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0) {
            return Error::Make("seam.connector.config_file", file + ": cannot read it");
        }
        // The file holds secrets: others must neither read nor change it.
        if ((st.st_mode & (S_IROTH | S_IWOTH)) != 0) {
            return Error::Make(
                "seam.connector.config_mode",
                file + ": holds secrets but others may read or write it (chmod 600)");
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) return Error::Make("seam.connector.config_file", file + ": cannot read it");
        std::ostringstream text;
        text << in.rdbuf();
        const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) {
            return Error::Make("seam.connector.config_json", file + ": not a JSON object");
        }
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            if (it.key() != "secrets" && it.key() != "config" && it.key() != "description") {
                return Error::Make("seam.connector.config_json",
                                   file + ": /" + it.key() + ": unknown field");
            }
        }
        for (const char* key : {"secrets", "config"}) {
            auto read = ReadSection(doc, key, key[0] == 's' ? out.secrets : out.config);
            if (!read) {
                return Error::Make(
                    read.error().id,
                    file + ": " + read.error().message.substr(read.error().id.size() + 3));
            }
        }
    }
    static const std::string kSecret = "SEAM_SECRET_", kConfig = "SEAM_CONFIG_";
    for (const std::string& entry : environment) {
        const std::size_t eq = entry.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = entry.substr(0, eq), value = entry.substr(eq + 1);
        for (const auto* prefix : {&kSecret, &kConfig}) {
            if (key.rfind(*prefix, 0) != 0) continue;
            const std::string name = key.substr(prefix->size());
            if (!ValidName(name)) continue;
            (prefix == &kSecret ? out.secrets : out.config)[name] = value;
        }
    }
    return out;
}

std::vector<std::string> ProcessEnvironment() {
    std::vector<std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e)
        out.emplace_back(*e);
    return out;
}

namespace {
std::set<std::string> Names(const std::vector<Connector>& connectors, const char* ns) {
    std::set<std::string> names;
    for (const Connector& c : connectors) {
        if (c.kind != Kind::kHttp) continue;
        for (const Placeholder& p : Placeholders(c)) {
            if (p.ns == ns && !p.name.empty()) names.insert(p.name);
        }
        if (c.facts) {  // the facts request is sent too
            for (const Placeholder& p : Placeholders(*c.facts)) {
                if (p.ns == ns && !p.name.empty()) names.insert(p.name);
            }
        }
    }
    return names;
}
}  // namespace

std::set<std::string> RequiredSecrets(const std::vector<Connector>& connectors) {
    return Names(connectors, "secret");
}

std::set<std::string> RequiredConfig(const std::vector<Connector>& connectors) {
    return Names(connectors, "config");
}

std::vector<std::string> MissingSecrets(const ConnectorConfig& config,
                                        const std::set<std::string>& declared) {
    std::vector<std::string> missing;
    for (const std::string& name : declared) {
        auto it = config.secrets.find(name);
        if (it == config.secrets.end() || it->second.empty()) missing.push_back(name);
    }
    return missing;
}

}  // namespace seam::connectors
