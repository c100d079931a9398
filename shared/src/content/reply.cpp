// shared/src/content/reply.cpp — saved replies for agents: parsed with every problem at its JSON
// pointer, written back in one canonical form, and filled from a case's context.
#include "seam/content/reply.hpp"

#include <set>

#include "seam/content/files.hpp"
#include "seam/core/json_depth.hpp"
#include "seam/core/json_text.hpp"

namespace seam::content {

namespace {

using nlohmann::json;

// A reply is a flat document; anything nested deeper is not one (and is not parsed).
constexpr std::size_t kMaxReplyDepth = 8;

std::string PointerEscape(std::string_view key) {  // RFC 6901
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

bool IsSlotName(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

bool KnownPlaceholder(std::string_view name) {
    if (name == "customer.first_name" || name == "customer.last_name" || name == "customer.email" ||
        name == "case.id" || name == "agent.name") {
        return true;
    }
    constexpr std::string_view kSlot = "slot.";
    return name.substr(0, kSlot.size()) == kSlot && IsSlotName(name.substr(kSlot.size()));
}

bool KnownLocale(std::string_view locale) {
    for (const char* l : kLocales) {
        if (locale == l) return true;
    }
    return false;
}

std::string Quoted(const std::string& s) {
    return DumpJson(json(s));
}

class Parser {
  public:
    Parser(std::string_view source, std::vector<flow::Diagnostic>& out)
        : source_(source), out_(out) {}

    void Report(const char* id, const std::string& pointer, const std::string& message) {
        out_.push_back({id, source_, pointer, message});
        ++errors_;
    }
    int errors() const { return errors_; }

    // {"en": "...", "es": "..."}: every locale of kLocales, non-empty strings, nothing else.
    void Words(const json& doc, const char* key, bool placeholders,
               std::map<std::string, std::string>& out) {
        const std::string at = std::string("/") + key;
        const auto it = doc.find(key);
        if (it == doc.end()) {
            Report("seam.reply.schema", "",
                   std::string("missing \"") + key + "\" ({\"en\": \"...\", \"es\": \"...\"})");
            return;
        }
        if (!it->is_object()) {
            Report("seam.reply.schema", at,
                   std::string("\"") + key +
                       "\" must be an object: {\"en\": \"...\", \"es\": \"...\"}");
            return;
        }
        for (const auto& [locale, words] : it->items()) {
            const std::string where = at + "/" + PointerEscape(locale);
            if (!KnownLocale(locale)) {
                Report("seam.reply.schema", where,
                       "unknown language " + Quoted(locale) + " (en, es)");
                continue;
            }
            if (!words.is_string() || words.get_ref<const std::string&>().empty()) {
                Report("seam.reply.schema", where, "must be a non-empty string");
                continue;
            }
            const std::string& s = words.get_ref<const std::string&>();
            if (placeholders) Placeholders(s, where);
            out[locale] = s;
        }
        for (const char* locale : kLocales) {
            if (it->find(locale) == it->end()) {
                Report("seam.reply.missing_translation", at,
                       std::string("no \"") + locale + "\" " + key +
                           ": every reply is written in " + "English (en) and Spanish (es)");
            }
        }
    }

    void Placeholders(std::string_view s, const std::string& where) {
        std::size_t pos = 0;
        while ((pos = s.find("{{", pos)) != std::string_view::npos) {
            const std::size_t close = s.find("}}", pos + 2);
            if (close == std::string_view::npos) {
                Report("seam.reply.bad_placeholder", where, "a \"{{\" with no \"}}\"");
                return;
            }
            const std::string_view name = Trim(s.substr(pos + 2, close - pos - 2));
            if (!KnownPlaceholder(name)) {
                Report("seam.reply.bad_placeholder", where,
                       "unknown placeholder {{" + std::string(name) +
                           "}}: use customer.first_name, customer.last_name, customer.email, "
                           "slot.<name>, case.id or agent.name");
            }
            pos = close + 2;
        }
    }

  private:
    std::string source_;
    std::vector<flow::Diagnostic>& out_;
    int errors_ = 0;
};

}  // namespace

bool ParseReply(std::string_view json_text, std::string_view source, Reply& out,
                std::vector<flow::Diagnostic>& diagnostics) {
    Parser p(source, diagnostics);
    out = Reply{};
    if (!JsonDepthWithin(json_text, kMaxReplyDepth)) {
        p.Report("seam.reply.json", "", "nested too deeply to be a reply");
        return false;
    }
    const json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded()) {
        p.Report("seam.reply.json", "", "not valid JSON (or not UTF-8)");
        return false;
    }
    if (!doc.is_object()) {
        p.Report("seam.reply.schema", "",
                 "a reply is a JSON object: {\"id\", \"title\", \"text\"}");
        return false;
    }
    static const std::set<std::string> kFields = {"$schema", "id", "title", "text", "tags"};
    for (const auto& [key, value] : doc.items()) {
        (void)value;
        if (kFields.count(key) == 0) {
            p.Report("seam.reply.schema", "/" + PointerEscape(key),
                     "unknown field " + Quoted(key) + " (id, title, text, tags)");
        }
    }
    const auto id = doc.find("id");
    if (id == doc.end()) {
        p.Report("seam.reply.schema", "", "missing \"id\" (the file's name)");
    } else if (!id->is_string() || !ValidName(id->get_ref<const std::string&>())) {
        p.Report("seam.reply.schema", "/id",
                 "\"id\" must be a name: 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter "
                 "or digit");
    } else {
        out.id = id->get<std::string>();
        Kind kind;
        constexpr std::string_view kFolder = "replies/", kExt = ".json";
        if (KindOf(source, kind) && kind == Kind::kReply) {
            const std::string_view name =
                source.substr(kFolder.size(), source.size() - kFolder.size() - kExt.size());
            if (name != out.id) {
                p.Report("seam.content.id_mismatch", "/id",
                         "\"id\" is " + Quoted(out.id) + " but the file's name is " +
                             Quoted(std::string(name)) + ": a reply's id is its file's name");
            }
        }
    }
    p.Words(doc, "title", false, out.title);
    p.Words(doc, "text", true, out.text);
    if (const auto tags = doc.find("tags"); tags != doc.end()) {
        if (!tags->is_array()) {
            p.Report("seam.reply.schema", "/tags", "\"tags\" must be an array of strings");
        } else {
            for (std::size_t i = 0; i < tags->size(); ++i) {
                const json& tag = (*tags)[i];
                if (!tag.is_string() || tag.get_ref<const std::string&>().empty()) {
                    p.Report("seam.reply.schema", "/tags/" + std::to_string(i),
                             "a tag is a non-empty string");
                    continue;
                }
                out.tags.push_back(tag.get<std::string>());
            }
        }
    }
    return p.errors() == 0;
}

std::string ReplyText(const Reply& reply) {
    auto words = [](const std::map<std::string, std::string>& by_locale) {
        if (by_locale.empty()) return std::string("{}");
        std::string s = "{\n";
        bool first = true;
        for (const auto& [locale, text] : by_locale) {
            s += first ? "" : ",\n";
            first = false;
            s += "    " + Quoted(locale) + ": " + Quoted(text);
        }
        return s + "\n  }";
    };
    std::string out = "{\n  \"id\": " + Quoted(reply.id) + ",\n";
    out += "  \"title\": " + words(reply.title) + ",\n";
    out += "  \"text\": " + words(reply.text) + ",\n";
    out += "  \"tags\": [";
    for (std::size_t i = 0; i < reply.tags.size(); ++i)
        out += (i ? ", " : "") + Quoted(reply.tags[i]);
    out += "]\n}\n";
    return out;
}

RenderedReply RenderReply(std::string_view text, const nlohmann::json& context) {
    RenderedReply r;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t open = text.find("{{", pos);
        const std::size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            r.text.append(text.substr(pos));
            break;
        }
        r.text.append(text.substr(pos, open - pos));
        const std::string name(Trim(text.substr(open + 2, close - open - 2)));
        pos = close + 2;
        const json* value = nullptr;
        const std::size_t dot = name.find('.');
        if (dot != std::string::npos && context.is_object()) {
            const auto group = context.find(name.substr(0, dot));
            if (group != context.end() && group->is_object()) {
                const auto it = group->find(name.substr(dot + 1));
                if (it != group->end() && !it->is_null()) value = &*it;
            }
        }
        if (value == nullptr) {
            r.text += "{{" + name + "}}";
            bool seen = false;
            for (const std::string& m : r.missing)
                seen = seen || m == name;
            if (!seen) r.missing.push_back(name);
        } else if (value->is_string()) {
            r.text += value->get_ref<const std::string&>();
        } else {
            r.text += DumpJson(*value);
        }
    }
    return r;
}

}  // namespace seam::content
