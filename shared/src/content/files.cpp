// shared/src/content/files.cpp — content paths: which files a business edits and publishes, and
// what kind each one is.
#include "seam/content/files.hpp"

#include <vector>

namespace seam::content {

namespace {

constexpr std::size_t kMaxNameBytes = 64;

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (true) {
        const std::size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos) {
            parts.push_back(path.substr(pos));
            return parts;
        }
        parts.push_back(path.substr(pos, slash - pos));
        pos = slash + 1;
    }
}

// `name` for a message: printable ASCII only (a path may hold any bytes), cut short.
std::string Shown(std::string_view name) {
    std::string out;
    for (char c : name.substr(0, kMaxNameBytes)) {
        const auto u = static_cast<unsigned char>(c);
        out.push_back(u >= 0x20 && u < 0x7f ? c : '?');
    }
    if (name.size() > kMaxNameBytes) out += "...";
    return out;
}

bool Fail(std::string* why, std::string message) {
    if (why) *why = std::move(message);
    return false;
}

// The file name `file` without `ext`, when it is a valid name.
bool NameWithExt(std::string_view file, std::string_view ext, std::string* why) {
    if (!EndsWith(file, ext)) {
        return Fail(why, "'" + Shown(file) + "' must end in " + std::string(ext));
    }
    const std::string_view name = file.substr(0, file.size() - ext.size());
    if (!ValidName(name)) {
        return Fail(why, "'" + Shown(name) +
                             "' is not a valid name: 1 to 64 of a-z, 0-9, '_' and '-', starting "
                             "with a letter or digit");
    }
    return true;
}

}  // namespace

const char* KindName(Kind kind) {
    switch (kind) {
        case Kind::kFlow:
            return "flow";
        case Kind::kFlowTest:
            return "flow_test";
        case Kind::kArticle:
            return "article";
        case Kind::kTrigger:
            return "trigger";
        case Kind::kReply:
            return "reply";
    }
    return "flow";  // cannot happen: every enumerator is listed above
}

bool ValidName(std::string_view name) {
    if (name.empty() || name.size() > kMaxNameBytes) return false;
    if (name[0] == '-' || name[0] == '_') return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool KindOf(std::string_view path, Kind& kind, std::string* why) {
    static const char* const kExpected =
        "a content path is flows/<id>.json, flows/tests/<flow>/<name>.conv, "
        "kb/<en|es>/<slug>.md, proactive/<id>.json or replies/<id>.json";
    if (path.empty()) return Fail(why, std::string("an empty path; ") + kExpected);
    const std::vector<std::string_view> parts = Split(path);
    for (std::string_view part : parts) {
        if (part == "..") return Fail(why, "'..' is not allowed in a content path");
    }
    const std::string_view top = parts[0];
    if (top == "flows" && parts.size() == 2) {
        if (parts[1] == "actions.json") {
            return Fail(why,
                        "flows/actions.json is the action registry (the code's contract with the "
                        "flows), not content");
        }
        if (!NameWithExt(parts[1], ".json", why)) return false;
        kind = Kind::kFlow;
        return true;
    }
    if (top == "flows" && parts.size() == 4 && parts[1] == "tests") {
        if (!ValidName(parts[2])) {
            return Fail(why, "'" + Shown(parts[2]) + "' is not a valid flow id");
        }
        if (!NameWithExt(parts[3], ".conv", why)) return false;
        kind = Kind::kFlowTest;
        return true;
    }
    if (top == "kb" && parts.size() == 3) {
        if (parts[1] != "en" && parts[1] != "es") {
            return Fail(why, "'" + Shown(parts[1]) +
                                 "' is not a language of the knowledge base "
                                 "(kb/en/ or kb/es/)");
        }
        if (!NameWithExt(parts[2], ".md", why)) return false;
        kind = Kind::kArticle;
        return true;
    }
    if ((top == "proactive" || top == "replies") && parts.size() == 2) {
        if (!NameWithExt(parts[1], ".json", why)) return false;
        kind = top == "proactive" ? Kind::kTrigger : Kind::kReply;
        return true;
    }
    return Fail(why, "'" + Shown(path) + "': " + kExpected);
}

std::string FlowOfTest(std::string_view path) {
    Kind kind;
    if (!KindOf(path, kind) || kind != Kind::kFlowTest) return {};
    const std::vector<std::string_view> parts = Split(path);
    return std::string(parts[2]);
}

std::string FlowPath(std::string_view flow_id) {
    return "flows/" + std::string(flow_id) + ".json";
}

Files Select(const Files& all) {
    Files out;
    for (const auto& [path, text] : all) {
        Kind kind;
        if (KindOf(path, kind)) out.emplace(path, text);
    }
    return out;
}

}  // namespace seam::content
