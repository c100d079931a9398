// shared/include/seam/console/ui/views.hpp — the console's drawing code: one function per view,
// each drawing a model's state with Dear ImGui and calling the model's operations on input.
// No business rules here (STYLE.md habit 10): what to show and what a click does is the model's.
// Each view draws into the current ImGui window/child region the app gives it.
#pragma once

#include <string>

namespace seam::console {
class Console;
class Desk;
class FlowEditor;
class KpiBoard;
class Inspector;
class ProactiveBoard;
class DeskReplies;
}  // namespace seam::console

namespace seam::console::ui {

//! The sign-in form (login, secret, seamd's answer when it failed).
void DrawLogin(Console& console);
//! The agent desk: queue | handoff context | conversation and reply, in resizable columns.
//! `replies` (optional): the published saved replies, offered under the suggestions.
void DrawDesk(Desk& desk, DeskReplies* replies = nullptr);
//! The KPI dashboard: range and filters, daily line charts, bars per intent and channel.
void DrawKpiBoard(KpiBoard& board);
//! The flow inspector: flow graph, turn-by-turn simulation, a live case's position.
void DrawInspector(Inspector& inspector);
//! Proactive engagement: the kill switch and settings (editable by admins), the 7-day counts,
//! the triggers, and the decision log with why each message was sent or held back.
void DrawProactive(ProactiveBoard& board);
//! The simulation controls (customer, locale, start, messages, quick replies, action outcomes)
//! and the turn log of the inspector, alone: the content view's "Try it" tab runs the draft with
//! them. Marks are named "<mark_prefix>.input", "<mark_prefix>.outcome.<name>", ...
void DrawSimulation(Inspector& inspector, const std::string& mark_prefix);
//! Content (issue 19): the files by kind with their drafts and problems | the selected file's
//! editor | Publish (drafts, note, problems, saved tests, conflicts), Try it (the draft in the
//! simulation, save the run as a test) and History (diffs, rollback).
void DrawContent(Console& console);

// Tabs of the content view (ui/knowledge_view.cpp and ui/replies_view.cpp).
//! The knowledge editor: an article in English and Spanish side by side (title, intro, the
//! questions it answers), and the preview over recent customer questions (now answers, stops
//! answering, keeps answering).
void DrawKnowledgeTab(Console& console);
//! Saved replies (macros) for agents: title and words in both languages, tags, a preview.
void DrawRepliesTab(Console& console);
//! The flow editor on one flow file: the graph (problem badges, red outlines; a click selects a
//! step), the selected step's fields, targets and words in English | Español side by side, the
//! problems list, slot definitions; Add/Remove step, Undo (Ctrl+Z), Redo (Ctrl+Y, Ctrl+Shift+Z).
//! The caller owns `editor` (the Content view) and stores editor.Text() when its revision moves.
void DrawFlowEditor(Console& console, FlowEditor& editor);

}  // namespace seam::console::ui
