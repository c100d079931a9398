// shared/include/seam/proactive/suppression.hpp — whether a matched trigger may reach the
// customer now, and on which channel: consent, frequency caps, quiet hours, de-duplication, the
// hold-out group, a person already on the case, the global kill switch. One function decides;
// the host (seamd, the simulator) gathers the situation and logs the decision it gets.
//
// Rules, in this order (the first that applies is the reason):
//   kill_switch      the business switched proactive messages off
//   holdout          the customer is in the hold-out group (InHoldout): never contacted, so the
//                    KPIs can compare (counted, not sent)
//   duplicate        this trigger already reached (or was held back from) this object within
//                    `dedupe_days`: a past decision with the same object key at a time in
//                    (now - dedupe_days x 24 h, now]; dedupe_days 0 turns the rule off
//   agent_case_open  a person has an open case with the customer (queued or with an agent)
//   opted_out        every channel the trigger allows is opted out (or the customer opted out
//                    of all proactive messages)
//   no_channel       no allowed channel reaches the customer (no email, no phone, ...)
//   quiet_hours      it is night where the customer lives; `deferred_until` says when it ends
//                    (the first instant the local clock reads `to`, across a DST change too).
//                    The night is [from, to) local time; from == to means no night
//   cap_day          `per_day` messages already went out in the last 24 hours: sent decisions
//                    at a time in (now - 24 h, now] (one sent exactly 24 h ago no longer counts)
//   cap_week         `per_week` in the last 7 days, (now - 7 x 24 h, now] likewise
// otherwise: send, on the first allowed channel that is reachable and not opted out.
//
// Pure: "now" and the history come in; time zones from a built-in table (time_zone.hpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::proactive {

//! assets/policy/proactive.json:
//! {"caps": {"per_day": 1, "per_week": 3}, "quiet_hours": {"from": "21:00", "to": "08:00"},
//!  "dedupe_days": 30, "holdout_percent": 10}
struct Policy {
    int per_day = 1;
    int per_week = 3;
    int quiet_from_minutes = 21 * 60;  //!< local time, minutes after midnight
    int quiet_to_minutes = 8 * 60;     //!< may be before `from` (the night spans midnight)
    int dedupe_days = 30;
    int holdout_percent = 10;  //!< 0..50
};

//! Parses the policy file. Absent fields keep the defaults above; unknown fields are refused.
//! Ranges: per_day 1..100, per_week per_day..700, dedupe_days 0..365, holdout_percent 0..50,
//! times "HH:MM". Errors: seam.proactive.policy, the message "<JSON pointer>: <what>".
Result<Policy> ParsePolicy(const nlohmann::json& doc);

//! One proactive decision already made for this customer (sent or held back). "Held back" means
//! the hold-out rule: the host records sends and hold-outs here. A decision deferred or refused
//! for another reason (quiet hours, a cap, no channel, ...) is not history: the candidate may
//! come again, and recording it would make the retry a duplicate.
struct PastDecision {
    std::int64_t at = 0;  //!< ms since the epoch, UTC
    std::string object_key;
    bool sent = false;
};

//! What the host knows about the customer now.
struct Situation {
    std::int64_t now = 0;   //!< ms since the epoch, UTC
    std::string time_zone;  //!< IANA name, e.g. "Europe/Madrid"; "" or unknown = UTC
    bool kill_switch = false;
    bool holdout = false;
    bool agent_case_open = false;
    bool opted_out_all = false;
    std::set<std::string> opted_out;    //!< channels the customer opted out of
    std::set<std::string> reachable;    //!< channels that reach them (widget for a known customer,
                                        //!< email with an address, sms with a phone)
    std::vector<PastDecision> history;  //!< this customer's, any order
};

struct Decision {
    bool send = false;
    std::string channel;              //!< when send
    std::string reason;               //!< "" when send, else one of the rule names above
    std::int64_t deferred_until = 0;  //!< quiet_hours: when the night ends (UTC ms); else 0
    nlohmann::json ToJson() const;    //!< {"send", "channel"?, "reason"?, "deferred_until"?}
};

//! The decision for the candidate `object_key` allowed on `channels` (in preference order).
Decision Decide(const std::string& object_key, const std::vector<std::string>& channels,
                const Situation& situation, const Policy& policy);

//! Whether the customer belongs to the hold-out group: a stable hash of `customer_key` (the
//! external id) and `salt`, below `percent` in 100. The same answer on every platform
//! (bucket = splitmix64(FNV-1a 64 of salt, a NUL byte, key) % 100; in when bucket < percent).
//! Growing `percent` keeps every member; an empty key is never held out.
bool InHoldout(std::string_view customer_key, std::string_view salt, int percent);

}  // namespace seam::proactive
