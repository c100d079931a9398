// native/connectors/config.hpp — the values a deployment gives its `http` connectors: secrets by
// name ({{secret.NAME}}, sign's secret) and non-secret config values ({{config.NAME}}, such as a
// base URL). Never in assets/connectors/: seamd reads them from a file and from its environment.
//
//   --connectors-config FILE   {"secrets": {"DEMO_SHOP_API_TOKEN": "..."},
//                               "config":  {"DEMO_SHOP_URL": "http://127.0.0.1:8091"}}
//                              The file holds secrets: it must not be readable (or writable) by
//                              others (chmod 600 / 640); a world-readable file is refused.
//   SEAM_SECRET_<NAME>=value   a secret, e.g. SEAM_SECRET_DEMO_SHOP_API_TOKEN
//   SEAM_CONFIG_<NAME>=value   a config value, e.g. SEAM_CONFIG_DEMO_SHOP_URL
//
// The environment wins over the file (a container overrides one value without a new file).
// NAME is [A-Z][A-Z0-9_]*, as in assets/connectors/secrets.json.
//
// Errors: seam.connector.config_file (cannot read), seam.connector.config_mode (readable by
// others), seam.connector.config_json (not JSON, or not the shape above, naming the pointer).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "seam/connectors/connector.hpp"
#include "seam/core/result.hpp"

namespace seam::connectors {

struct ConnectorConfig {
    std::map<std::string, std::string> secrets;  //!< NAME -> value
    std::map<std::string, std::string> config;   //!< NAME -> value
    //! {"config": {...}, "secret": {...}}: the two namespaces of Render's values.
    nlohmann::json Values() const;
};

//! Reads `file` ("" = none) and then the SEAM_SECRET_* / SEAM_CONFIG_* entries of `environment`
//! ("NAME=value" strings, as in environ). Entries with a malformed NAME are ignored.
Result<ConnectorConfig> LoadConnectorConfig(const std::string& file,
                                            const std::vector<std::string>& environment);

//! This process's environment, as "NAME=value" strings.
std::vector<std::string> ProcessEnvironment();

//! The secret names the `http` connectors among `connectors` use ({{secret.NAME}} and sign).
std::set<std::string> RequiredSecrets(const std::vector<Connector>& connectors);
//! The config names the `http` connectors among `connectors` use ({{config.NAME}}).
std::set<std::string> RequiredConfig(const std::vector<Connector>& connectors);

//! The names of `declared` (secrets.json's names, or RequiredSecrets) that `config` has no value
//! for, sorted. seamd refuses to start when an http connector needs one of them; a name that is
//! declared but used by no loaded connector is only worth a warning.
std::vector<std::string> MissingSecrets(const ConnectorConfig& config,
                                        const std::set<std::string>& declared);

}  // namespace seam::connectors
