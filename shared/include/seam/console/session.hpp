// shared/include/seam/console/session.hpp — the operator's login: agent credential in, agent
// token and role out. The token lives only in memory (never in the saved layout).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "seam/console/api.hpp"

namespace seam::console {

struct Agent {
    std::string login;
    std::string name;
    std::string role;  //!< "agent" | "admin"
    std::vector<std::string> skills;
    bool admin() const { return role == "admin"; }
};

class Session {
  public:
    enum class State { kLoggedOut, kLoggingIn, kLoggedIn };

    //! Installs the API's unauthorised hook: a 401 anywhere ends the session with a message.
    explicit Session(Api& api);

    //! POST /v1/agents/login. Empty login or secret fails at once, without a request.
    void Login(const std::string& login, const std::string& secret);
    //! Drops the token and every request in flight.
    void Logout(const std::string& why = "");

    State state() const { return state_; }
    bool logged_in() const { return state_ == State::kLoggedIn; }
    const Agent& agent() const { return agent_; }
    //! Why the last login failed or the session ended ("" when none).
    const std::string& message() const { return message_; }
    std::int64_t expires_at() const { return expires_at_; }  //!< seconds since the epoch
    //! Bumped at every login and logout: models compare it to drop what they loaded before.
    int generation() const { return generation_; }

    //! GET /healthz, once: whether seamd runs in demo mode ("demo": true), so that the sign-in
    //! form shows the demo's public credentials there and nowhere else. Console::Update asks.
    void AskServerMode();
    bool server_mode_asked() const { return mode_asked_; }
    //! True only once seamd said it runs with --demo (false while unknown or unreachable).
    bool demo() const { return demo_; }

  private:
    Api& api_;
    State state_ = State::kLoggedOut;
    Agent agent_;
    std::string message_;
    std::int64_t expires_at_ = 0;
    int generation_ = 0;
    bool mode_asked_ = false;
    bool demo_ = false;
};

}  // namespace seam::console
