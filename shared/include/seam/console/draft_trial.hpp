// shared/include/seam/console/draft_trial.hpp — trying a draft before it is published (issue 19,
// deliverable 2): the flow inspector's simulation runs the draft's flows, a simulated run is
// saved as a conversation test kept with its flow (a draft file, published with it), and the
// saved tests of every flow the drafts change run in the console before Publish is offered.
//
//     ContentModel (drafts) ──> DraftTrial::Update ──> Inspector::RunTests(DraftSet, flow)
//            ^                        │                 for each changed flow, once the edits
//            │                        │                 paused (kSettleMs): runs(), failed()
//            │    SaveRun(name) <─────┤
//            └── SetDraft(flows/tests/<flow>/<name>.conv, Inspector::MakeTest(...).text)
//                                     │
//                 TryDraft() ─────────┴──> Inspector::UseFlows(ParseFlows(DraftSet))
//
// seamd runs the same tests again before it publishes (and refuses with 422
// seam.content.tests_failed); the console runs them first so the operator sees a failing test
// next to the draft that breaks it, and the Publish button says why it is off.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "seam/console/content.hpp"
#include "seam/console/inspector.hpp"
#include "seam/content/check.hpp"

namespace seam::console {

class DraftTrial {
  public:
    //! Edits this recent are still being typed: the tests wait for a pause.
    static constexpr std::int64_t kSettleMs = 400;

    DraftTrial(ContentModel& content, Inspector& inspector);

    //! Once per frame after ContentModel::Update and Inspector::Update: runs the saved tests of
    //! the changed flows again once the drafts (or the bundle) changed and kSettleMs passed.
    void Update(std::int64_t now_ms);

    //! The flows whose tests must pass before the drafts are published: every flow with a
    //! draft (changed, new or removed) and every flow with a draft of one of its tests, in id
    //! order.
    static std::vector<std::string> ChangedFlows(const ContentModel& content);

    //! The tests run for the current drafts, in flow then path order (empty before a run).
    const std::vector<content::TestRun>& runs() const { return runs_; }
    int failed() const;
    //! The drafts changed since the tests last ran (or they never ran): wait before Publish.
    bool pending() const;
    //! The bundle is not in yet: the console cannot run tests (seamd still does).
    bool unavailable() const { return !inspector_.loaded(); }

    //! Simulates the draft set's flows (Inspector::UseFlows): a fresh run on what is drafted now.
    bool TryDraft();
    //! The simulation runs the drafts of this generation (false after an edit: restart to see it).
    bool trying_current() const;
    //! Back to the published flows.
    void StopTrying();

    //! Saves the simulated run as the test `name` of its flow: a draft of
    //! flows/tests/<flow>/<name>.conv (Inspector::MakeTest). message() says what happened.
    bool SaveRun(const std::string& name, const std::string& description);
    const std::string& message() const { return message_; }
    const std::string& saved_path() const { return saved_path_; }

  private:
    ContentModel& content_;
    Inspector& inspector_;
    std::uint64_t ran_generation_ = 0, seen_generation_ = ~std::uint64_t{0}, tried_generation_ = 0;
    bool ran_ = false, was_loaded_ = false;
    bool flows_changed_ = false;  //!< the draft's flows differ from those tried
    content::Files tried_flows_;
    std::int64_t changed_at_ = 0;
    std::vector<content::TestRun> runs_;
    std::string message_, saved_path_;
};

}  // namespace seam::console
