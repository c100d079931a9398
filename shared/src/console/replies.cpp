// shared/src/console/replies.cpp — saved replies in the console (see replies.hpp).
//
// Index of this file
//   [SECTION] Reading replies
//   [SECTION] From a case
//   [SECTION] RepliesEditor
//   [SECTION] DeskReplies
#include "seam/console/replies.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "seam/text/stem.hpp"

namespace seam::console {

using nlohmann::json;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Trim(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return "";
    const auto end = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(begin, end - begin + 1));
}

//! locale -> words, from an object of strings (other members are skipped).
std::map<std::string, std::string> ReadWords(const json& j) {
    std::map<std::string, std::string> out;
    if (!j.is_object()) return out;
    for (const auto& [key, value] : j.items())
        if (value.is_string()) out[key] = value.get<std::string>();
    return out;
}

const std::string& WordsIn(const std::map<std::string, std::string>& words,
                           const std::string& locale) {
    static const std::string kNone;
    auto it = words.find(locale);
    if (it != words.end() && !it->second.empty()) return it->second;
    for (const auto& [l, w] : words)
        if (!w.empty()) return w;
    return kNone;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Reading replies
//-----------------------------------------------------------------------------

std::string ReplyPath(std::string_view id) {
    return "replies/" + std::string(id) + ".json";
}

std::string ReplyIdOfPath(std::string_view path) {
    if (!StartsWith(path, "replies/") || path.size() <= 13 ||
        path.substr(path.size() - 5) != ".json") {
        return "";
    }
    const std::string_view id = path.substr(8, path.size() - 13);
    return id.find('/') == std::string_view::npos ? std::string(id) : "";
}

std::optional<content::Reply> ReadReplyFields(std::string_view json_text) {
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    content::Reply r;
    if (auto it = j.find("id"); it != j.end() && it->is_string()) r.id = it->get<std::string>();
    if (auto it = j.find("title"); it != j.end()) r.title = ReadWords(*it);
    if (auto it = j.find("text"); it != j.end()) r.text = ReadWords(*it);
    if (auto it = j.find("tags"); it != j.end() && it->is_array()) {
        for (const json& t : *it)
            if (t.is_string()) r.tags.push_back(t.get<std::string>());
    }
    return r;
}

std::vector<content::Reply> ParseReplies(const content::Files& files) {
    std::vector<content::Reply> out;
    for (const auto& [path, text] : files) {
        if (ReplyIdOfPath(path).empty()) continue;
        content::Reply r;
        std::vector<flow::Diagnostic> problems;
        if (content::ParseReply(text, path, r, problems)) out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(),
              [](const content::Reply& a, const content::Reply& b) { return a.id < b.id; });
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] From a case
//-----------------------------------------------------------------------------

json ReplyContext(const HandoffDetail& d, const std::string& agent_name) {
    json customer = json::object();
    auto put = [](json& to, const char* key, const std::string& value) {
        if (!value.empty()) to[key] = value;
    };
    put(customer, "first_name", d.customer.first_name);
    put(customer, "last_name", d.customer.last_name);
    put(customer, "email", d.customer.email);
    json slots = json::object();
    for (const SlotValue& s : d.slots)
        if (!s.slot.empty() && !s.value.empty()) slots[s.slot] = s.value;
    json kase = json::object();
    put(kase, "id", d.case_id);
    json agent = json::object();
    put(agent, "name", agent_name);
    return {{"customer", customer}, {"slot", slots}, {"case", kase}, {"agent", agent}};
}

std::string CaseLanguage(const HandoffDetail& d) {
    for (const std::string* locale : {&d.case_locale, &d.customer.locale}) {
        if (locale->empty()) continue;
        const std::string lang = text::PrimaryLanguageTag(*locale);
        for (const char* known : content::kLocales)
            if (lang == known) return lang;
    }
    return "en";
}

bool ReplyMatches(const content::Reply& reply, std::string_view filter) {
    const std::string needle = Lower(Trim(filter));
    if (needle.empty()) return true;
    if (Lower(reply.id).find(needle) != std::string::npos) return true;
    for (const auto& [locale, title] : reply.title)
        if (Lower(title).find(needle) != std::string::npos) return true;
    for (const std::string& tag : reply.tags)
        if (Lower(tag).find(needle) != std::string::npos) return true;
    return false;
}

std::vector<OfferedReply> OfferReplies(const std::vector<content::Reply>& replies,
                                       const HandoffDetail& d, const std::string& agent_name,
                                       std::string_view filter, const std::string& locale) {
    std::vector<OfferedReply> out;
    const std::string lang = locale.empty() ? CaseLanguage(d) : locale;
    const json context = ReplyContext(d, agent_name);
    for (const content::Reply& r : replies) {
        if (!ReplyMatches(r, filter)) continue;
        OfferedReply o;
        o.id = r.id;
        o.locale = lang;
        o.title = WordsIn(r.title, lang);
        content::RenderedReply rendered = content::RenderReply(WordsIn(r.text, lang), context);
        o.text = std::move(rendered.text);
        o.missing = std::move(rendered.missing);
        o.tags = r.tags;
        out.push_back(std::move(o));
    }
    std::sort(out.begin(), out.end(),
              [](const OfferedReply& a, const OfferedReply& b) { return a.id < b.id; });
    return out;
}

std::vector<std::string> UnfilledPlaceholders(std::string_view text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while ((at = text.find("{{", at)) != std::string_view::npos) {
        const std::size_t end = text.find("}}", at + 2);
        if (end == std::string_view::npos) break;
        const std::string name = Trim(text.substr(at + 2, end - at - 2));
        bool ok = !name.empty();
        for (char c : name) {
            const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                 (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            ok = ok && allowed;
        }
        if (ok && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        at = ok ? end + 2 : at + 2;
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] RepliesEditor
//-----------------------------------------------------------------------------

RepliesEditor::RepliesEditor(ContentModel& content) : content_(content) {}

std::vector<ReplyEntry> RepliesEditor::Entries() const {
    std::set<std::string> ids;
    for (const auto& [path, text] : content_.published())
        if (!ReplyIdOfPath(path).empty()) ids.insert(ReplyIdOfPath(path));
    for (const auto& [path, text] : content_.drafts())
        if (!ReplyIdOfPath(path).empty()) ids.insert(ReplyIdOfPath(path));
    std::vector<ReplyEntry> out;
    for (const std::string& id : ids) {
        const std::string path = ReplyPath(id);
        const std::string* text = content_.Text(path);
        ReplyEntry e;
        e.id = id;
        e.removed = content_.removed(path);
        e.draft = content_.has_draft(path);
        e.problems = !content_.ProblemsOf(path).empty();
        if (text) {
            if (auto r = ReadReplyFields(*text)) {
                e.title = WordsIn(r->title, "en");
                for (const char* l : content::kLocales) {
                    auto t = r->text.find(l);
                    if (t == r->text.end() || Trim(t->second).empty()) e.missing_translation = true;
                }
            } else {
                e.problems = true;
            }
        }
        if (!text && !e.removed) continue;
        out.push_back(std::move(e));
    }
    return out;
}

void RepliesEditor::Select(const std::string& id) {
    selected_ = id;
    Load();
}

void RepliesEditor::Load() {
    readable_ = false;
    reply_ = content::Reply{};
    seen_.clear();
    if (selected_.empty()) return;
    const std::string* text = content_.Text(ReplyPath(selected_));
    if (!text) return;
    seen_ = *text;
    if (auto r = ReadReplyFields(*text)) {
        reply_ = std::move(*r);
        readable_ = true;
    }
}

void RepliesEditor::Write() {
    if (!readable_ || selected_.empty()) return;
    if (reply_.id.empty()) reply_.id = selected_;
    seen_ = content::ReplyText(reply_);
    content_.SetDraft(ReplyPath(selected_), seen_);
}

void RepliesEditor::Update() {
    if (selected_.empty()) return;
    const std::string* text = content_.Text(ReplyPath(selected_));
    if (!text) {
        if (!seen_.empty() || readable_) Load();
        return;
    }
    if (*text != seen_) Load();
}

void RepliesEditor::SetTitle(const std::string& locale, std::string text) {
    if (!readable_) return;
    reply_.title[locale] = std::move(text);
    Write();
}

void RepliesEditor::SetText(const std::string& locale, std::string text) {
    if (!readable_) return;
    reply_.text[locale] = std::move(text);
    Write();
}

void RepliesEditor::SetTags(const std::string& comma_separated) {
    if (!readable_) return;
    reply_.tags.clear();
    std::size_t start = 0;
    while (start <= comma_separated.size()) {
        std::size_t comma = comma_separated.find(',', start);
        if (comma == std::string::npos) comma = comma_separated.size();
        const std::string tag = Trim(comma_separated.substr(start, comma - start));
        if (!tag.empty()) reply_.tags.push_back(tag);
        start = comma + 1;
    }
    Write();
}

bool RepliesEditor::Add(const std::string& id, std::string* why) {
    if (!content::ValidName(id)) {
        if (why)
            *why = "A reply id is 1-64 of a-z, 0-9, '_' and '-', starting with a letter or digit.";
        return false;
    }
    const std::string path = ReplyPath(id);
    if (content_.Text(path) && !content_.removed(path)) {
        if (why) *why = "There is a reply '" + id + "' already.";
        return false;
    }
    selected_ = id;
    reply_ = content::Reply{};
    reply_.id = id;
    for (const char* l : content::kLocales) {
        reply_.title[l] = "";
        reply_.text[l] = "";
    }
    readable_ = true;
    Write();
    return true;
}

void RepliesEditor::Remove() {
    if (selected_.empty()) return;
    content_.RemoveFile(ReplyPath(selected_));
}

void RepliesEditor::SaveDraft() {
    if (!selected_.empty() && content_.has_draft(ReplyPath(selected_)))
        content_.SaveDraft(ReplyPath(selected_));
}

void RepliesEditor::DiscardDraft() {
    if (selected_.empty()) return;
    content_.DiscardDraft(ReplyPath(selected_));
    Load();
}

std::vector<std::string> RepliesEditor::Problems() const {
    std::vector<std::string> out;
    if (selected_.empty()) return out;
    const std::string path = ReplyPath(selected_);
    if (content_.removed(path)) return out;
    content::Reply parsed;
    std::vector<flow::Diagnostic> problems;
    if (!content::ParseReply(seen_, path, parsed, problems)) {
        for (const flow::Diagnostic& d : problems)
            out.push_back("[" + d.id + "] " + d.message);
        if (out.empty()) out.push_back("The reply does not parse.");
        return out;
    }
    for (const flow::Diagnostic& d : content_.ProblemsOf(path))
        out.push_back("[" + d.id + "] " + d.message);
    return out;
}

json SampleReplyContext() {
    return {
        {"customer", {{"first_name", "Ana"}, {"last_name", "Lima"}, {"email", "ana@example.com"}}},
        {"slot", {{"order_number", "LW-104233"}}},
        {"case", {{"id", "c_sample"}}},
        {"agent", {{"name", "Maya Patel"}}}};
}

content::RenderedReply RepliesEditor::Preview(const std::string& locale) const {
    if (!readable_) return {};
    auto it = reply_.text.find(locale);
    if (it == reply_.text.end()) return {};
    return content::RenderReply(it->second, SampleReplyContext());
}

//-----------------------------------------------------------------------------
// [SECTION] DeskReplies
//-----------------------------------------------------------------------------

DeskReplies::DeskReplies(Desk& desk, const ContentModel& content)
    : desk_(desk), content_(content) {}

const std::vector<content::Reply>& DeskReplies::Published() const {
    if (!content_.loaded()) {
        published_.clear();
        parsed_version_ = -1;
        return published_;
    }
    if (parsed_version_ != content_.version() || parsed_files_ != content_.published().size()) {
        published_ = ParseReplies(content_.published());
        parsed_version_ = content_.version();
        parsed_files_ = content_.published().size();
    }
    return published_;
}

std::size_t DeskReplies::published_count() const {
    return Published().size();
}

std::string DeskReplies::Language() const {
    if (!locale.empty()) return locale;
    const HandoffDetail* d = desk_.detail();
    return d ? CaseLanguage(*d) : "en";
}

std::vector<OfferedReply> DeskReplies::Offered() const {
    const HandoffDetail* d = desk_.detail();
    if (!d) return {};
    return OfferReplies(Published(), *d, desk_.agent().name, filter, Language());
}

bool DeskReplies::Use(const std::string& id) {
    if (desk_.selected_id() == 0) return false;
    const HandoffDetail* d = desk_.detail();
    if (!d) return false;
    for (const OfferedReply& o :
         OfferReplies(Published(), *d, desk_.agent().name, "", Language())) {
        if (o.id != id) continue;
        std::string& draft = desk_.draft();
        if (!draft.empty() && draft.back() != '\n') draft += "\n";
        draft += o.text;
        return true;
    }
    return false;
}

std::vector<std::string> DeskReplies::Unfilled() const {
    if (desk_.selected_id() == 0 || !desk_.detail()) return {};
    return UnfilledPlaceholders(desk_.draft());
}

}  // namespace seam::console
