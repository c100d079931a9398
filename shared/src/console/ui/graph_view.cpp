// shared/src/console/ui/graph_view.cpp — a flow graph drawn with ImDrawList in a scrollable
// child (graph_view.hpp): steps as coloured boxes in layers, labelled arrows (loops curve out to
// the right and back up), badges for problems and missing translations. Used by the flow
// inspector and the flow editor.
#include "graph_view.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "seam/console/ui/marks.hpp"

namespace seam::console::ui {

ImU32 KindColor(flow::StepKind kind) {
    switch (kind) {
        case flow::StepKind::kMessage:
            return IM_COL32(70, 90, 120, 255);
        case flow::StepKind::kAsk:
            return IM_COL32(30, 120, 120, 255);
        case flow::StepKind::kChoice:
            return IM_COL32(110, 70, 140, 255);
        case flow::StepKind::kBranch:
            return IM_COL32(150, 95, 30, 255);
        case flow::StepKind::kAction:
            return IM_COL32(40, 90, 170, 255);
        case flow::StepKind::kSet:
            return IM_COL32(90, 90, 90, 255);
        case flow::StepKind::kHandoff:
            return IM_COL32(170, 55, 55, 255);
        case flow::StepKind::kCsat:
            return IM_COL32(150, 130, 30, 255);
        case flow::StepKind::kEnd:
        case flow::StepKind::kStart:
            return IM_COL32(45, 130, 60, 255);
    }
    return IM_COL32(90, 90, 90, 255);
}

namespace {

ImVec2 Bezier(ImVec2 p0, ImVec2 p1, ImVec2 p2, ImVec2 p3, float t) {
    const float u = 1 - t;
    const float a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return ImVec2(a * p0.x + b * p1.x + c * p2.x + d * p3.x,
                  a * p0.y + b * p1.y + c * p2.y + d * p3.y);
}

void Arrowhead(ImDrawList* dl, ImVec2 tip, ImVec2 from, float size, ImU32 col) {
    float dx = tip.x - from.x, dy = tip.y - from.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1e-3f) return;
    dx /= len;
    dy /= len;
    const ImVec2 base(tip.x - dx * size, tip.y - dy * size);
    dl->AddTriangleFilled(tip, ImVec2(base.x - dy * size * 0.5f, base.y + dx * size * 0.5f),
                          ImVec2(base.x + dy * size * 0.5f, base.y - dx * size * 0.5f), col);
}

//! A round badge with a number at the top right corner of a node; returns its left edge.
float Badge(ImDrawList* dl, ImVec2 right_top, int count, ImU32 fill) {
    const float fs = ImGui::GetFontSize();
    const std::string text = std::to_string(count);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const float w = std::max(fs * 1.1f, ts.x + fs * 0.5f), h = fs * 1.1f;
    const ImVec2 mn(right_top.x - w, right_top.y - h * 0.45f);
    dl->AddRectFilled(mn, ImVec2(mn.x + w, mn.y + h), fill, h * 0.5f);
    dl->AddText(ImVec2(mn.x + (w - ts.x) / 2, mn.y + (h - ts.y) / 2), IM_COL32(255, 255, 255, 255),
                text.c_str());
    return mn.x;
}

}  // namespace

void DrawKindLegend() {
    const float fs = ImGui::GetFontSize();
    using K = flow::StepKind;
    const K kinds[] = {K::kMessage, K::kAsk,     K::kChoice, K::kBranch, K::kAction,
                       K::kSet,     K::kHandoff, K::kCsat,   K::kEnd};
    for (std::size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); ++i) {
        if (i > 0) ImGui::SameLine(0, fs * 0.6f);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + fs * 0.15f),
                                                  ImVec2(p.x + fs * 0.8f, p.y + fs * 0.95f),
                                                  KindColor(kinds[i]), fs * 0.2f);
        ImGui::Dummy(ImVec2(fs * 0.9f, fs));
        ImGui::SameLine(0, fs * 0.2f);
        ImGui::TextUnformatted(flow::StepKindName(kinds[i]));
    }
}

std::string DrawFlowGraph(const FlowGraph& g, float height, const GraphLook& look) {
    std::string clicked;
    const float fs = ImGui::GetFontSize();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(24, 26, 30, 255));
    ImGui::BeginChild(look.child_id, ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PopStyleColor();
    const float node_w = fs * 11.0f, node_h = fs * 2.7f;
    const float step_x = node_w + fs * 3.0f, step_y = node_h + fs * 3.2f;
    const float pad = fs * 1.5f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 canvas(pad * 2 + static_cast<float>(std::max(g.width, 1)) * step_x + fs * 4,
                        pad * 2 + static_cast<float>(std::max(g.layers, 1)) * step_y);
    auto node_min = [&](const GraphNode& n) {
        return ImVec2(origin.x + pad + n.x * step_x, origin.y + pad + n.y * step_y);
    };
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto was_visited = [&](const std::string& id) {
        return std::find(look.visited.begin(), look.visited.end(), id) != look.visited.end();
    };

    if (g.nodes.empty()) ImGui::TextDisabled("%s", look.empty_text.c_str());

    // Edges under the nodes: forward ones top to bottom, loops out to the right and back up.
    for (const GraphEdge& e : g.edges) {
        const GraphNode& a = g.nodes[static_cast<std::size_t>(e.from)];
        const GraphNode& b = g.nodes[static_cast<std::size_t>(e.to)];
        const ImVec2 amin = node_min(a), bmin = node_min(b);
        const bool walked = was_visited(a.id) && was_visited(b.id);
        const ImU32 col = walked ? IM_COL32(230, 230, 240, 230) : IM_COL32(140, 145, 160, 180);
        ImVec2 p0, p1, p2, p3;
        const bool sideways = a.layer == b.layer && e.from != e.to;
        if (sideways) {  // within a layer: between the facing sides
            const bool right = b.order > a.order;
            p0 = ImVec2(right ? amin.x + node_w : amin.x, amin.y + node_h * 0.5f);
            p3 = ImVec2(right ? bmin.x : bmin.x + node_w, bmin.y + node_h * 0.5f);
            const float dx = (p3.x - p0.x) * 0.4f;
            p1 = ImVec2(p0.x + dx, p0.y);
            p2 = ImVec2(p3.x - dx, p3.y);
        } else if (!e.back) {
            p0 = ImVec2(amin.x + node_w / 2, amin.y + node_h);
            p3 = ImVec2(bmin.x + node_w / 2, bmin.y);
            const float dy = (p3.y - p0.y) * 0.5f;
            p1 = ImVec2(p0.x, p0.y + dy);
            p2 = ImVec2(p3.x, p3.y - dy);
        } else {
            p0 = ImVec2(amin.x + node_w, amin.y + node_h * 0.5f);
            p3 = ImVec2(bmin.x + node_w, bmin.y + node_h * 0.5f);
            const float out = fs * 2.5f + std::abs(p0.y - p3.y) * 0.15f;
            p1 = ImVec2(p0.x + out, p0.y);
            p2 = ImVec2(p3.x + out, p3.y);
        }
        dl->AddBezierCubic(p0, p1, p2, p3, col, walked ? 2.0f : 1.2f);
        Arrowhead(dl, p3, Bezier(p0, p1, p2, p3, 0.92f), fs * 0.55f, col);
        // The label on a dark plate so it stays readable: mid-curve, or for a loop (which
        // crosses the layers between) next to the step it leaves.
        std::string label = e.label;
        if (label.size() > 28) label = label.substr(0, 26) + "..";
        const bool loop = e.back && !sideways;
        const ImVec2 mid = Bezier(p0, p1, p2, p3, loop ? 0.12f : 0.5f);
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        const ImVec2 lmin(loop ? mid.x + 2 : mid.x - ts.x / 2 - 2,
                          sideways ? mid.y - ts.y - 1 : mid.y - ts.y / 2);
        dl->AddRectFilled(lmin, ImVec2(lmin.x + ts.x + 4, lmin.y + ts.y), IM_COL32(24, 26, 30, 220),
                          2.0f);
        dl->AddText(ImVec2(lmin.x + 2, lmin.y), IM_COL32(200, 200, 170, 255), label.c_str());
    }

    // Nodes; each is a button (click: select; hover: a tooltip).
    // UI-only memory: which highlight each graph last scrolled to (the UI runs on one thread).
    static std::map<std::string, std::string> scrolled_to;
    for (const GraphNode& n : g.nodes) {
        const ImVec2 mn = node_min(n);
        const ImVec2 mx(mn.x + node_w, mn.y + node_h);
        ImGui::SetCursorScreenPos(mn);
        ImGui::InvisibleButton(("##node." + n.id).c_str(), ImVec2(node_w, node_h));
        Mark(look.node_mark + n.id);
        if (ImGui::IsItemClicked()) {
            clicked = n.id;
            scrolled_to[look.child_id] = g.flow + "/" + n.id;  // in view already: stay still
        }
        const int problems = look.problems ? look.problems(n.id) : 0;
        const int missing = look.missing ? look.missing(n.id) : 0;
        // The badges as marks too ("flowed.step.lookup.problems.1"): tests read them.
        if (problems > 0) Mark(look.node_mark + n.id + ".problems." + std::to_string(problems));
        if (missing > 0) Mark(look.node_mark + n.id + ".missing." + std::to_string(missing));
        const bool hovered = ImGui::IsItemHovered();
        if (hovered) {
            std::string extra;
            if (problems > 0)
                extra += "\n" + std::to_string(problems) + " problem" + (problems == 1 ? "" : "s");
            if (missing > 0)
                extra += "\n" + std::to_string(missing) + " missing translation" +
                         (missing == 1 ? "" : "s");
            ImGui::SetTooltip("%s (%s)\n%s%s", n.id.c_str(), n.kind_name.c_str(), n.detail.c_str(),
                              extra.c_str());
        }
        ImU32 fill = KindColor(n.kind);
        if (!n.reachable) fill = (fill & 0x00FFFFFF) | 0x80000000;  // faded: never reached
        dl->AddRectFilled(mn, mx, fill, fs * 0.4f);
        const bool current = !look.highlight.empty() && n.id == look.highlight;
        const bool selected = !look.selected.empty() && n.id == look.selected;
        if (current) {
            dl->AddRect(ImVec2(mn.x - 3, mn.y - 3), ImVec2(mx.x + 3, mx.y + 3),
                        IM_COL32(255, 210, 60, 255), fs * 0.5f, 0, 3.0f);
        }
        if (problems > 0) {
            dl->AddRect(ImVec2(mn.x - 2, mn.y - 2), ImVec2(mx.x + 2, mx.y + 2),
                        IM_COL32(235, 70, 70, 255), fs * 0.5f, 0, 2.5f);
        }
        dl->AddRect(mn, mx,
                    selected            ? IM_COL32(255, 255, 255, 255)
                    : hovered           ? IM_COL32(220, 220, 230, 200)
                    : was_visited(n.id) ? IM_COL32(200, 200, 210, 160)
                                        : IM_COL32(0, 0, 0, 120),
                    fs * 0.4f, 0, selected ? 2.0f : 1.0f);
        dl->PushClipRect(mn, mx, true);
        dl->AddText(ImVec2(mn.x + fs * 0.4f, mn.y + fs * 0.25f), IM_COL32(255, 255, 255, 255),
                    n.id.c_str());
        const std::string second = n.kind_name + " - " + n.detail;
        dl->AddText(ImVec2(mn.x + fs * 0.4f, mn.y + fs * 1.35f), IM_COL32(215, 220, 230, 230),
                    second.c_str());
        dl->PopClipRect();
        float right = mx.x + fs * 0.3f;
        if (problems > 0)
            right = Badge(dl, ImVec2(right, mn.y), problems, IM_COL32(200, 45, 45, 255));
        if (missing > 0)
            Badge(dl, ImVec2(right - fs * 0.15f, mn.y), missing, IM_COL32(190, 130, 20, 255));
        if (current || (look.highlight.empty() && n.id == look.scroll_to)) {
            // Bring the highlighted step into view when it changes.
            std::string& last = scrolled_to[look.child_id];
            const std::string key = g.flow + "/" + n.id;
            if (key != last) {
                last = key;
                ImGui::SetScrollHereX(0.5f);
                ImGui::SetScrollHereY(0.5f);
            }
        }
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(canvas);
    // Drag with the right mouse button to pan.
    if (ImGui::IsWindowHovered() && ImGui::IsMouseDragging(ImGuiMouseButton_Right)) {
        const ImVec2 d = ImGui::GetIO().MouseDelta;
        ImGui::SetScrollX(ImGui::GetScrollX() - d.x);
        ImGui::SetScrollY(ImGui::GetScrollY() - d.y);
    }
    ImGui::EndChild();
    Mark(look.child_id);
    return clicked;
}

}  // namespace seam::console::ui
