// shared/src/proactive/conditions.cpp — reading facts and evaluating a trigger's conditions
// (trigger.hpp): Fact, Holds, Explain. Holds and Explain share one evaluator, so the log says
// exactly what decided.
#include <string>

#include "internal.hpp"
#include "seam/proactive/trigger.hpp"

namespace seam::proactive {

namespace {

using nlohmann::json;

enum class Order { kLess, kEqual, kGreater, kUnordered };

// Numbers compare as numbers (3 == 3.0), strings byte-wise (ISO dates sort as dates), anything
// else only for equality with the same type; different types never compare.
Order Compare(const json& a, const json& b) {
    const bool ordered = (a.is_number() && b.is_number()) || (a.is_string() && b.is_string());
    if (ordered) {
        if (a < b) return Order::kLess;
        if (b < a) return Order::kGreater;
        return Order::kEqual;
    }
    if (a.type() == b.type() && a == b) return Order::kEqual;
    return Order::kUnordered;
}

bool Test(const Condition& c, const json* fact) {
    const std::string& op = c.op;
    if (op == "exists") return c.value.is_boolean() && (fact != nullptr) == c.value.get<bool>();
    if (fact == nullptr) return op == "ne";
    const Order order = Compare(*fact, c.value);
    if (op == "eq") return order == Order::kEqual;
    if (op == "ne") return order != Order::kEqual;
    if (op == "lt") return order == Order::kLess;
    if (op == "le") return order == Order::kLess || order == Order::kEqual;
    if (op == "gt") return order == Order::kGreater;
    if (op == "ge") return order == Order::kGreater || order == Order::kEqual;
    if (op == "in" && c.value.is_array()) {
        for (const json& v : c.value) {
            if (Compare(*fact, v) == Order::kEqual) return true;
        }
    }
    return false;  // unknown op (CheckTrigger reports it): never holds
}

// Evaluates `c`, short-circuiting like the log reads (all stops at the first false test, any at
// the first true one); with `lines`, one line per test evaluated.
bool Eval(const Condition& c, const json& facts, std::vector<std::string>* lines) {
    switch (c.kind) {
        case Condition::Kind::kAll:
            for (const Condition& child : c.children) {
                if (!Eval(child, facts, lines)) return false;
            }
            return true;
        case Condition::Kind::kAny:
            for (const Condition& child : c.children) {
                if (Eval(child, facts, lines)) return true;
            }
            return false;
        case Condition::Kind::kNot:
            // A `not` always has one operand once parsed; a hand-built empty one is "not true".
            return c.children.empty() ? false : !Eval(c.children.front(), facts, lines);
        case Condition::Kind::kTest:
            break;
    }
    const json* fact = Fact(facts, c.fact);
    const bool holds = Test(c, fact);
    if (lines) {
        lines->push_back(c.fact + " " + c.op + " " + detail::Dump(c.value) + ": " +
                         (fact ? detail::Dump(*fact) : std::string("missing")) + " -> " +
                         (holds ? "true" : "false"));
    }
    return holds;
}

}  // namespace

const json* Fact(const json& facts, std::string_view name) {
    if (name.empty() || !facts.is_object()) return nullptr;
    // Namespaced: {"order": {"number": ...}}; a flat {"order.number": ...} is read too.
    const json* at = &facts;
    std::string_view rest = name;
    while (at != nullptr) {
        const std::size_t dot = rest.find('.');
        const std::string key(rest.substr(0, dot));
        const auto it = at->find(key);
        at = it == at->end() ? nullptr : &*it;
        if (dot == std::string_view::npos) break;
        rest.remove_prefix(dot + 1);
        if (at != nullptr && !at->is_object()) at = nullptr;
    }
    if (at == nullptr) {
        const auto flat = facts.find(std::string(name));
        if (flat != facts.end()) at = &*flat;
    }
    return at != nullptr && !at->is_null() ? at : nullptr;
}

bool Holds(const Condition& c, const json& facts) {
    return Eval(c, facts, nullptr);
}

std::vector<std::string> Explain(const Condition& c, const json& facts) {
    std::vector<std::string> lines;
    Eval(c, facts, &lines);
    return lines;
}

}  // namespace seam::proactive
