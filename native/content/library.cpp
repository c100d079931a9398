// native/content/library.cpp — the assistants of the content versions in use (see library.hpp).
#include "content/library.hpp"

namespace seam::content_store {

Library::Library(AssistantPtr fixed) : current_assistant_(std::move(fixed)) {}

Library::Library(AssistantPtr current, int version, Builder builder)
    : current_(version), current_assistant_(std::move(current)), builder_(std::move(builder)) {}

std::pair<int, AssistantPtr> Library::Current() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return {current_, current_assistant_};
}

int Library::current_version() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return current_;
}

AssistantPtr Library::Loaded(int version) const {
    std::lock_guard<std::mutex> guard(mutex_);
    if (version == current_) return current_assistant_;
    for (auto it = loaded_.begin(); it != loaded_.end(); ++it) {
        if (it->first != version) continue;
        loaded_.splice(loaded_.begin(), loaded_, it);
        return loaded_.front().second;
    }
    return nullptr;
}

Result<AssistantPtr> Library::Build(const content::Files& content,
                                    std::vector<flow::Diagnostic>& problems) const {
    if (!builder_) {
        return Error::Make("seam.content.disabled",
                           "this seamd runs without content publishing (no assets directory)");
    }
    return builder_(content, problems);
}

void Library::Install(int version, AssistantPtr assistant, bool make_current) {
    std::lock_guard<std::mutex> guard(mutex_);
    for (auto it = loaded_.begin(); it != loaded_.end(); ++it) {
        if (it->first == version) {
            loaded_.erase(it);
            break;
        }
    }
    if (make_current) {
        if (current_assistant_ && current_ != version)
            loaded_.emplace_front(current_, current_assistant_);
        current_ = version;
        current_assistant_ = std::move(assistant);
    } else if (version != current_) {
        loaded_.emplace_front(version, std::move(assistant));
    }
    while (loaded_.size() > kMaxLoaded)
        loaded_.pop_back();
}

}  // namespace seam::content_store
