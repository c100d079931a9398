// shared/include/seam/console/knowledge_editor.hpp — the console's knowledge editor (issue 19,
// deliverable 3): an article in both languages side by side (kb/en/<slug>.md and
// kb/es/<slug>.md), its title, intro and the questions it answers ("## " sections), written back
// as drafts through the ContentModel; and a preview of what the edit changes for customers: which
// recent customer questions the article would now answer, stop answering, or keep answering.
//
// Index of this file
//   [SECTION] ArticleDoc       one article's Markdown, split into the parts the editor changes and
//                              put back together byte for byte (an untouched article is written
//                              exactly as it was read)
//   [SECTION] Preview          the product's knowledge decision (assistant::AnswerFromKnowledge)
//                              over the recent questions, with the published and the draft
//                              articles
//   [SECTION] KnowledgeEditor  the model the view draws: the article list, the selected pair,
//                              edits, problems, the preview
//
// One frame (the view is ui::DrawKnowledgeTab, shared/src/console/ui/knowledge_view.cpp):
//
//     ContentModel::Update ──> KnowledgeEditor::Update(now_ms) ──> ui::DrawKnowledgeTab
//       (published set,           re-reads a language whose text       draws articles(), the
//        drafts, questions)       changed underneath (a reload, a      docs, problems(), the
//                                 discarded draft); runs the preview   preview; edits call
//                                 once the edits paused                SetTitle ... RemoveQuestion
//
// Edits are kept in the editor's ArticleDoc (what the operator typed, as typed: a trailing new
// line survives the next frame) and written to the ContentModel as the regenerated Markdown at
// once (SetDraft); SaveDrafts stores them on seamd.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "seam/console/content.hpp"
#include "seam/content/files.hpp"
#include "seam/flow/diagnostic.hpp"

namespace seam::kb {
class Index;
}

namespace seam::console {

//-----------------------------------------------------------------------------
// [SECTION] ArticleDoc
//-----------------------------------------------------------------------------

//! The languages an article is written in, in the order the editor shows them.
inline const char* const kArticleLanguages[] = {"en", "es"};

//! "kb/<lang>/<slug>.md".
std::string ArticlePath(std::string_view lang, std::string_view slug);
//! The slug and language of an article path; false for any other path.
bool ParseArticlePath(std::string_view path, std::string& lang, std::string& slug);

//! One article's Markdown (seam/kb/article.hpp's format), as parts the editor can change: the
//! front matter's title, the "# " title line, the intro, and each "## " section's heading and
//! answer. Everything else (other front matter lines, blank lines, code fences, trailing spaces,
//! CRLF line ends) is kept as it was read: Text() of an untouched document is the text Parse
//! read, byte for byte, whatever it was. A text without a front matter is kept whole
//! (structured() is false; nothing can be edited but it still round-trips).
class ArticleDoc {
  public:
    static ArticleDoc Parse(std::string_view text);
    //! A new article: front matter (id, title, lang, url), "# title", the intro, and `headings`
    //! as sections with empty answers.
    static ArticleDoc Make(std::string_view slug, std::string_view lang, std::string_view url,
                           std::string_view title, const std::vector<std::string>& headings);

    //! The article's Markdown: the parts as read, the edited ones regenerated.
    std::string Text() const;
    bool structured() const { return structured_; }

    //! The front matter's title ("" when it has none).
    const std::string& title() const { return title_.value; }
    //! Sets the front matter's title and the "# " line (when there is one).
    void SetTitle(std::string title);
    const std::string& url() const { return url_; }

    //! The text between the title and the first section, without its blank lines around it.
    const std::string& intro() const { return intro_.text; }
    void SetIntro(std::string text);

    std::size_t size() const { return sections_.size(); }
    const std::string& heading(std::size_t i) const { return sections_[i].heading.value; }
    const std::string& answer(std::size_t i) const { return sections_[i].body.text; }
    //! A heading is one line: new lines become spaces.
    void SetHeading(std::size_t i, std::string heading);
    void SetAnswer(std::size_t i, std::string answer);
    //! Appends a section (a blank line before it, as the articles are written).
    void AddSection(std::string heading, std::string answer);
    void RemoveSection(std::size_t i);

  private:
    //! A line the editor may rewrite (the title line, a heading): `raw` with its line end until
    //! it is changed.
    struct LinePart {
        std::string raw;
        std::string value;
        bool dirty = false;
    };
    //! Lines of text between two structural lines: blank lines before (`lead`, as read), the
    //! text, its line end and `blank_after` blank lines. Untouched (not dirty), it is `raw`.
    struct Block {
        std::string raw;
        std::string lead;
        std::string text;  //!< without the blank lines around it, "\n" line ends
        int blank_after = 0;
        bool no_final_eol = false;  //!< the text ends the file without a line end
        bool dirty = false;
    };
    struct Section {
        LinePart heading;
        Block body;
    };
    static Block SplitBlock(std::string raw);
    std::string Compose(const Block& b) const;
    std::string ComposeLine(const LinePart& l, std::string_view prefix) const;

    bool structured_ = false;
    std::string eol_ = "\n";
    std::string whole_;         //!< the text when not structured
    std::string front_before_;  //!< front matter up to the title line (or to the closing fence)
    LinePart title_;            //!< "title: ..." (raw empty when the front matter has none)
    std::string front_after_;   //!< the rest of the front matter, closing fence included
    std::string url_;
    std::string pre_;  //!< lines between the front matter and the "# " line
    LinePart h1_;      //!< "# Title" (raw empty when absent)
    Block intro_;
    std::vector<Section> sections_;
};

//-----------------------------------------------------------------------------
// [SECTION] Preview
//-----------------------------------------------------------------------------

//! One recent question and what the knowledge base gave it before and after the edit.
struct PreviewRow {
    Question question;
    std::string before;  //!< "## heading" of the article that answered it (published set)
    std::string after;   //!< ... with the drafts
    double before_confidence = 0, after_confidence = 0;
};

struct ArticlePreview {
    bool ran = false;
    std::string error;  //!< why there is no preview ("" when there is)
    //! A language of the article whose draft does not parse is previewed with its published
    //! text (a half-written question in Spanish must not hide what the English one changes);
    //! each such language is named here with the parser's error.
    std::vector<std::string> warnings;
    std::size_t questions = 0;  //!< how many questions were tried
    //! Answered by the article with the drafts, not before.
    std::vector<PreviewRow> now_answers;
    //! Answered by the article before, not with the drafts (another article may take them).
    std::vector<PreviewRow> stops_answering;
    //! Answered by the article both times (perhaps by another of its sections).
    std::vector<PreviewRow> keeps_answering;
};

//! Which of `questions` the article `slug` answers with the `published` articles and with the
//! `draft` ones. Each question goes through assistant::AnswerFromKnowledge, the knowledge half
//! of the product's decision (Understander::Understand; threshold
//! kb::IndexOptions::min_confidence, the index seamd builds: kb::Index::Build with the default
//! options), in the question's own locale; the article answers it when one of the answers is one
//! of its sections, in any language. Whether an intent's flow claims the message first is the
//! intent model's decision, which no article changes: it is not part of the preview.
//! A language whose draft does not parse is previewed with its published text (or without it,
//! when it was never published), and `warnings` says so.
ArticlePreview PreviewArticle(const content::Files& published, const content::Files& draft,
                              const std::string& slug, const std::vector<Question>& questions);
//! The same with the index of `published` already built (the editor keeps it per version).
ArticlePreview PreviewArticle(const kb::Index& published_index, const content::Files& published,
                              const content::Files& draft, const std::string& slug,
                              const std::vector<Question>& questions);

//-----------------------------------------------------------------------------
// [SECTION] KnowledgeEditor
//-----------------------------------------------------------------------------

//! One article of the list: a slug and the languages it is written in.
struct ArticleEntry {
    std::string slug;
    std::string title;             //!< in the first language it has
    bool has[2] = {false, false};  //!< per kArticleLanguages
    bool draft = false;            //!< a language has a draft (or is removed)
    bool problems = false;         //!< a language does not parse or the checker objects
    bool missing_translation() const { return !(has[0] && has[1]); }
};

class KnowledgeEditor {
  public:
    //! The preview waits for the edits to pause this long before it runs again.
    static constexpr std::int64_t kPreviewDelayMs = 400;

    explicit KnowledgeEditor(ContentModel& content);
    ~KnowledgeEditor();
    KnowledgeEditor(const KnowledgeEditor&) = delete;
    KnowledgeEditor& operator=(const KnowledgeEditor&) = delete;

    //! Once per frame after ContentModel::Update: re-reads a language whose text changed
    //! underneath (reload, discard, another view's edit), runs the preview when it is due.
    //! `visible`: the view is on screen (questions are loaded then, once).
    void Update(std::int64_t now_ms, bool visible = true);

    //! Every article of the draft set (published with the drafts applied), by slug.
    std::vector<ArticleEntry> Articles() const;
    const std::string& selected() const { return selected_; }
    void Select(const std::string& slug);
    //! A new article in both languages (empty title and one empty question each). False (and
    //! `why`) when the slug is not a valid article id or the article exists.
    bool NewArticle(const std::string& slug, std::string* why = nullptr);

    //! The selected article in `lang` (0 = en, 1 = es); nullptr when missing in that language.
    const ArticleDoc* doc(int lang) const;
    //! Rows of the side-by-side question table: the longer of the two languages.
    std::size_t question_count() const;

    void SetTitle(int lang, std::string title);
    void SetIntro(int lang, std::string text);
    void SetHeading(std::size_t i, int lang, std::string heading);
    void SetAnswer(std::size_t i, int lang, std::string answer);
    //! Adds a question at the end in every language the article has.
    void AddQuestion();
    //! Removes question `i` in every language that has it.
    void RemoveQuestion(std::size_t i);
    //! Writes the missing language as a new article: the same slug, the other language's url
    //! moved to this language's help centre, empty title, intro and answers, and as many
    //! questions (empty headings), so the translation is filled in side by side.
    void CreateTranslation(int lang);
    //! A language of the selected article has a draft (or is to be removed).
    bool has_draft() const;
    //! Stores the selected article's drafts on seamd (ContentModel::SaveDraft).
    void SaveDrafts();
    //! Drops the drafts of both languages (local and on seamd).
    void DiscardDrafts();

    //! What is wrong with `lang`'s text: the parser's error (kb::ParseArticle), else the
    //! checker's problems of that file (ContentModel::ProblemsOf). Empty when fine.
    std::vector<std::string> Problems(int lang) const;

    // Preview
    //! Loads the recent questions again and re-runs the preview.
    void RefreshQuestions();
    const ArticlePreview& preview() const { return preview_; }
    //! True while an edit is waiting for the preview to catch up.
    bool preview_pending() const { return preview_due_; }
    //! Runs the preview now (the tests; the view waits for Update).
    void RunPreview();

  private:
    void Load(int lang);
    void Write(int lang);
    void Changed();

    ContentModel& content_;
    std::string selected_;
    bool present_[2] = {false, false};
    ArticleDoc docs_[2];
    std::string seen_[2];  //!< the text each doc was read from or last wrote
    bool questions_requested_ = false;
    std::size_t questions_seen_ = static_cast<std::size_t>(-1);
    std::uint64_t preview_generation_ = 0;
    bool preview_due_ = false;
    std::int64_t now_ms_ = 0, changed_at_ = 0;
    ArticlePreview preview_;
    std::unique_ptr<kb::Index> published_index_;  //!< of the published set, per version
    int index_version_ = -1;
    std::size_t index_files_ = 0;
};

}  // namespace seam::console
