// tests/fuzz/fuzz_connector.cpp — connectors (issue 21): a connector file is parsed and checked as
// `seam check` does (against the demo actions); a connector that parses has its templates rendered
// from values of any type and bytes, and a response of any status and body mapped to an outcome.
//
// Input: a connector file (JSON) on the first line, a status (decimal) on the second, the
// response body (any bytes) on the third, the template values (a JSON object) on the fourth.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "seam/connectors/connector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view connector_text = seam::fuzz::TakeLine(rest);
    const std::string_view status_text = seam::fuzz::TakeLine(rest);
    const std::string_view body_text = seam::fuzz::TakeLine(rest);
    const std::string_view values_text = seam::fuzz::TakeLine(rest);
    namespace connectors = seam::connectors;

    std::vector<seam::flow::Diagnostic> diagnostics;
    connectors::CheckConnectors({{"fuzz.json", std::string(connector_text)}},
                                seam::fuzz::DemoRegistry(), {"TOKEN", "SIGNING_KEY"}, diagnostics);
    for (const seam::flow::Diagnostic& d : diagnostics)
        SEAM_FUZZ_CHECK(!d.ToString().empty(), "every diagnostic has words");

    const nlohmann::json doc = nlohmann::json::parse(connector_text, nullptr, false);
    if (doc.is_discarded()) return 0;
    auto parsed = connectors::ParseConnector(doc);
    if (!parsed) {
        SEAM_FUZZ_CHECK(parsed.error().id == "seam.connector.schema", "a refused file says why");
        return 0;
    }
    const connectors::Connector& c = *parsed;
    connectors::Placeholders(c);

    int status = 0;
    for (char ch : status_text.substr(0, 4)) {
        if (ch >= '0' && ch <= '9') status = status * 10 + (ch - '0');
    }
    const connectors::Mapped m = connectors::MapResponse(c, status, body_text);
    SEAM_FUZZ_CHECK(!m.outcome.empty(), "every response has an outcome");
    SEAM_FUZZ_CHECK(m.result.is_object(), "result fields are an object");
    for (auto f : {connectors::Failure::kConnect, connectors::Failure::kTimeout,
                   connectors::Failure::kNetworkError}) {
        SEAM_FUZZ_CHECK(!connectors::MapFailure(c, f).outcome.empty(), "a failure has an outcome");
    }

    const nlohmann::json values = nlohmann::json::parse(values_text, nullptr, false);
    if (values.is_discarded()) return 0;
    auto rendered = connectors::Render(c, values);
    if (rendered) {
        for (const auto& header : rendered->headers)
            SEAM_FUZZ_CHECK(header.second.find_first_of("\r\n") == std::string::npos,
                            "no header value carries a line break");
        connectors::SigningString(c.method, rendered->url, "case:step", rendered->body_text);
    }
    return 0;
}
