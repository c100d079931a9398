// shared/src/console/ui/kpi_view.cpp — the KPI dashboard drawn with Dear ImGui over KpiBoard:
// toolbar (range presets, filters, refresh, status), then two tabs. "Contact centre": headline
// tiles, a daily line chart of the chosen metric, CSAT of the bot and of agents side by side,
// bars per intent and channel, and the top-intents table with where automation helps or hurts.
// "Proactive & revenue": treated vs hold-out table, messages sent / resolved per day, contacts
// per 100 customers treated vs hold-out as paired bars. What to show is the model's (the series,
// bars, verdicts and their thresholds live in kpi_board.cpp); this file only draws.
//
// Index of this file
//   [SECTION] Helpers        colours, sizes in font units
//   [SECTION] Line chart     ImDrawList chart: axes, min/max labels, gaps, hover tooltip
//   [SECTION] Bars           horizontal labelled bars, and paired bars (treated vs hold-out)
//   [SECTION] Panels         toolbar, tiles, chart, CSAT, bars, top intents
//   [SECTION] Proactive      the "Proactive & revenue" tab
//   [SECTION] Entry point    DrawKpiBoard
//
// Every size is a multiple of ImGui::GetFontSize() (the app scales fonts on 2x screens).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "seam/console/kpi_board.hpp"
#include "seam/console/ui/marks.hpp"
#include "seam/console/ui/views.hpp"

namespace seam::console::ui {

namespace {

// [SECTION] Helpers

const ImVec4 kGood(0.36f, 0.78f, 0.45f, 1.0f);
const ImVec4 kBad(0.93f, 0.38f, 0.33f, 1.0f);
const ImVec4 kBotColor(0.35f, 0.62f, 0.95f, 1.0f);
const ImVec4 kAgentColor(0.95f, 0.65f, 0.25f, 1.0f);
const ImVec4 kMetricColor(0.30f, 0.80f, 0.75f, 1.0f);   // the chosen metric: chart and its tile
const ImVec4 kTreatedColor(0.35f, 0.62f, 0.95f, 1.0f);  // proactive: the treated group, "sent"
const ImVec4 kHoldoutColor(0.70f, 0.70f, 0.72f, 1.0f);  // proactive: the hold-out group
const ImVec4 kResolvedColor(0.36f, 0.78f, 0.45f, 1.0f);

float Em() {
    return ImGui::GetFontSize();
}

ImU32 U32(const ImVec4& c) {
    return ImGui::GetColorU32(c);
}

void TextColored(const ImVec4& color, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

const char* VerdictText(KpiVerdict v) {
    switch (v) {
        case KpiVerdict::kHurts:
            return "hurts";
        case KpiVerdict::kHelps:
            return "helps";
        case KpiVerdict::kNeutral:
            return "-";
        case KpiVerdict::kTooFew:
            return "few cases";
    }
    return "-";
}

// [SECTION] Line chart

struct Line {
    const KpiDaySeries* series;
    ImVec4 color;
    const char* name;  // for the tooltip; nullptr = the metric's label
};

//! Draws `lines` (all over the same days) in a box of `size`; `mark` names it for tests. The y
//! axis starts at 0 (ratios end at 100%): a chart that zooms on its own noise misleads.
void DrawLineChart(const char* id, const std::vector<Line>& lines, ImVec2 size, const char* mark) {
    const float em = Em();
    size.x = std::max(size.x, 10 * em);
    size.y = std::max(size.y, 5 * em);
    ImGui::InvisibleButton(id, size);
    if (mark) Mark(mark);
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 p0 = ImGui::GetItemRectMin();
    const ImVec2 p1 = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Separator, 0.5f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);

    const KpiDaySeries* first = lines.empty() ? nullptr : lines[0].series;
    if (!first || first->points.empty()) {
        dl->AddRect(p0, p1, grid);
        dl->AddText(ImVec2(p0.x + em, p0.y + em), axis, "No data");
        return;
    }
    const KpiUnit unit = first->unit;
    const bool ratio = unit == KpiUnit::kRatio;
    double top = ratio ? 1.0 : 0.0;
    bool any = false;
    for (const Line& l : lines) {
        if (l.series->max) {
            top = std::max(top, *l.series->max);
            any = true;
        }
    }
    if (top <= 0) top = 1;

    // Plot area: y labels on the left, day labels below.
    const std::string top_label = FormatKpiUnitValue(unit, top);
    const std::string zero_label = FormatKpiUnitValue(unit, 0.0);
    const float label_w = std::max(ImGui::CalcTextSize(top_label.c_str()).x,
                                   ImGui::CalcTextSize(zero_label.c_str()).x);
    // The top line holds min / max (one line) or a legend (several); the plot starts below it.
    const ImVec2 a0(p0.x + label_w + 0.6f * em, p0.y + 1.8f * em);
    const ImVec2 a1(p1.x - 0.8f * em, p1.y - 1.6f * em);
    const float w = std::max(a1.x - a0.x, 1.0f);
    const float h = std::max(a1.y - a0.y, 1.0f);
    const std::size_t n = first->points.size();
    auto x_of = [&](std::size_t i) {
        return n == 1 ? a0.x + w / 2 : a0.x + w * static_cast<float>(i) / static_cast<float>(n - 1);
    };
    auto y_of = [&](double v) { return a1.y - h * static_cast<float>(v / top); };

    // Axes, a mid grid line, labels.
    dl->AddLine(ImVec2(a0.x, a0.y), ImVec2(a0.x, a1.y), axis);
    dl->AddLine(ImVec2(a0.x, a1.y), ImVec2(a1.x, a1.y), axis);
    dl->AddLine(ImVec2(a0.x, a0.y), ImVec2(a1.x, a0.y), grid);
    dl->AddLine(ImVec2(a0.x, (a0.y + a1.y) / 2), ImVec2(a1.x, (a0.y + a1.y) / 2), grid);
    const float half = ImGui::GetTextLineHeight() / 2;
    dl->AddText(ImVec2(p0.x, a0.y - half), axis, top_label.c_str());
    dl->AddText(ImVec2(p0.x, a1.y - half), axis, zero_label.c_str());
    const std::string d_first = FormatIsoDate(first->points.front().day);
    const std::string d_last = FormatIsoDate(first->points.back().day);
    dl->AddText(ImVec2(a0.x, a1.y + 0.2f * em), axis, d_first.c_str());
    if (n > 1) {
        const float lw = ImGui::CalcTextSize(d_last.c_str()).x;
        dl->AddText(ImVec2(a1.x - lw, a1.y + 0.2f * em), axis, d_last.c_str());
    }
    if (lines.size() == 1) {
        const std::string extremes = any && first->min && first->max
                                         ? "min " + FormatKpiUnitValue(unit, first->min) +
                                               "   max " + FormatKpiUnitValue(unit, first->max)
                                         : std::string("no data in this range");
        const float ew = ImGui::CalcTextSize(extremes.c_str()).x;
        dl->AddText(ImVec2(a1.x - ew, p0.y), axis, extremes.c_str());
    } else {
        float x = a0.x;
        for (const Line& l : lines) {
            const char* name = l.name ? l.name : MetricInfo(l.series->metric).label;
            const float box = 0.6f * em;
            const float y = p0.y + (ImGui::GetTextLineHeight() - box) / 2;
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + box, y + box), U32(l.color));
            x += box + 0.4f * em;
            dl->AddText(ImVec2(x, p0.y), text, name);
            x += ImGui::CalcTextSize(name).x + em;
        }
        if (!any) dl->AddText(ImVec2(x, p0.y), axis, "(no ratings in this range)");
    }

    // The lines: a segment joins two neighbouring days that both have a value; a day alone
    // between gaps is a dot.
    const float thick = std::max(1.0f, em / 8);
    for (const Line& l : lines) {
        const ImU32 col = U32(l.color);
        const auto& pts = l.series->points;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            if (!pts[i].value) continue;
            const ImVec2 p(x_of(i), y_of(*pts[i].value));
            const bool prev = i > 0 && pts[i - 1].value;
            const bool next = i + 1 < pts.size() && pts[i + 1].value;
            if (next) dl->AddLine(p, ImVec2(x_of(i + 1), y_of(*pts[i + 1].value)), col, thick);
            if ((!prev && !next) || n <= 31) dl->AddCircleFilled(p, thick * 1.6f, col);
        }
    }

    // Hover: the nearest day, a guide line and the values of that day.
    if (hovered) {
        const float mx = ImGui::GetIO().MousePos.x;
        std::size_t i = 0;
        if (n > 1) {
            const float t = std::clamp((mx - a0.x) / w, 0.0f, 1.0f);
            i = static_cast<std::size_t>(std::lround(t * static_cast<float>(n - 1)));
        }
        dl->AddLine(ImVec2(x_of(i), a0.y), ImVec2(x_of(i), a1.y), text);
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(FormatIsoDate(first->points[i].day).c_str());
        for (const Line& l : lines) {
            const auto& pts = l.series->points;
            if (i >= pts.size()) continue;
            const std::string name = l.name ? l.name : MetricInfo(l.series->metric).label;
            const std::string value = pts[i].value
                                          ? FormatKpiUnitValue(l.series->unit, pts[i].value)
                                      : pts[i].has_cases ? "n/a"
                                                         : "no case that day";
            TextColored(l.color, name + ": " + value);
        }
        ImGui::EndTooltip();
    }
}

// [SECTION] Bars

//! Horizontal bars, one row each: key, bar, value. Hover shows the split's volume.
void DrawBars(const char* id, const KpiBars& bars, const ImVec4& color) {
    const float em = Em();
    if (bars.bars.empty()) {
        ImGui::TextDisabled("No data");
        return;
    }
    float key_w = 4 * em;
    for (const KpiBar& b : bars.bars)
        key_w = std::max(key_w, ImGui::CalcTextSize(b.key.c_str()).x);
    key_w = std::min(key_w, 11 * em);
    const float value_w = 5 * em;
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    ImGui::PushID(id);
    for (const KpiBar& b : bars.bars) {
        const float avail = ImGui::GetContentRegionAvail().x;
        ImGui::InvisibleButton(b.key.c_str(), ImVec2(std::max(avail, key_w + value_w + em), row_h));
        const ImVec2 p0 = ImGui::GetItemRectMin();
        const ImVec2 p1 = ImGui::GetItemRectMax();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(p0, ImVec2(p0.x + key_w, p1.y), true);
        dl->AddText(p0, ImGui::GetColorU32(ImGuiCol_Text), b.key.c_str());
        dl->PopClipRect();
        const float bx0 = p0.x + key_w + 0.5f * em;
        const float bx1 = p1.x - value_w;
        const float pad = 0.15f * row_h;
        dl->AddRect(ImVec2(bx0, p0.y + pad), ImVec2(bx1, p1.y - pad),
                    ImGui::GetColorU32(ImGuiCol_Separator, 0.6f));
        if (b.value && *b.value > 0) {
            const float frac = std::clamp(static_cast<float>(*b.value / bars.scale), 0.0f, 1.0f);
            dl->AddRectFilled(ImVec2(bx0, p0.y + pad), ImVec2(bx0 + (bx1 - bx0) * frac, p1.y - pad),
                              U32(color));
        }
        const std::string value = FormatKpiValue(bars.metric, b.value);
        dl->AddText(
            ImVec2(bx1 + 0.4f * em, p0.y),
            b.value ? ImGui::GetColorU32(ImGuiCol_Text) : ImGui::GetColorU32(ImGuiCol_TextDisabled),
            value.c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s: %s (%lld cases)", b.key.c_str(), value.c_str(),
                              static_cast<long long>(b.volume));
        }
    }
    ImGui::PopID();
}

//! Two bars per row (treated above hold-out), one row per comparison: key, bars, values. Hover
//! shows the customers behind each value and the contacts avoided.
void DrawPairedBars(const char* id, const ProactiveComparisons& pairs) {
    const float em = Em();
    if (pairs.rows.empty()) {
        ImGui::TextDisabled("No data");
        return;
    }
    float key_w = 6 * em;
    for (const ProactiveComparison& c : pairs.rows)
        key_w = std::max(key_w, ImGui::CalcTextSize(c.key.c_str()).x);
    key_w = std::min(key_w, 12 * em);
    const float value_w = 5 * em;
    const float line = ImGui::GetTextLineHeight();
    const float row_h = 2 * line + ImGui::GetStyle().ItemSpacing.y;
    ImGui::PushID(id);
    for (const ProactiveComparison& c : pairs.rows) {
        const float avail = ImGui::GetContentRegionAvail().x;
        ImGui::InvisibleButton(c.key.c_str(), ImVec2(std::max(avail, key_w + value_w + em), row_h));
        const ImVec2 p0 = ImGui::GetItemRectMin();
        const ImVec2 p1 = ImGui::GetItemRectMax();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(p0, ImVec2(p0.x + key_w, p1.y), true);
        dl->AddText(ImVec2(p0.x, p0.y + line / 2), ImGui::GetColorU32(ImGuiCol_Text),
                    c.key.c_str());
        dl->PopClipRect();
        const float bx0 = p0.x + key_w + 0.5f * em;
        const float bx1 = p1.x - value_w;
        const struct {
            std::optional<double> value;
            ImVec4 color;
        } sides[] = {{c.treated, kTreatedColor}, {c.holdout, kHoldoutColor}};
        for (int i = 0; i < 2; ++i) {
            const float y0 = p0.y + static_cast<float>(i) * line + 0.1f * line;
            const float y1 = y0 + 0.8f * line;
            dl->AddRect(ImVec2(bx0, y0), ImVec2(bx1, y1),
                        ImGui::GetColorU32(ImGuiCol_Separator, 0.6f));
            const auto& v = sides[i].value;
            if (v && *v > 0) {
                const float frac = std::clamp(static_cast<float>(*v / pairs.scale), 0.0f, 1.0f);
                dl->AddRectFilled(ImVec2(bx0, y0), ImVec2(bx0 + (bx1 - bx0) * frac, y1),
                                  U32(sides[i].color));
            }
            const std::string text = FormatKpiUnitValue(KpiUnit::kPer100, v);
            dl->AddText(
                ImVec2(bx1 + 0.4f * em, p0.y + static_cast<float>(i) * line),
                v ? ImGui::GetColorU32(ImGuiCol_Text) : ImGui::GetColorU32(ImGuiCol_TextDisabled),
                text.c_str());
        }
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(c.key.c_str());
            TextColored(kTreatedColor,
                        "treated: " + FormatKpiUnitValue(KpiUnit::kPer100, c.treated) +
                            " per 100 (" + std::to_string(c.treated_customers) + " customers)");
            TextColored(kHoldoutColor,
                        "hold-out: " + FormatKpiUnitValue(KpiUnit::kPer100, c.holdout) +
                            " per 100 (" + std::to_string(c.holdout_customers) + " customers)");
            ImGui::Text("contacts avoided: %s",
                        FormatKpiUnitValue(KpiUnit::kPer100, c.avoided).c_str());
            ImGui::EndTooltip();
        }
    }
    ImGui::PopID();
}

// [SECTION] Panels

void DrawToolbar(KpiBoard& board) {
    const float em = Em();
    const struct {
        KpiRange range;
        const char* label;
        const char* mark;
    } presets[] = {{KpiRange::k7, "7 days", "kpi.range.7"},
                   {KpiRange::k30, "30 days", "kpi.range.30"},
                   {KpiRange::k90, "90 days", "kpi.range.90"}};
    for (const auto& p : presets) {
        const bool on = board.range() == p.range;
        if (on)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(p.label)) board.SetRange(p.range);
        Mark(p.mark);
        if (on) ImGui::PopStyleColor();
        ImGui::SameLine();
    }

    ImGui::SameLine(0, em);
    ImGui::SetNextItemWidth(11 * em);
    const std::string intent =
        board.intent_filter().empty() ? "All intents" : board.intent_filter();
    if (ImGui::BeginCombo("##kpi.intent", intent.c_str())) {
        if (ImGui::Selectable("All intents", board.intent_filter().empty()))
            board.SetIntentFilter("");
        for (const std::string& c : board.intent_choices()) {
            if (ImGui::Selectable(c.c_str(), c == board.intent_filter())) board.SetIntentFilter(c);
        }
        ImGui::EndCombo();
    }
    Mark("kpi.intent");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(8 * em);
    const std::string channel =
        board.channel_filter().empty() ? "All channels" : board.channel_filter();
    if (ImGui::BeginCombo("##kpi.channel", channel.c_str())) {
        if (ImGui::Selectable("All channels", board.channel_filter().empty()))
            board.SetChannelFilter("");
        for (const std::string& c : board.channel_choices()) {
            if (ImGui::Selectable(c.c_str(), c == board.channel_filter()))
                board.SetChannelFilter(c);
        }
        ImGui::EndCombo();
    }
    Mark("kpi.channel");
    ImGui::SameLine(0, em);
    // One ID whatever the label says ("###"), so a click while loading is not lost.
    if (ImGui::Button(board.loading() ? "Refreshing...###kpi.refresh" : "Refresh###kpi.refresh")) {
        board.Refresh();
    }
    Mark("kpi.refresh");

    const std::string status = board.StatusLine();
    if (!board.error().empty()) {
        TextColored(kBad, status);
    } else {
        ImGui::TextDisabled("%s", status.c_str());
    }
    Mark("kpi.status");
}

//! One headline tile; a click shows its metric in the chart and the bars.
void DrawTile(KpiBoard& board, KpiMetric metric, const KpiBlock& overall, float width,
              const std::string& extra) {
    const float em = Em();
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 size(width, 3.3f * line + 1.2f * em);  // label, value, detail: tiles line up
    ImGui::PushID(static_cast<int>(metric));
    if (ImGui::InvisibleButton("tile", size)) board.SetChartMetric(metric);
    const bool selected = board.chart_metric() == metric;
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    const ImVec2 p0 = ImGui::GetItemRectMin();
    const ImVec2 p1 = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float r = 0.3f * em;
    dl->AddRectFilled(p0, p1,
                      ImGui::GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg), r);
    if (selected) {
        dl->AddRect(p0, p1, U32(kMetricColor), r, 0, std::max(1.0f, em / 8));
    }
    dl->PushClipRect(p0, p1, true);
    const ImVec2 t(p0.x + 0.6f * em, p0.y + 0.6f * em);
    dl->AddText(t, ImGui::GetColorU32(ImGuiCol_TextDisabled), MetricInfo(metric).label);
    const std::string value = FormatKpiValue(metric, overall.Value(metric));
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 1.3f, ImVec2(t.x, t.y + line),
                ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
    if (!extra.empty()) {
        dl->AddText(ImVec2(t.x, t.y + 2.3f * line), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    extra.c_str());
    }
    dl->PopClipRect();
    if (hovered) ImGui::SetTooltip("%s: click to chart it per day", MetricInfo(metric).label);
}

void DrawTiles(KpiBoard& board, const KpiReport& report) {
    const KpiMetric tiles[] = {KpiMetric::kVolume,
                               KpiMetric::kResolutionRate,
                               KpiMetric::kSelfServiceResolutionRate,
                               KpiMetric::kContainment,
                               KpiMetric::kFirstContactResolution,
                               KpiMetric::kFirstResponseP50Seconds,
                               KpiMetric::kCsat};
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const std::size_t n = sizeof(tiles) / sizeof(tiles[0]);
    const float width =
        std::max((ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(n - 1)) /
                     static_cast<float>(n),
                 6 * Em());
    const KpiBlock& o = report.overall;
    for (std::size_t i = 0; i < n; ++i) {
        std::string extra;
        if (tiles[i] == KpiMetric::kVolume) {
            extra =
                FormatKpiValue(KpiMetric::kResolved, o.Value(KpiMetric::kResolved)) + " resolved";
        } else if (tiles[i] == KpiMetric::kCsat) {
            extra = FormatKpiValue(KpiMetric::kCsatResponses, o.Value(KpiMetric::kCsatResponses)) +
                    " ratings";
        } else if (tiles[i] == KpiMetric::kContainment) {
            extra =
                FormatKpiValue(KpiMetric::kHandoffs, o.Value(KpiMetric::kHandoffs)) + " handoffs";
        }
        if (i) ImGui::SameLine();
        DrawTile(board, tiles[i], o, width, extra);
    }
}

void DrawChartPanel(KpiBoard& board, float height) {
    const float em = Em();
    ImGui::TextUnformatted("Per day");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(14 * em);
    if (ImGui::BeginCombo("##kpi.metric", MetricInfo(board.chart_metric()).label)) {
        for (KpiMetric m : AllKpiMetrics()) {
            if (ImGui::Selectable(MetricInfo(m).label, m == board.chart_metric()))
                board.SetChartMetric(m);
        }
        ImGui::EndCombo();
    }
    Mark("kpi.metric");
    const KpiDaySeries series = board.Series();
    const float h =
        height - ImGui::GetFrameHeightWithSpacing() - ImGui::GetStyle().WindowPadding.y * 2;
    DrawLineChart("##kpi.chart", {Line{&series, kMetricColor, nullptr}},
                  ImVec2(ImGui::GetContentRegionAvail().x, h), "kpi.chart");
}

void DrawCsatPanel(const KpiReport& report) {
    const float em = Em();
    ImGui::TextUnformatted("CSAT: automated vs. human");
    const KpiBlock& o = report.overall;
    // Two bars side by side: the bot's and the agents' share of 4-5 ratings.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float half = (avail - ImGui::GetStyle().ItemSpacing.x) / 2;
    const struct {
        const char* name;
        std::optional<double> value;
        ImVec4 color;
    } sides[] = {{"Bot", o.csat_bot, kBotColor}, {"Agents", o.csat_agent, kAgentColor}};
    for (int i = 0; i < 2; ++i) {
        if (i) ImGui::SameLine();
        ImGui::BeginGroup();
        const std::string label =
            std::string(sides[i].name) + "  " + FormatKpiValue(KpiMetric::kCsat, sides[i].value);
        TextColored(sides[i].color, label);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, sides[i].color);
        ImGui::ProgressBar(sides[i].value ? static_cast<float>(*sides[i].value) : 0.0f,
                           ImVec2(half, 0.6f * em), "");
        ImGui::PopStyleColor();
        ImGui::EndGroup();
    }
    if (o.csat_bot && o.csat_agent) {
        const double gap = (*o.csat_bot - *o.csat_agent) * 100;
        const std::string text = std::string(gap >= 0 ? "bot ahead by " : "bot behind by ") +
                                 std::to_string(static_cast<int>(std::lround(std::fabs(gap)))) +
                                 " points";
        ImGui::TextDisabled("%s", text.c_str());
    } else {
        ImGui::TextDisabled("n/a: no ratings for one side in this range");
    }
    const KpiDaySeries bot = DaySeries(report, KpiMetric::kCsatBot);
    const KpiDaySeries agent = DaySeries(report, KpiMetric::kCsatAgent);
    const float h = ImGui::GetContentRegionAvail().y;
    DrawLineChart("##kpi.csat_chart",
                  {Line{&bot, kBotColor, "Bot CSAT"}, Line{&agent, kAgentColor, "Agent CSAT"}},
                  ImVec2(ImGui::GetContentRegionAvail().x, h), "kpi.csat");
}

//! Channels first (a handful), then intents in their own scrolling region (there may be dozens).
void DrawBarsPanel(KpiBoard& board) {
    const char* label = MetricInfo(board.chart_metric()).label;
    ImGui::Text("%s by channel", label);
    DrawBars("channel", board.ChannelBars(), kAgentColor);
    ImGui::Spacing();
    ImGui::Text("%s by intent", label);
    ImGui::BeginChild("##kpi.intent_bars", ImVec2(0, 0), false);
    DrawBars("intent", board.IntentBars(), kBotColor);
    ImGui::EndChild();
}

//! Sorts rows by a table column: n/a after any value, whatever the direction.
void SortRows(std::vector<KpiIntentRow>& rows, int column, bool ascending) {
    auto value = [column](const KpiIntentRow& r) -> std::optional<double> {
        switch (column) {
            case 1:
                return static_cast<double>(r.volume);
            case 2:
                return r.self_service_resolution_rate;
            case 3:
                return r.containment;
            case 4:
                return r.escalation_rate;
            case 5:
                return r.csat_bot;
            case 6:
                return r.csat_agent;
            case 7:
                return static_cast<double>(static_cast<int>(r.verdict));
            default:
                return std::nullopt;
        }
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const KpiIntentRow& a, const KpiIntentRow& b) {
        if (column == 0) return ascending ? a.intent < b.intent : a.intent > b.intent;
        const auto va = value(a), vb = value(b);
        if (va.has_value() != vb.has_value()) return va.has_value();
        if (!va || *va == *vb) return false;
        return ascending ? *va < *vb : *va > *vb;
    });
}

void DrawIntentTable(KpiBoard& board, float height) {
    std::vector<KpiIntentRow> rows = board.Intents();
    int hurts = 0;
    for (const KpiIntentRow& r : rows)
        hurts += r.verdict == KpiVerdict::kHurts;
    ImGui::TextUnformatted("Top intents by volume");
    ImGui::SameLine();
    if (hurts) {
        TextColored(kBad, "(" + std::to_string(hurts) + " where automation hurts)");
    } else {
        ImGui::TextDisabled("(click an intent to filter on it)");
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    const float h = std::max(height - ImGui::GetTextLineHeightWithSpacing(), 6 * Em());
    if (!ImGui::BeginTable("##kpi.intents", 8, flags, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Intent", ImGuiTableColumnFlags_WidthStretch, 2.2f, 0);
    ImGui::TableSetupColumn(
        "Volume", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending,
        1.0f, 1);
    ImGui::TableSetupColumn("Self-service", ImGuiTableColumnFlags_PreferSortDescending, 1.2f, 2);
    ImGui::TableSetupColumn("Containment", ImGuiTableColumnFlags_PreferSortDescending, 1.2f, 3);
    ImGui::TableSetupColumn("Escalation", ImGuiTableColumnFlags_PreferSortDescending, 1.1f, 4);
    ImGui::TableSetupColumn("Bot CSAT", ImGuiTableColumnFlags_PreferSortDescending, 1.1f, 5);
    ImGui::TableSetupColumn("Agent CSAT", ImGuiTableColumnFlags_PreferSortDescending, 1.1f, 6);
    ImGui::TableSetupColumn("Automation", ImGuiTableColumnFlags_PreferSortDescending, 1.1f, 7);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        if (specs->SpecsCount > 0) {
            SortRows(rows, static_cast<int>(specs->Specs[0].ColumnUserID),
                     specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
        }
    }
    for (const KpiIntentRow& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const bool none = r.intent == "(none)";
        if (ImGui::Selectable(r.intent.c_str(), board.intent_filter() == r.intent,
                              ImGuiSelectableFlags_SpanAllColumns) &&
            !none) {
            board.SetIntentFilter(board.intent_filter() == r.intent ? "" : r.intent);
        }
        ImGui::TableNextColumn();
        ImGui::Text("%lld  (%s)", static_cast<long long>(r.volume),
                    FormatKpiValue(KpiMetric::kCsat, r.share).c_str());
        const std::optional<double> cells[] = {r.self_service_resolution_rate, r.containment,
                                               r.escalation_rate, r.csat_bot, r.csat_agent};
        for (const auto& c : cells) {
            ImGui::TableNextColumn();
            const std::string text = FormatKpiValue(KpiMetric::kCsat, c);
            if (c) {
                ImGui::TextUnformatted(text.c_str());
            } else {
                ImGui::TextDisabled("%s", text.c_str());
            }
        }
        ImGui::TableNextColumn();
        const char* verdict = VerdictText(r.verdict);
        if (r.verdict == KpiVerdict::kHurts) {
            TextColored(kBad, verdict);
        } else if (r.verdict == KpiVerdict::kHelps) {
            TextColored(kGood, verdict);
        } else {
            ImGui::TextDisabled("%s", verdict);
        }
        if (!r.reasons.empty() && ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            for (const std::string& why : r.reasons)
                ImGui::BulletText("%s", why.c_str());
            ImGui::EndTooltip();
        }
    }
    ImGui::EndTable();
}

// [SECTION] Proactive

void DrawProactiveTable(const ProactiveReport& p, float height) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##kpi.proactive_table", 4, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("Treated", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Hold-out", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Overall", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const ProactiveRow& row : ProactiveRows(p)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.label);
        if (row.unit == KpiUnit::kMinorUnits && ImGui::IsItemHovered()) {
            ImGui::SetTooltip(
                "In each order's minor units, whatever its currency (the demo catalogue charges\n"
                "the same figure in every currency).");
        }
        const std::optional<double> cells[] = {row.treated, row.holdout, row.overall};
        for (const auto& c : cells) {
            ImGui::TableNextColumn();
            const std::string text = FormatKpiUnitValue(row.unit, c);
            if (c) {
                ImGui::TextUnformatted(text.c_str());
            } else {
                ImGui::TextDisabled("%s", text.c_str());
            }
        }
    }
    ImGui::EndTable();
}

void DrawProactive(const KpiReport& report) {
    const float em = Em();
    if (!report.proactive) {
        ImGui::Spacing();
        if (!report.proactive_error.empty()) {
            TextColored(kBad, "The proactive KPIs could not be read: " + report.proactive_error);
        } else {
            ImGui::TextDisabled(
                "This seamd reports no proactive KPIs (it predates them): the contact-centre "
                "figures are all there is.");
        }
        Mark("kpi.proactive.none");
        return;
    }
    const ProactiveReport& p = *report.proactive;
    // Headline: contacts avoided, and why messages were held back.
    const std::string avoided = FormatKpiUnitValue(KpiUnit::kPer100, p.overall.contacts_avoided);
    ImGui::Text("Contacts avoided: %s", avoided.c_str());
    Mark("kpi.proactive.avoided");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "(hold-out contacts per 100 - treated contacts per 100) / 100 x treated customers;\n"
            "n/a while either group has no customer in this range.");
    }
    std::string reasons;
    for (const auto& [reason, n] : p.overall.suppressed_by_reason)
        reasons += (reasons.empty() ? "" : ", ") + reason + " " + std::to_string(n);
    if (!reasons.empty()) {
        ImGui::SameLine(0, 2 * em);
        ImGui::TextDisabled("Held back: %s", reasons.c_str());
    }

    ImGui::BeginChild("##kpi.proactive_body", ImVec2(0, 0), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float row1 = std::max(16 * em, (avail.y - spacing) * 0.58f);
    const float row2 = std::max(10 * em, avail.y - row1 - spacing);
    const float left = std::max(22 * em, avail.x * 0.45f);

    ImGui::BeginChild("##kpi.proactive_table_panel", ImVec2(left, row1), true);
    ImGui::TextUnformatted("Treated vs. hold-out");
    DrawProactiveTable(p, ImGui::GetContentRegionAvail().y);
    Mark("kpi.proactive.table");
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##kpi.proactive_chart_panel", ImVec2(0, row1), true);
    ImGui::TextUnformatted("Proactive messages per day");
    const KpiDaySeries sent = ProactiveDaySeries(report, ProactiveSeries::kSent);
    const KpiDaySeries resolved = ProactiveDaySeries(report, ProactiveSeries::kResolved);
    DrawLineChart("##kpi.proactive_chart",
                  {Line{&sent, kTreatedColor, "Sent"}, Line{&resolved, kResolvedColor, "Resolved"}},
                  ImGui::GetContentRegionAvail(), "kpi.proactive.chart");
    ImGui::EndChild();

    ImGui::BeginChild("##kpi.proactive_contacts_panel", ImVec2(0, row2), true);
    ImGui::TextUnformatted("Contacts per 100 customers within 7 days of a decision");
    ImGui::SameLine();
    TextColored(kTreatedColor, "treated");
    ImGui::SameLine();
    TextColored(kHoldoutColor, "hold-out");
    DrawPairedBars("contacts", ContactsPer100(p));
    Mark("kpi.proactive.contacts");
    ImGui::EndChild();
    ImGui::EndChild();
}

}  // namespace

// [SECTION] Entry point

void DrawKpiBoard(KpiBoard& board) {
    const float em = Em();
    DrawToolbar(board);
    const KpiReport* report = board.report();
    if (!report) {
        ImGui::Spacing();
        ImGui::TextDisabled(board.loading() ? "Loading the KPIs..." : "No KPIs to show yet.");
        return;
    }
    ImGui::Spacing();
    if (!ImGui::BeginTabBar("##kpi.tabs", ImGuiTabBarFlags_NoTooltip)) return;
    const bool contact_centre = ImGui::BeginTabItem("Contact centre");
    Mark("kpi.tab.contact_centre");
    if (contact_centre) ImGui::EndTabItem();
    const bool proactive = ImGui::BeginTabItem("Proactive & revenue");
    Mark("kpi.tab.proactive");
    if (proactive) ImGui::EndTabItem();
    ImGui::EndTabBar();
    if (proactive) {
        DrawProactive(*report);
        return;
    }
    DrawTiles(board, *report);
    ImGui::Spacing();

    // The rest: chart | CSAT above, bars | top intents below; scrolls when the window is small.
    ImGui::BeginChild("##kpi.body", ImVec2(0, 0), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float row1 = std::max(13 * em, (avail.y - spacing) * 0.5f);
    const float row2 = std::max(12 * em, avail.y - row1 - spacing);
    const float left = std::max(20 * em, avail.x * 0.58f);

    ImGui::BeginChild("##kpi.chart_panel", ImVec2(left, row1), true);
    DrawChartPanel(board, row1);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##kpi.csat_panel", ImVec2(0, row1), true);
    DrawCsatPanel(*report);
    ImGui::EndChild();

    const float bars_w = std::max(16 * em, avail.x * 0.36f);
    ImGui::BeginChild("##kpi.bars_panel", ImVec2(bars_w, row2), true);
    DrawBarsPanel(board);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##kpi.intents_panel", ImVec2(0, row2), true);
    DrawIntentTable(board, ImGui::GetContentRegionAvail().y);
    ImGui::EndChild();
    ImGui::EndChild();
}

}  // namespace seam::console::ui
