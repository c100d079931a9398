// shared/src/console/ui/graph_view.hpp — drawing a flow graph (console/inspector.hpp's
// FlowGraph) with Dear ImGui, shared by the flow inspector and the flow editor. Internal to the
// console's UI: no compatibility promise.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

#include "seam/console/inspector.hpp"
#include "seam/flow/flow.hpp"

namespace seam::console::ui {

//! How one graph is drawn: what is selected and highlighted, and the badges on its steps.
struct GraphLook {
    const char* child_id = "graph";    //!< the scrollable child's id, and its ui::Mark
    std::string node_mark;             //!< each node is marked node_mark + step id
    std::string selected;              //!< outlined in white
    std::string highlight;             //!< a yellow ring, scrolled into view when it changes
    std::string scroll_to;             //!< scrolled into view when it changes (no ring)
    std::vector<std::string> visited;  //!< brighter edges and outlines
    //! Problems on a step: a red badge with the count and a red outline (none when empty).
    std::function<int(const std::string&)> problems;
    //! Missing translations on a step: an amber badge (none when empty).
    std::function<int(const std::string&)> missing;
    std::string empty_text;  //!< shown when the graph has no nodes
};

//! The colour of a kind's boxes (the legend's too).
ImU32 KindColor(flow::StepKind kind);
//! One line: a coloured box and the name of each step kind.
void DrawKindLegend();
//! Draws `graph` in a scrollable child `height` high (right-drag pans). Returns the id of the
//! step clicked this frame, or "".
std::string DrawFlowGraph(const FlowGraph& graph, float height, const GraphLook& look);

}  // namespace seam::console::ui
