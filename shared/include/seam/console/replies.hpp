// shared/include/seam/console/replies.hpp — saved replies (macros) in the console (issue 19,
// deliverable 5): editing them (replies/<id>.json through the ContentModel, title and words in en
// and es side by side), and offering the published ones in the desk for the selected handoff,
// rendered from the case (content::RenderReply) in the case's language.
//
// Index of this file
//   [SECTION] Reading replies     lenient reading of a reply file for the editor; the published
//                                 replies (content::ParseReply) for the desk
//   [SECTION] From a case         the placeholders' values of a handoff, its language, the
//                                 offered replies (rendered, filtered), unfilled placeholders
//   [SECTION] RepliesEditor       the model of the Replies tab
//   [SECTION] DeskReplies         the model of the desk's "Saved replies" list
//
// The desk offers only what is published (a draft is not served to agents, as it is not to
// customers). A placeholder the case has no value for stays in the text as "{{slot.x}}" and is
// listed, so the agent sees what to fill in before sending.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seam/console/content.hpp"
#include "seam/console/desk.hpp"
#include "seam/content/reply.hpp"

namespace seam::console {

//-----------------------------------------------------------------------------
// [SECTION] Reading replies
//-----------------------------------------------------------------------------

//! "replies/<id>.json".
std::string ReplyPath(std::string_view id);
//! The id of a reply path ("" for any other path).
std::string ReplyIdOfPath(std::string_view path);

//! The fields of a reply file as far as they are there and of the right type, for editing: a
//! half-written draft (a language missing, a bad placeholder) is still editable. nullopt when
//! the text is not a JSON object.
std::optional<content::Reply> ReadReplyFields(std::string_view json_text);

//! The replies of `files` that content::ParseReply accepts, by id (broken ones are left out).
std::vector<content::Reply> ParseReplies(const content::Files& files);

//-----------------------------------------------------------------------------
// [SECTION] From a case
//-----------------------------------------------------------------------------

//! The placeholders' values for `d` (content::RenderReply's context): {"customer":
//! {"first_name", "last_name", "email"}, "slot": {name: value}, "case": {"id"}, "agent":
//! {"name"}}. Empty values are left out (they are missing, not blank).
nlohmann::json ReplyContext(const HandoffDetail& d, const std::string& agent_name);

//! The language the customer is spoken to in: the conversation's (case.locale, when seamd sends
//! it), else the customer's, reduced to a language saved replies have ("es-MX" -> "es"); "en"
//! when neither is known or the language is not one of content::kLocales.
std::string CaseLanguage(const HandoffDetail& d);

//! Case-insensitive: `filter` ("" matches all) in the reply's id, a title (any language) or a
//! tag.
bool ReplyMatches(const content::Reply& reply, std::string_view filter);

//! A saved reply rendered for one case.
struct OfferedReply {
    std::string id;
    std::string title;   //!< in `locale` (the other language's when missing)
    std::string locale;  //!< the language it is rendered in
    std::string text;    //!< placeholders filled; missing ones left as "{{...}}"
    std::vector<std::string> tags;
    std::vector<std::string> missing;  //!< placeholders without a value ("slot.order_number")
};

//! `replies` matching `filter`, rendered for `d` in `locale` ("" = CaseLanguage(d)), in id order.
std::vector<OfferedReply> OfferReplies(const std::vector<content::Reply>& replies,
                                       const HandoffDetail& d, const std::string& agent_name,
                                       std::string_view filter, const std::string& locale = "");

//! The placeholders still in `text` ("{{slot.order_number}}" -> "slot.order_number"), in order,
//! each once: what the agent has to fill in before sending.
std::vector<std::string> UnfilledPlaceholders(std::string_view text);

//-----------------------------------------------------------------------------
// [SECTION] RepliesEditor
//-----------------------------------------------------------------------------

//! One reply of the editor's list.
struct ReplyEntry {
    std::string id;
    std::string title;  //!< English title, else Spanish, else ""
    bool draft = false;
    bool removed = false;
    bool problems = false;
    bool missing_translation = false;
};

class RepliesEditor {
  public:
    explicit RepliesEditor(ContentModel& content);

    //! Once per frame after ContentModel::Update: re-reads the selected reply when its text
    //! changed underneath (a reload, a discarded draft).
    void Update();

    //! Every reply of the draft set (removed ones too, flagged), by id.
    std::vector<ReplyEntry> Entries() const;
    const std::string& selected() const { return selected_; }
    void Select(const std::string& id);
    //! The selected reply as edited (nullptr when none is selected, or its file is not a JSON
    //! object: then raw_text() is all there is).
    const content::Reply* reply() const { return readable_ ? &reply_ : nullptr; }
    //! The selected reply's file text.
    const std::string& raw_text() const { return seen_; }

    void SetTitle(const std::string& locale, std::string text);
    void SetText(const std::string& locale, std::string text);
    //! Tags as typed: "returns, labels" -> ["returns", "labels"].
    void SetTags(const std::string& comma_separated);
    //! A new reply `id` with empty words, selected. False (and `why`) when the id is not a valid
    //! name or is taken.
    bool Add(const std::string& id, std::string* why = nullptr);
    //! Marks the selected reply for removal on publish.
    void Remove();
    //! Saves the selected reply's draft on seamd.
    void SaveDraft();
    //! Forgets the selected reply's draft (local and on seamd).
    void DiscardDraft();

    //! What is wrong with the selected reply: content::ParseReply's diagnostics (at once), else
    //! the checker's (ContentModel::ProblemsOf).
    std::vector<std::string> Problems() const;
    //! The selected reply's words in `locale` rendered with sample values (a preview).
    content::RenderedReply Preview(const std::string& locale) const;

  private:
    void Load();
    void Write();

    ContentModel& content_;
    std::string selected_;
    content::Reply reply_;
    bool readable_ = false;
    std::string seen_;  //!< the text the reply was read from or last written as
};

//-----------------------------------------------------------------------------
// [SECTION] DeskReplies
//-----------------------------------------------------------------------------

//! The sample case the editor's preview renders with (a verified customer with an order).
nlohmann::json SampleReplyContext();

class DeskReplies {
  public:
    DeskReplies(Desk& desk, const ContentModel& content);

    //! The filter box (title, tag or id).
    std::string filter;
    //! "" = the case's language; "en" / "es" to answer in another.
    std::string locale;

    //! The published replies matching the filter, rendered for the selected handoff (empty
    //! without a detail).
    std::vector<OfferedReply> Offered() const;
    //! How many replies are published at all (to tell "none match" from "none saved").
    std::size_t published_count() const;
    //! The language the replies are rendered in now.
    std::string Language() const;
    //! Appends reply `id`, rendered, to the selected handoff's draft (on a new line when the
    //! draft is not empty), as Desk::UseSuggestion does. False when it is not offered.
    bool Use(const std::string& id);
    //! The placeholders left in the selected handoff's draft (see UnfilledPlaceholders).
    std::vector<std::string> Unfilled() const;

  private:
    const std::vector<content::Reply>& Published() const;

    Desk& desk_;
    const ContentModel& content_;
    // The published replies parsed once per published version.
    mutable int parsed_version_ = -1;
    mutable std::size_t parsed_files_ = 0;
    mutable std::vector<content::Reply> published_;
};

}  // namespace seam::console
