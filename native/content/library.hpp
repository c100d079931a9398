// native/content/library.hpp — the assistants of the content versions in use: the current one
// (new conversations and flows), and the older ones conversations in flight are pinned to (a
// conversation finishes its flow on the version it started it with). Each is the shared core
// loaded from the files that are not content (assets/: nlu/, policy/, flows/actions.json) with
// one version's content over them. Thread-safe; building one (training the intent model) takes
// about a second and happens outside its lock.
#pragma once

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <utility>

#include "assistant/assistant.hpp"
#include "seam/content/files.hpp"
#include "seam/core/result.hpp"

namespace seam::content_store {

using AssistantPtr = std::shared_ptr<const backend::Assistant>;

class Library {
  public:
    //! Builds an assistant from the files that are not content (`base`) and one version's
    //! content (problems appended when the set does not load).
    using Builder = std::function<Result<AssistantPtr>(const content::Files& content,
                                                       std::vector<flow::Diagnostic>& problems)>;
    //! A library whose only version is `fixed` (version 0, nothing published: tests, and a
    //! seamd that runs without content publishing).
    explicit Library(AssistantPtr fixed);
    //! `builder` loads versions; the current one comes with Install.
    Library(AssistantPtr current, int version, Builder builder);

    //! The current version and its assistant.
    std::pair<int, AssistantPtr> Current() const;
    int current_version() const;
    //! The assistant of `version` when it is loaded (nullptr otherwise).
    AssistantPtr Loaded(int version) const;
    //! Builds the assistant of a version from its content (no lock held while building).
    Result<AssistantPtr> Build(const content::Files& content,
                               std::vector<flow::Diagnostic>& problems) const;
    //! Keeps `assistant` as `version`'s; with `make_current` it serves new conversations from
    //! now on. Keeps the current one and the kMaxLoaded most recently used others.
    void Install(int version, AssistantPtr assistant, bool make_current);
    bool can_build() const { return static_cast<bool>(builder_); }

    static constexpr std::size_t kMaxLoaded = 8;

  private:
    mutable std::mutex mutex_;
    int current_ = 0;
    AssistantPtr current_assistant_;
    mutable std::list<std::pair<int, AssistantPtr>> loaded_;  // most recently used first
    Builder builder_;
};

}  // namespace seam::content_store
