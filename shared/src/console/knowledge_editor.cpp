// shared/src/console/knowledge_editor.cpp — the knowledge editor's model (see
// knowledge_editor.hpp).
//
// Index of this file
//   [SECTION] Lines (as kb/article.cpp reads them)
//   [SECTION] ArticleDoc
//   [SECTION] Preview
//   [SECTION] KnowledgeEditor
#include "seam/console/knowledge_editor.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "seam/assistant/understand.hpp"
#include "seam/content/check.hpp"
#include "seam/kb/article.hpp"
#include "seam/kb/index.hpp"

namespace seam::console {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Lines (as kb/article.cpp reads them)
//-----------------------------------------------------------------------------

//! The text's lines, each with its line end ("\n" or "\r\n"; the last may have none).
std::vector<std::string_view> SplitKeepingEnds(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        end = end == std::string_view::npos ? text.size() : end + 1;
        lines.push_back(text.substr(start, end - start));
        start = end;
    }
    return lines;
}

//! A line without its line end.
std::string_view Content(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bool IsBlankChar(char c) {
    return c == ' ' || c == '\t';
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsBlankChar(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && IsBlankChar(s.back()))
        s.remove_suffix(1);
    return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool IsBlankLine(std::string_view line) {
    for (char c : line)
        if (!IsBlankChar(c) && c != '\r' && c != '\n') return false;
    return true;
}

std::string_view Unquote(std::string_view v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        return v.substr(1, v.size() - 2);
    }
    return v;
}

//! `key` of a front matter line "key: value" ("" when the line is not one).
std::string_view KeyOf(std::string_view content) {
    const std::string_view line = Trim(content);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.empty() || line.front() == '#') return {};
    return Trim(line.substr(0, colon));
}

std::string ValueOf(std::string_view content) {
    const std::string_view line = Trim(content);
    return std::string(Unquote(Trim(line.substr(line.find(':') + 1))));
}

// The article parser's rules for the body (seam/kb/article.hpp), kept identical.
bool IsCodeFence(std::string_view line) {
    const std::string_view t = Trim(line);
    return StartsWith(t, "```") || StartsWith(t, "~~~");
}

bool IsSectionHeading(std::string_view line, std::string& heading) {
    if (!StartsWith(line, "##")) return false;
    if (line.size() > 2 && line[2] != ' ' && line[2] != '\t') return false;
    std::string_view h = Trim(line.substr(2));
    std::size_t end = h.size();
    while (end > 0 && h[end - 1] == '#')
        --end;
    if (end < h.size() && (end == 0 || IsBlankChar(h[end - 1]))) h = Trim(h.substr(0, end));
    heading = std::string(h);
    return true;
}

bool IsTitleHeading(std::string_view line) {
    return line == "#" || StartsWith(line, "# ") || StartsWith(line, "#\t");
}

//! "\n" in text typed by the operator -> the document's line end.
std::string WithEol(const std::string& text, const std::string& eol) {
    if (eol == "\n") return text;
    std::string out;
    for (char c : text) {
        if (c == '\n') {
            out += eol;
        } else {
            out += c;
        }
    }
    return out;
}

std::string OneLine(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

std::string StripCr(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
        out += s[i];
    }
    return out;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] ArticleDoc
//-----------------------------------------------------------------------------

std::string ArticlePath(std::string_view lang, std::string_view slug) {
    return "kb/" + std::string(lang) + "/" + std::string(slug) + ".md";
}

bool ParseArticlePath(std::string_view path, std::string& lang, std::string& slug) {
    if (!StartsWith(path, "kb/") || path.size() < 7 || path.substr(path.size() - 3) != ".md") {
        return false;
    }
    const std::string_view rest = path.substr(3, path.size() - 6);
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size()) return false;
    if (rest.find('/', slash + 1) != std::string_view::npos) return false;
    lang = std::string(rest.substr(0, slash));
    slug = std::string(rest.substr(slash + 1));
    return true;
}

ArticleDoc::Block ArticleDoc::SplitBlock(std::string raw) {
    Block b;
    b.raw = std::move(raw);
    const std::vector<std::string_view> lines = SplitKeepingEnds(b.raw);
    std::size_t first = 0;
    while (first < lines.size() && IsBlankLine(lines[first]))
        ++first;
    if (first == lines.size()) {  // nothing but blank lines
        b.blank_after = static_cast<int>(lines.size());
        return b;
    }
    for (std::size_t i = 0; i < first; ++i)
        b.lead += lines[i];
    const std::string_view all(b.raw);
    const std::size_t text_begin = b.lead.size();
    std::size_t text_end = all.find_last_not_of(" \t\r\n") + 1;
    b.text = StripCr(all.substr(text_begin, text_end - text_begin));
    const std::string_view trail = all.substr(text_end);
    const auto ends = static_cast<int>(std::count(trail.begin(), trail.end(), '\n'));
    b.no_final_eol = ends == 0;
    b.blank_after = std::max(0, ends - 1);
    return b;
}

std::string ArticleDoc::Compose(const Block& b) const {
    if (!b.dirty) return b.raw;
    std::string out = b.lead + WithEol(b.text, eol_);
    if (!b.text.empty() && b.text.back() != '\n' && !b.no_final_eol) out += eol_;
    for (int i = 0; i < b.blank_after; ++i)
        out += eol_;
    return out;
}

std::string ArticleDoc::ComposeLine(const LinePart& l, std::string_view prefix) const {
    if (!l.dirty) return l.raw;
    return std::string(prefix) + l.value + eol_;
}

ArticleDoc ArticleDoc::Parse(std::string_view text) {
    ArticleDoc d;
    d.whole_ = std::string(text);
    const std::vector<std::string_view> lines = SplitKeepingEnds(text);
    if (lines.empty()) return d;
    std::string_view first = Content(lines[0]);
    if (StartsWith(first, "\xEF\xBB\xBF")) first.remove_prefix(3);  // byte-order mark
    while (!first.empty() && IsBlankChar(first.back()))
        first.remove_suffix(1);
    if (first != "---") return d;
    std::size_t close = 1;
    while (close < lines.size()) {
        std::string_view c = Content(lines[close]);
        while (!c.empty() && IsBlankChar(c.back()))
            c.remove_suffix(1);
        if (c == "---") break;
        ++close;
    }
    if (close == lines.size()) return d;

    d.structured_ = true;
    if (lines[0].size() >= 2 && lines[0].substr(lines[0].size() - 2) == "\r\n") d.eol_ = "\r\n";
    std::size_t title_line = close;
    for (std::size_t i = 1; i < close; ++i) {
        const std::string_view key = KeyOf(Content(lines[i]));
        if (key == "title" && title_line == close) title_line = i;
        if (key == "url" && d.url_.empty()) d.url_ = ValueOf(Content(lines[i]));
    }
    for (std::size_t i = 0; i < title_line; ++i)
        d.front_before_ += lines[i];
    if (title_line < close) {
        d.title_.raw = std::string(lines[title_line]);
        d.title_.value = ValueOf(Content(lines[title_line]));
    }
    for (std::size_t i = title_line < close ? title_line + 1 : close; i <= close; ++i)
        d.front_after_ += lines[i];

    // The body, as the parser walks it: fences, the first "# " line, "## " sections.
    bool in_fence = false, seen_h1 = false;
    std::string block;  // the raw lines of the block being read
    Section* current = nullptr;
    auto finish = [&]() {
        if (current) {
            current->body = SplitBlock(std::move(block));
        } else if (seen_h1) {
            d.intro_ = SplitBlock(std::move(block));
        } else {
            d.pre_ = std::move(block);  // no "# " line and no section yet: see below
        }
        block.clear();
    };
    for (std::size_t i = close + 1; i < lines.size(); ++i) {
        const std::string_view line = Content(lines[i]);
        std::string heading;
        if (IsCodeFence(line)) in_fence = !in_fence;
        if (!in_fence && IsSectionHeading(line, heading)) {
            finish();
            d.sections_.push_back({});
            current = &d.sections_.back();
            current->heading.raw = std::string(lines[i]);
            current->heading.value = std::move(heading);
            continue;
        }
        if (!current && !in_fence && !seen_h1 && IsTitleHeading(line)) {
            d.pre_ = std::move(block);
            block.clear();
            seen_h1 = true;
            d.h1_.raw = std::string(lines[i]);
            d.h1_.value = std::string(Trim(line.substr(1)));
            continue;
        }
        block += lines[i];
    }
    finish();
    if (!seen_h1) {
        // No "# " line: everything before the first section is the intro.
        d.intro_ = SplitBlock(std::move(d.pre_));
        d.pre_.clear();
    }
    return d;
}

ArticleDoc ArticleDoc::Make(std::string_view slug, std::string_view lang, std::string_view url,
                            std::string_view title, const std::vector<std::string>& headings) {
    std::string text = "---\nid: " + std::string(slug) + "\ntitle: " + std::string(title) +
                       "\nlang: " + std::string(lang) + "\n";
    if (!url.empty()) text += "url: " + std::string(url) + "\n";
    text += "---\n# " + std::string(title) + "\n";
    for (const std::string& h : headings)
        text += "\n## " + OneLine(h) + "\n";
    return Parse(text);
}

std::string ArticleDoc::Text() const {
    if (!structured_) return whole_;
    std::string out = front_before_ + ComposeLine(title_, "title: ") + front_after_ + pre_ +
                      ComposeLine(h1_, "# ") + Compose(intro_);
    for (const Section& s : sections_)
        out += ComposeLine(s.heading, "## ") + Compose(s.body);
    return out;
}

void ArticleDoc::SetTitle(std::string title) {
    if (!structured_) return;
    title = OneLine(std::move(title));
    title_.value = title;
    title_.dirty = true;
    if (!h1_.raw.empty()) {
        h1_.value = std::move(title);
        h1_.dirty = true;
    }
}

void ArticleDoc::SetIntro(std::string text) {
    if (!structured_) return;
    intro_.text = std::move(text);
    intro_.dirty = true;
}

void ArticleDoc::SetHeading(std::size_t i, std::string heading) {
    if (i >= sections_.size()) return;
    sections_[i].heading.value = OneLine(std::move(heading));
    sections_[i].heading.dirty = true;
}

void ArticleDoc::SetAnswer(std::size_t i, std::string answer) {
    if (i >= sections_.size()) return;
    sections_[i].body.text = std::move(answer);
    sections_[i].body.dirty = true;
    // A heading that ended the file without a line end gets one before its new answer.
    LinePart& h = sections_[i].heading;
    if (h.raw.empty() || h.raw.back() != '\n') h.dirty = true;
}

void ArticleDoc::AddSection(std::string heading, std::string answer) {
    if (!structured_) return;
    // The block before the new section ends with a blank line, as in every article.
    Block& before = sections_.empty() ? intro_ : sections_.back().body;
    if (before.blank_after < 1 || before.no_final_eol) {
        before.dirty = true;
        before.no_final_eol = false;
        before.blank_after = std::max(1, before.blank_after);
    }
    Section s;
    s.heading.value = OneLine(std::move(heading));
    s.heading.dirty = true;
    s.body.text = std::move(answer);
    s.body.dirty = true;
    sections_.push_back(std::move(s));
}

void ArticleDoc::RemoveSection(std::size_t i) {
    if (i >= sections_.size()) return;
    const bool last = i + 1 == sections_.size();
    const Block removed = sections_[i].body;
    sections_.erase(sections_.begin() + static_cast<std::ptrdiff_t>(i));
    if (!last) return;
    // The new last block ends the file as the removed one did.
    Block& end = sections_.empty() ? intro_ : sections_.back().body;
    if (end.blank_after != removed.blank_after || end.no_final_eol != removed.no_final_eol) {
        end.dirty = true;
        end.blank_after = removed.blank_after;
        end.no_final_eol = removed.no_final_eol;
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Preview
//-----------------------------------------------------------------------------

namespace {

//! The article's section that answers `q` with `index` (nullptr when another article or none
//! does).
const kb::Hit* AnsweringHit(const assistant::KnowledgeAnswers& answers, const std::string& slug) {
    for (const kb::Hit& h : answers.hits)
        if (h.article_id == slug) return &h;
    return nullptr;
}

}  // namespace

ArticlePreview PreviewArticle(const content::Files& published, const content::Files& draft,
                              const std::string& slug, const std::vector<Question>& questions) {
    Result<kb::Index> before = kb::Index::Build(content::ParseArticles(published, nullptr));
    if (!before) {
        ArticlePreview p;
        p.ran = true;
        p.error = "The knowledge base does not build: " + before.error().message;
        return p;
    }
    return PreviewArticle(*before, published, draft, slug, questions);
}

ArticlePreview PreviewArticle(const kb::Index& before, const content::Files& published,
                              const content::Files& draft, const std::string& slug,
                              const std::vector<Question>& questions) {
    ArticlePreview p;
    p.ran = true;
    content::Files with_drafts = draft;
    for (const char* lang : kArticleLanguages) {
        const std::string path = ArticlePath(lang, slug);
        auto it = with_drafts.find(path);
        if (it == with_drafts.end()) continue;
        Result<kb::Article> parsed = kb::ParseArticle(it->second, path);
        if (parsed) continue;
        auto old = published.find(path);
        if (old != published.end()) {
            it->second = old->second;
            p.warnings.push_back("The " + std::string(lang) +
                                 " draft does not parse; previewed with its published text: " +
                                 parsed.error().message);
        } else {
            with_drafts.erase(it);
            p.warnings.push_back(
                "The " + std::string(lang) +
                " draft does not parse; previewed without it: " + parsed.error().message);
        }
    }
    Result<kb::Index> after = kb::Index::Build(content::ParseArticles(with_drafts, nullptr));
    if (!after) {
        p.error = "The knowledge base with the drafts does not build: " + after.error().message;
        return p;
    }
    for (const Question& q : questions) {
        if (q.text.empty()) continue;
        ++p.questions;
        const std::string locale = q.locale.empty() ? "en" : q.locale;
        const assistant::KnowledgeAnswers a =
            assistant::AnswerFromKnowledge(before, q.text, locale);
        const assistant::KnowledgeAnswers b =
            assistant::AnswerFromKnowledge(*after, q.text, locale);
        const kb::Hit* was = AnsweringHit(a, slug);
        const kb::Hit* now = AnsweringHit(b, slug);
        if (!was && !now) continue;
        PreviewRow row;
        row.question = q;
        if (was) {
            row.before = was->heading;
            row.before_confidence = was->confidence;
        }
        if (now) {
            row.after = now->heading;
            row.after_confidence = now->confidence;
        }
        if (was && now) {
            p.keeps_answering.push_back(std::move(row));
        } else if (now) {
            p.now_answers.push_back(std::move(row));
        } else {
            p.stops_answering.push_back(std::move(row));
        }
    }
    return p;
}

//-----------------------------------------------------------------------------
// [SECTION] KnowledgeEditor
//-----------------------------------------------------------------------------

namespace {

//! The front matter's title of an article text, cheaply (for the list).
std::string TitleOf(const std::string& text) {
    const std::vector<std::string_view> lines = SplitKeepingEnds(text);
    for (std::size_t i = 1; i < lines.size() && i < 40; ++i) {
        const std::string_view c = Content(lines[i]);
        if (Trim(c) == "---") break;
        if (KeyOf(c) == "title") return ValueOf(c);
    }
    return "";
}

//! The help centre's url of an article in `lang`, from its url in the other language:
//! "/help/returns" <-> "/es/help/returns".
std::string UrlFor(const std::string& other_url, const std::string& lang) {
    if (other_url.empty()) return "";
    std::string bare = other_url;
    for (const char* l : kArticleLanguages) {
        const std::string prefix = "/" + std::string(l) + "/";
        if (StartsWith(bare, prefix)) bare = bare.substr(prefix.size() - 1);
    }
    return lang == "en" ? bare : "/" + lang + bare;
}

}  // namespace

KnowledgeEditor::KnowledgeEditor(ContentModel& content) : content_(content) {}
KnowledgeEditor::~KnowledgeEditor() = default;

std::vector<ArticleEntry> KnowledgeEditor::Articles() const {
    std::map<std::string, ArticleEntry> by_slug;
    auto visit = [&](const std::string& path) {
        std::string lang, slug;
        if (!ParseArticlePath(path, lang, slug)) return;
        ArticleEntry& e = by_slug[slug];
        e.slug = slug;
        for (int l = 0; l < 2; ++l) {
            if (lang != kArticleLanguages[l]) continue;
            const std::string* text = content_.Text(path);
            if (!text || content_.removed(path)) return;
            e.has[l] = true;
            if (e.title.empty() || l == 0) {
                const std::string t = TitleOf(*text);
                if (!t.empty()) e.title = t;
            }
            e.draft = e.draft || content_.has_draft(path);
            e.problems = e.problems || !content_.ProblemsOf(path).empty();
        }
        if (content_.removed(path)) e.draft = true;
    };
    for (const auto& [path, text] : content_.published())
        visit(path);
    for (const auto& [path, text] : content_.drafts())
        visit(path);
    std::vector<ArticleEntry> out;
    for (auto& [slug, e] : by_slug)
        if (e.has[0] || e.has[1] || e.draft) out.push_back(std::move(e));
    return out;
}

void KnowledgeEditor::Select(const std::string& slug) {
    selected_ = slug;
    for (int l = 0; l < 2; ++l)
        Load(l);
    preview_ = ArticlePreview{};
    preview_due_ = !slug.empty();
    changed_at_ = now_ms_ - kPreviewDelayMs;  // a new selection previews at once
}

bool KnowledgeEditor::NewArticle(const std::string& slug, std::string* why) {
    auto fail = [why](const std::string& text) {
        if (why) *why = text;
        return false;
    };
    if (!content::ValidName(slug) || slug.find('_') != std::string::npos ||
        slug.find("--") != std::string::npos || slug.back() == '-') {
        return fail("An article id is lower-case letters and digits joined by single '-'.");
    }
    for (const char* lang : kArticleLanguages) {
        const std::string path = ArticlePath(lang, slug);
        if (content_.Text(path) && !content_.removed(path))
            return fail("There is an article '" + slug + "' already.");
    }
    selected_ = slug;
    for (int l = 0; l < 2; ++l) {
        const std::string lang = kArticleLanguages[l];
        const std::string url = (lang == "en" ? "/help/" : "/" + lang + "/help/") + slug;
        docs_[l] = ArticleDoc::Make(slug, lang, url, "", {""});
        present_[l] = true;
        Write(l);
    }
    preview_ = ArticlePreview{};
    return true;
}

const ArticleDoc* KnowledgeEditor::doc(int lang) const {
    if (lang < 0 || lang > 1 || !present_[lang]) return nullptr;
    return &docs_[lang];
}

std::size_t KnowledgeEditor::question_count() const {
    std::size_t n = 0;
    for (int l = 0; l < 2; ++l)
        if (present_[l]) n = std::max(n, docs_[l].size());
    return n;
}

void KnowledgeEditor::Load(int lang) {
    present_[lang] = false;
    docs_[lang] = ArticleDoc{};
    seen_[lang].clear();
    if (selected_.empty()) return;
    const std::string path = ArticlePath(kArticleLanguages[lang], selected_);
    const std::string* text = content_.Text(path);
    if (!text || content_.removed(path)) return;
    present_[lang] = true;
    docs_[lang] = ArticleDoc::Parse(*text);
    seen_[lang] = *text;
}

void KnowledgeEditor::Write(int lang) {
    if (!present_[lang] || selected_.empty()) return;
    seen_[lang] = docs_[lang].Text();
    content_.SetDraft(ArticlePath(kArticleLanguages[lang], selected_), seen_[lang]);
    Changed();
}

void KnowledgeEditor::Changed() {
    preview_due_ = true;
    changed_at_ = now_ms_;
}

void KnowledgeEditor::SetTitle(int lang, std::string title) {
    if (!doc(lang)) return;
    docs_[lang].SetTitle(std::move(title));
    Write(lang);
}

void KnowledgeEditor::SetIntro(int lang, std::string text) {
    if (!doc(lang)) return;
    docs_[lang].SetIntro(std::move(text));
    Write(lang);
}

void KnowledgeEditor::SetHeading(std::size_t i, int lang, std::string heading) {
    if (!doc(lang) || i >= docs_[lang].size()) return;
    docs_[lang].SetHeading(i, std::move(heading));
    Write(lang);
}

void KnowledgeEditor::SetAnswer(std::size_t i, int lang, std::string answer) {
    if (!doc(lang) || i >= docs_[lang].size()) return;
    docs_[lang].SetAnswer(i, std::move(answer));
    Write(lang);
}

void KnowledgeEditor::AddQuestion() {
    for (int l = 0; l < 2; ++l) {
        if (!doc(l) || !docs_[l].structured()) continue;
        docs_[l].AddSection("", "");
        Write(l);
    }
}

void KnowledgeEditor::RemoveQuestion(std::size_t i) {
    for (int l = 0; l < 2; ++l) {
        if (!doc(l) || i >= docs_[l].size()) continue;
        docs_[l].RemoveSection(i);
        Write(l);
    }
}

void KnowledgeEditor::CreateTranslation(int lang) {
    if (lang < 0 || lang > 1 || present_[lang] || selected_.empty()) return;
    const int other = 1 - lang;
    std::vector<std::string> headings(present_[other] ? docs_[other].size() : 1);
    const std::string url =
        present_[other] ? UrlFor(docs_[other].url(), kArticleLanguages[lang]) : "";
    docs_[lang] = ArticleDoc::Make(selected_, kArticleLanguages[lang], url, "", headings);
    present_[lang] = true;
    Write(lang);
}

bool KnowledgeEditor::has_draft() const {
    if (selected_.empty()) return false;
    for (const char* lang : kArticleLanguages)
        if (content_.has_draft(ArticlePath(lang, selected_))) return true;
    return false;
}

void KnowledgeEditor::SaveDrafts() {
    for (int l = 0; l < 2; ++l) {
        const std::string path = ArticlePath(kArticleLanguages[l], selected_);
        if (!selected_.empty() && content_.has_draft(path)) content_.SaveDraft(path);
    }
}

void KnowledgeEditor::DiscardDrafts() {
    for (int l = 0; l < 2; ++l) {
        const std::string path = ArticlePath(kArticleLanguages[l], selected_);
        if (!selected_.empty() && content_.has_draft(path)) content_.DiscardDraft(path);
        Load(l);
    }
    Changed();
}

std::vector<std::string> KnowledgeEditor::Problems(int lang) const {
    std::vector<std::string> out;
    if (!doc(lang)) return out;
    const std::string path = ArticlePath(kArticleLanguages[lang], selected_);
    Result<kb::Article> parsed = kb::ParseArticle(seen_[lang], path);
    if (!parsed) {
        out.push_back(parsed.error().message);
        return out;
    }
    for (const flow::Diagnostic& d : content_.ProblemsOf(path))
        out.push_back("[" + d.id + "] " + d.message);
    return out;
}

void KnowledgeEditor::RefreshQuestions() {
    content_.LoadQuestions();
    questions_requested_ = true;
}

void KnowledgeEditor::RunPreview() {
    preview_due_ = false;
    preview_generation_ = content_.draft_generation();
    questions_seen_ = content_.questions().size();
    if (selected_.empty()) {
        preview_ = ArticlePreview{};
        return;
    }
    // The published set's index is built once per published version.
    if (!published_index_ || index_version_ != content_.version() ||
        index_files_ != content_.published().size()) {
        Result<kb::Index> built =
            kb::Index::Build(content::ParseArticles(content_.published(), nullptr));
        if (!built) {
            preview_ = ArticlePreview{};
            preview_.ran = true;
            preview_.error =
                "The published knowledge base does not build: " + built.error().message;
            return;
        }
        published_index_ = std::make_unique<kb::Index>(std::move(built.value()));
        index_version_ = content_.version();
        index_files_ = content_.published().size();
    }
    preview_ = PreviewArticle(*published_index_, content_.published(), content_.DraftSet(),
                              selected_, content_.questions());
}

void KnowledgeEditor::Update(std::int64_t now_ms, bool visible) {
    now_ms_ = now_ms;
    if (!content_.loaded()) {
        questions_requested_ = false;  // after a logout, ask again at the next login
        return;
    }
    // A language whose text changed underneath is read again (what the operator typed is the
    // text we wrote, so it is never re-read while typing).
    for (int l = 0; l < 2 && !selected_.empty(); ++l) {
        const std::string path = ArticlePath(kArticleLanguages[l], selected_);
        const std::string* text = content_.Text(path);
        const bool present = text && !content_.removed(path);
        if (present != present_[l] || (present && *text != seen_[l])) {
            Load(l);
            Changed();
        }
    }
    if (!visible) return;
    if (!questions_requested_) RefreshQuestions();
    if (content_.questions().size() != questions_seen_ ||
        content_.draft_generation() != preview_generation_) {
        if (!preview_due_) changed_at_ = now_ms;
        preview_due_ = true;
    }
    if (preview_due_ && now_ms - changed_at_ >= kPreviewDelayMs) RunPreview();
}

}  // namespace seam::console
