// shared/src/console/draft_trial.cpp — trying a draft before it is published (see
// draft_trial.hpp).
#include "seam/console/draft_trial.hpp"

#include <set>
#include <utility>

namespace seam::console {

namespace {

//! The flow files of the draft set: what a simulation of the draft runs.
content::Files DraftFlows(const ContentModel& content) {
    content::Files out;
    for (auto& [path, text] : content.DraftSet()) {
        content::Kind kind;
        if (content::KindOf(path, kind) && kind == content::Kind::kFlow) out[path] = text;
    }
    return out;
}

}  // namespace

DraftTrial::DraftTrial(ContentModel& content, Inspector& inspector)
    : content_(content), inspector_(inspector) {}

std::vector<std::string> DraftTrial::ChangedFlows(const ContentModel& content) {
    std::set<std::string> ids;
    for (const std::string& path : content.DraftPaths()) {
        content::Kind kind;
        if (!content::KindOf(path, kind)) continue;
        if (kind == content::Kind::kFlow) {
            // flows/<id>.json
            const std::string name = path.substr(6, path.size() - 6 - 5);
            ids.insert(name);
        } else if (kind == content::Kind::kFlowTest) {
            ids.insert(content::FlowOfTest(path));
        }
    }
    return {ids.begin(), ids.end()};
}

void DraftTrial::Update(std::int64_t now_ms) {
    if (!content_.loaded()) {
        runs_.clear();
        ran_ = false;
        message_.clear();
        saved_path_.clear();
        return;
    }
    const std::uint64_t generation = content_.draft_generation();
    if (generation != seen_generation_ || inspector_.loaded() != was_loaded_) {
        seen_generation_ = generation;
        was_loaded_ = inspector_.loaded();
        changed_at_ = now_ms;
        ran_ = false;
        if (!inspector_.flows_source().empty() && tried_generation_ != generation)
            flows_changed_ = DraftFlows(content_) != tried_flows_;
    }
    if (ran_ || !inspector_.loaded() || now_ms - changed_at_ < kSettleMs) return;
    const content::Files set = content_.DraftSet();
    runs_.clear();
    for (const std::string& flow : ChangedFlows(content_)) {
        std::vector<content::TestRun> runs = inspector_.RunTests(set, flow);
        runs_.insert(runs_.end(), std::make_move_iterator(runs.begin()),
                     std::make_move_iterator(runs.end()));
    }
    ran_ = true;
    ran_generation_ = generation;
}

int DraftTrial::failed() const {
    int n = 0;
    for (const content::TestRun& r : runs_)
        n += r.passed ? 0 : 1;
    return n;
}

bool DraftTrial::pending() const {
    return !ran_ || ran_generation_ != content_.draft_generation();
}

bool DraftTrial::TryDraft() {
    if (!content_.loaded()) return false;
    tried_flows_ = DraftFlows(content_);
    tried_generation_ = content_.draft_generation();
    flows_changed_ = false;
    return inspector_.UseFlows(content::ParseFlows(content_.DraftSet(), nullptr), "draft");
}

bool DraftTrial::trying_current() const {
    return !inspector_.flows_source().empty() && !flows_changed_;
}

void DraftTrial::StopTrying() {
    inspector_.UsePublished();
    tried_flows_.clear();
}

bool DraftTrial::SaveRun(const std::string& name, const std::string& description) {
    saved_path_.clear();
    if (!trying_current()) {
        message_ = "run the current draft first (Restart on the draft), then save the run";
        return false;
    }
    Result<SavedTest> test = inspector_.MakeTest(name, description);
    if (!test) {
        message_ = test.error().message;
        return false;
    }
    const bool existed = content_.Text(test->path) != nullptr;
    content_.SetDraft(test->path, test->text);
    saved_path_ = test->path;
    message_ = (existed ? "replaced " : "saved ") + test->path +
               " as a draft: it is published with the flow, and runs before every publish";
    return true;
}

}  // namespace seam::console
