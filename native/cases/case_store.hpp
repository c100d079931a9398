// native/cases/case_store.hpp — one case per customer issue, shared by every channel.
//
// A case holds the flow engine's state. Every write names the version it read; a stale version
// is refused with seam.cases.conflict (the writer re-reads and retries), so two tabs or two
// channels never overwrite each other's update. Messages, channel links and events of a case
// are written with it, in the caller's transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "seam/core/result.hpp"
#include "store/sqlite.hpp"

namespace seam::cases {

struct Case {
    std::string id;
    std::int64_t customer_id = 0;  //!< 0 = anonymous
    std::string status;            //!< open | waiting_agent | with_agent | resolved | abandoned
    std::int64_t version = 0;
    nlohmann::json state;
    std::string channel;  //!< where it started
    std::string intent;
    std::int64_t created_at = 0, updated_at = 0;
    //! The state passed flow::Engine::CheckState, or is what the engine made of such a state
    //! (a turn just wrote it): not checked again while it stays unchanged in memory. A case
    //! read from the store starts unchecked.
    bool state_checked = false;
};

struct Message {
    std::int64_t id = 0;
    std::int64_t at = 0;
    std::string sender;  //!< customer | bot | agent | system (case events the widget shows)
    std::string agent;   //!< agent login when sender == agent
    std::string channel;
    std::string text;
    std::string agent_name;  //!< read back with the agent's display name
    nlohmann::json ToJson() const;
};

//! Inserts a new case (version 1). Errors: seam.store.*.
Result<Case> Create(store::Db& db, const std::string& id, std::int64_t customer_id,
                    const std::string& channel, const nlohmann::json& state, std::int64_t now);

//! The case, or seam.cases.not_found. A state stored with its transcript (by a seamd before
//! 2026-12-07) comes back without it: the messages table has those lines.
Result<Case> Load(store::Db& db, const std::string& id);

//! The customer's most recent case that is not closed (open, waiting or with an agent).
std::optional<std::string> LatestOpenCase(store::Db& db, std::int64_t customer_id);

//! The case a returning customer's page should show: the latest open one, else the latest one
//! closed within `recent_ms` before `now` (they just finished it on another channel and see it,
//! not an empty conversation). Nothing when neither exists.
std::optional<std::string> CurrentCase(store::Db& db, std::int64_t customer_id, std::int64_t now,
                                       std::int64_t recent_ms);

//! Writes `c.state`, `c.status`, `c.intent` if `c.version` is still the stored version, and
//! bumps it (c.version is updated). Errors: seam.cases.conflict, seam.cases.not_found.
Result<bool> Save(store::Db& db, Case& c, std::int64_t now);
//! Save() with the state already serialised (`state_text` is c.state's JSON), so a caller can
//! do that work before it takes the store's lock.
Result<bool> Save(store::Db& db, Case& c, std::int64_t now, const std::string& state_text);

//! Writes `c.status` and `c.intent` only, leaving the stored state as it is (a state that
//! cannot be read is kept for whoever looks into it, never overwritten), if `c.version` is
//! still the stored version, and bumps it. Errors: seam.cases.conflict, seam.cases.not_found.
Result<bool> SaveStatus(store::Db& db, Case& c, std::int64_t now);

//! Links the case to the customer (identification after an anonymous start).
Result<bool> SetCustomer(store::Db& db, const std::string& id, std::int64_t customer_id);

//! Records that the case was continued on `channel` (`address`: email/phone, "" for web).
Result<bool> TouchChannel(store::Db& db, const std::string& id, const std::string& channel,
                          const std::string& address, std::int64_t now);
std::vector<nlohmann::json> Channels(store::Db& db, const std::string& id);

Result<std::int64_t> AppendMessage(store::Db& db, const std::string& case_id, const Message& m);
//! Messages after id `after`, oldest first.
std::vector<Message> MessagesAfter(store::Db& db, const std::string& case_id, std::int64_t after);

//! The conversation's lines as a handoff payload's "transcript" shows them, oldest first: the
//! customer's, the bot's (as "seam") and agents' messages (system notices left out), the most
//! recent `limit` of them (0: all). seamd keeps no transcript in the engine's state
//! (flow::Engine::Transcript::kWithHost); this is where the payload's lines come from.
nlohmann::json TranscriptLines(store::Db& db, const std::string& case_id, std::size_t limit);

//! Appends to the event log (append-only table `events`; see seam/kpi for the vocabulary).
Result<bool> AppendEvent(store::Db& db, std::int64_t at, const std::string& case_id,
                         std::int64_t customer_id, const std::string& channel,
                         const std::string& kind, const std::string& intent,
                         const nlohmann::json& data);

}  // namespace seam::cases
