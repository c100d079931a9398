// shared/include/seam/content/files.hpp — content: what a business edits and publishes without
// C++ (flows, their saved conversation tests, knowledge articles, proactive triggers, saved
// replies for agents), as a set of files named by their path under assets/, exactly as the repo
// keeps them. seamd stores published versions of such a set (native/content/), the console edits
// it, `seam export DIR` / `seam import DIR` write and read it as a tree a team can keep in git.
//
//   flows/<flow id>.json                  a flow (flows/actions.json, the action registry, is the
//                                         code's contract with the flows: not content)
//   flows/tests/<flow id>/<name>.conv     a conversation test kept with its flow
//   kb/<lang>/<slug>.md                   an article in one language (lang: en | es)
//   proactive/<trigger id>.json           a proactive trigger
//   replies/<reply id>.json               a saved reply (macro) for agents
//
// Names ([a-z0-9_-], 1..64 characters, starting with a letter or digit) keep every path safe as
// a file name on every system and in a URL's query.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace seam::content {

//! Path (relative to assets/, '/'-separated) -> the file's text.
using Files = std::map<std::string, std::string>;

enum class Kind { kFlow, kFlowTest, kArticle, kTrigger, kReply };

//! "flow", "flow_test", "article", "trigger", "reply".
const char* KindName(Kind kind);

//! Limits of one set (seamd refuses more, with seam.content.too_large).
inline constexpr std::size_t kMaxFileBytes = 256 * 1024;
inline constexpr std::size_t kMaxFiles = 2000;

//! The kind of a content path. False (and `why`, when given, says what is wrong in words) when
//! `path` is not one: another folder or extension, a bad name, "..", flows/actions.json.
bool KindOf(std::string_view path, Kind& kind, std::string* why = nullptr);

//! A name as content paths use it: [a-z0-9_-], 1..64 characters, not starting with '-' or '_'.
bool ValidName(std::string_view name);

//! The flow a test belongs to: "flows/tests/order_status/x.conv" -> "order_status"; "" for any
//! other path.
std::string FlowOfTest(std::string_view path);

//! The flow file of a flow id: "order_status" -> "flows/order_status.json".
std::string FlowPath(std::string_view flow_id);

//! Only the content paths of `all` (a tree read from disk holds more: nlu/, policy/, ...).
Files Select(const Files& all);

}  // namespace seam::content
