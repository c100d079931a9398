// shared/src/console/session.cpp — the operator's login (see session.hpp).
#include "seam/console/session.hpp"

#include "seam/core/json_read.hpp"

namespace seam::console {

using nlohmann::json;

Session::Session(Api& api) : api_(api) {
    api_.OnUnauthorized([this] {
        if (state_ == State::kLoggedIn)
            Logout("Your session ended (the token expired). Sign in again.");
    });
}

void Session::Login(const std::string& login, const std::string& secret) {
    if (state_ == State::kLoggingIn) return;
    if (login.empty() || secret.empty()) {
        message_ = "Enter your login and your secret.";
        return;
    }
    state_ = State::kLoggingIn;
    message_.clear();
    api_.SetToken("");
    api_.Post(
        "/v1/agents/login", {{"login", login}, {"secret", secret}}, [this](const ApiResult& r) {
            if (!r.ok || !r.body.is_object() || !r.body.contains("token") ||
                !r.body["token"].is_string()) {
                state_ = State::kLoggedOut;
                if (r.status == 401 || r.status == 403) {
                    message_ = "That login and secret do not match an agent.";
                } else {
                    message_ = r.ok ? "seamd's answer has no token." : r.message;
                }
                return;
            }
            // seamd's answer is read with total readers: a field of an unexpected
            // type is left at its default, never an abort of the console.
            const json* found = json_read::Find(r.body, "agent");
            const json& a = found ? *found : json::object();
            agent_ = Agent{};
            agent_.login = json_read::StringOr(a, "login");
            agent_.name = json_read::StringOr(a, "name", agent_.login);
            agent_.role = json_read::StringOr(a, "role", "agent");
            if (const json* skills = json_read::Find(a, "skills"); skills && skills->is_array()) {
                for (const json& s : *skills)
                    if (s.is_string()) agent_.skills.push_back(s.get<std::string>());
            }
            expires_at_ = json_read::IntOr(r.body, "expires_at", 0);
            api_.SetToken(r.body["token"].get<std::string>());
            state_ = State::kLoggedIn;
            ++generation_;
        });
}

void Session::AskServerMode() {
    if (mode_asked_) return;
    mode_asked_ = true;
    api_.Get("/healthz", [this](const ApiResult& r) {
        demo_ = r.ok && r.body.is_object() && r.body.value("demo", false) == true;
    });
}

void Session::Logout(const std::string& why) {
    api_.CancelAll();
    api_.SetToken("");
    agent_ = Agent{};
    expires_at_ = 0;
    state_ = State::kLoggedOut;
    message_ = why;
    ++generation_;
}

}  // namespace seam::console
