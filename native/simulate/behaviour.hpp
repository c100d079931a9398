// native/simulate/behaviour.hpp — how the simulated shop and its customers behave: every
// probability, delay and preference of `seam simulate`, read from a data file
// (assets/simulate/behaviour.json, or --behaviour FILE) so the model can be argued about and
// changed without a rebuild.
//
// Every number in the file is a leaf {"value": V, "why": "sources or assumptions"}: a number
// without its reason is refused, so the file stays a record of why the simulation behaves as it
// does. V is a probability (0..1), a count, a {"min", "max"} range, or a {"name": weight} table
// of whole, non-negative weights with a positive sum.
//
// Internal to seam_backend: no compatibility promise beyond the file format's documentation in
// native/README.md ("Simulating traffic").
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "seam/core/result.hpp"

namespace seam::simulate {

//! A [min, max] interval (hours or days); min <= max.
struct Span {
    double min = 0;
    double max = 0;
};

//! Named whole weights, in the file's key order (JSON objects read sorted), sum > 0.
using Weights = std::vector<std::pair<std::string, int>>;

//! The problems a customer can have, each with a chance of contacting support about it.
//!   late_parcel         the carrier reported a parcel late (order.delayed)
//!   delivery_exception  the carrier could not deliver (order.delivery_exception)
//!   payment_failed      a subscription renewal's payment failed (payment.failed)
//!   refund_wait         a return reached the warehouse; the refund is not there yet
//!   return_wanted       a delivered item has to go back (too small, too big, ...)
//!   damaged             a delivered item arrived damaged
//!   cancel_wish         the customer wants out of a subscription before it renews
//!   wismo               "where is my order?" about a parcel that is on time
const std::vector<std::string>& ProblemKinds();

struct Behaviour {
    // [SECTION] The shop
    double order_per_customer_day = 0;  //!< a customer places an order on a given day
    Weights lines_per_order;            //!< "1".."4" order lines
    double order_cancelled = 0;         //!< an order is cancelled before it ships
    double ships_same_day = 0;          //!< a weekday order ships the day it is placed
    double parcel_late = 0;             //!< the carrier reports a parcel late
    Span late_business_days;            //!< by how many business days
    double parcel_exception = 0;        //!< the carrier cannot deliver (held at a depot)
    Span exception_business_days;       //!< business days until it is delivered after all
    double return_wanted = 0;           //!< a delivered order goes back
    Weights return_reasons;             //!< too_small, too_big, defective, wrong_item, ...
    double damaged_on_arrival = 0;      //!< a delivered order arrived damaged
    double wismo_question = 0;          //!< an on-time parcel's customer asks where it is
    double cart_abandoned_per_customer_day = 0;
    double cart_bought_anyway = 0;  //!< a left cart is bought later with no help
    // [SECTION] Subscriptions
    double payment_fails = 0;              //!< a renewal's payment fails
    double payment_retry_succeeds = 0;     //!< the retry after 3 days goes through by itself
    double card_updated_after_link = 0;    //!< a customer given the card link updates the card
    double cancel_wish = 0;                //!< a customer wants out before a renewal
    double retention_accept = 0;           //!< a Coffee Club customer takes the pause or the
                                           //!< every-other-month offer instead of cancelling
    double cancel_after_accepting = 0;     //!< ... and cancels within 30 days after all
    double plus_kept_when_confirming = 0;  //!< a Plus member asked to confirm keeps it
    // [SECTION] Returns
    double return_in_conversation = 0;  //!< a return is asked for in a conversation (else the
                                        //!< returns portal, no conversation)
    Span return_transit_days;           //!< label issued -> the parcel reaches the warehouse
    Span refund_after_receipt_days;     //!< received -> the refund lands
    // [SECTION] Contacting support
    std::map<std::string, double> contact;        //!< problem kind -> contacts with no message
    double contact_after_unanswered_message = 0;  //!< factor: told, did not resolve it with us
    double contact_after_resolved_message = 0;    //!< factor: told, resolved it in the message
    Span contact_delay_hours;
    std::map<std::string, Weights> contact_intents;  //!< problem kind -> intents they write
    double signed_in = 0;  //!< a contact comes from a signed-in customer (else one the site
                           //!< recognises who must verify by email)
    // [SECTION] Answering proactive messages
    std::map<std::string, double> reply;        //!< trigger id -> answers its message
    double reply_renewal_with_cancel_wish = 0;  //!< a reminded customer who wants out answers
    Span reply_delay_hours;
    // [SECTION] Conversations
    int max_turns = 0;         //!< the customer's messages in one conversation at most
    double leaves_midway = 0;  //!< at each question, the customer just leaves
    Weights csat;              //!< "1".."5"
    Weights rating_happy;      //!< review stars, nothing wrong
    Weights rating_unhappy;    //!< review stars, something wrong with the order
    std::map<std::string, Weights> choices;  //!< "flow.slot" -> option weights
    // [SECTION] Recommendations
    double pick_clicked = 0;       //!< a win-back pick is tapped
    double win_back_opt_out = 0;   //!< "don't send me these" at a win-back message
    double link_clicked = 0;       //!< a link in an answer (an accessory) is followed
    double size_to_cart = 0;       //!< size advice taken to the cart
    double exchange_taken = 0;     //!< a size exchange chosen over a refund
    double order_after_click = 0;  //!< a click leads to an order with that item
    Span order_after_click_days;
    // [SECTION] Agents
    Span agent_resolve_hours;  //!< a handoff is claimed and resolved
};

//! Reads a behaviour document. Every leaf is required (an override file is a full copy) and
//! unknown keys are refused, so a typo never silently keeps a default. Errors:
//! seam.simulate.behaviour "<JSON pointer>: <what>".
Result<Behaviour> ParseBehaviour(const nlohmann::json& doc);

//! Reads and parses a behaviour file. Errors: seam.simulate.behaviour (unreadable, not JSON, or
//! ParseBehaviour's), naming the file.
Result<Behaviour> LoadBehaviour(const std::string& path);

}  // namespace seam::simulate
