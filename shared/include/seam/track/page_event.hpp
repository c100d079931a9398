// shared/include/seam/track/page_event.hpp — page events: what a visitor did on the business's
// site (Seam('track', name, props) in the widget's JS API), kept with their conversation so an
// agent sees it ("added the Cascade rain jacket, size M, to the bag") without asking.
//
// The rules are the same in the widget and in seamd, which re-checks whatever the page sent:
//   name   1–64 characters: letters, digits and _ . : - (starting with a letter or a digit)
//   props  an object of at most 20 entries; keys 1–40 characters of letters, digits and _;
//          values strings (at most 200 bytes of UTF-8), numbers, true/false or null; at most
//          2,000 bytes serialised
// Errors: seam.track.bad_name, seam.track.bad_props (the message says what to change).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "seam/core/result.hpp"

namespace seam::track {

inline constexpr std::size_t kMaxNameLength = 64;
inline constexpr std::size_t kMaxProps = 20;
inline constexpr std::size_t kMaxKeyLength = 40;
inline constexpr std::size_t kMaxValueBytes = 200;
inline constexpr std::size_t kMaxPropsBytes = 2000;

struct PageEvent {
    std::string name;
    nlohmann::json props = nlohmann::json::object();  //!< validated: flat, bounded
};

//! Checks a page event as a page sent it (`props` may be null: no properties).
Result<PageEvent> ValidatePageEvent(const nlohmann::json& name, const nlohmann::json& props);

//! One line for people: "add_to_bag: sku=cascade-rain-jacket, size=M".
std::string Describe(const PageEvent& event);

}  // namespace seam::track
