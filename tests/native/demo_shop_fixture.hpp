// tests/native/demo_shop_fixture.hpp — the demo shop service (native/demo_shop/) started
// in-process for the backend tests (test_demo_shop.cpp, test_action_parity.cpp): on a free
// loopback port, with its own store in a temp directory, its two secrets and a pinned day; and
// the demo-shop connector files of assets/connectors/demo-shop/, parsed as seamd parses them.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "connectors/config.hpp"
#include "demo_shop/options.hpp"
#include "demo_shop/shop.hpp"
#include "seam/connectors/connector.hpp"
#include "seam/core/date.hpp"
#include "server_fixture.hpp"

namespace seam_test::demo_shop {

inline constexpr const char* kToken = "demo-shop-test-token";
inline constexpr const char* kKey = "demo-shop-test-signing-key";
inline constexpr const char* kToday = "2026-11-30";
inline constexpr seam::Date kTodayDate{2026, 11, 30};

//! A demo shop service on a free loopback port, with its own store in a temp directory.
struct ShopService {
    seam::testing::TempDir dir;
    std::unique_ptr<seam::demo_shop::Shop> shop;
    std::thread thread;
    int port = 0;

    explicit ShopService(const std::string& today = kToday) {
        seam::demo_shop::Options o;
        o.data = (dir.path / "shop").string();
        o.port = 0;
        o.today = today;
        o.assets = std::string(SEAM_SOURCE_DIR) + "/assets";
        o.api_token = kToken;
        o.signing_key = kKey;
        o.request_log = false;
        auto opened = seam::demo_shop::Shop::Open(o);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
        shop = std::move(*opened);
        auto bound = shop->Bind();
        REQUIRE_MESSAGE(bound.ok(), (bound.ok() ? "" : bound.error().message));
        port = *bound;
        thread = std::thread([this] { shop->Listen(); });
        // Waits for the listening socket (readiness, not a timed assertion).
        for (int i = 0; i < 1000 && !shop->Running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        REQUIRE(shop->Running());
    }
    ~ShopService() {
        shop->Stop();
        if (thread.joinable()) thread.join();
    }
    ShopService(const ShopService&) = delete;
    ShopService& operator=(const ShopService&) = delete;

    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port); }

    //! GET /v1/stats: {"requests", "executions": {"<action>": n}, "replays"}.
    nlohmann::json Stats() const {
        httplib::Client client("127.0.0.1", port);
        auto res = client.Get("/v1/stats", {{"Authorization", std::string("Bearer ") + kToken}});
        REQUIRE(static_cast<bool>(res));
        REQUIRE(res->status == 200);
        return nlohmann::json::parse(res->body);
    }
    std::int64_t Executions() const {
        std::int64_t n = 0;
        for (const auto& [action, count] : Stats()["executions"].items())
            n += count.get<std::int64_t>();
        return n;
    }

    //! seamd's connector config for this service: the two secrets and DEMO_SHOP_URL.
    seam::connectors::ConnectorConfig Config() const {
        seam::connectors::ConnectorConfig c;
        c.secrets = {{"DEMO_SHOP_API_TOKEN", kToken}, {"DEMO_SHOP_SIGNING_KEY", kKey}};
        c.config = {{"DEMO_SHOP_URL", Url()}};
        return c;
    }
};

//! The folder of the demo configuration's connectors.
inline std::string ConnectorDir() {
    return std::string(SEAM_SOURCE_DIR) + "/assets/connectors/demo-shop";
}

//! assets/connectors/demo-shop/<action>.json, parsed.
inline seam::connectors::Connector LoadConnector(const std::string& action) {
    std::ifstream in(ConnectorDir() + "/" + action + ".json");
    REQUIRE_MESSAGE(static_cast<bool>(in), action);
    nlohmann::json doc = nlohmann::json::parse(in);
    doc.erase("$schema");
    auto parsed = seam::connectors::ParseConnector(doc);
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    return *parsed;
}

//! Every connector of the folder, by action (a new file is picked up with no code change).
inline std::map<std::string, seam::connectors::Connector> LoadAllConnectors() {
    std::map<std::string, seam::connectors::Connector> all;
    for (const auto& entry : std::filesystem::directory_iterator(ConnectorDir())) {
        if (entry.path().extension() != ".json") continue;
        seam::connectors::Connector c = LoadConnector(entry.path().stem().string());
        CHECK_MESSAGE(c.action == entry.path().stem().string(), entry.path().string());
        all.emplace(c.action, std::move(c));
    }
    return all;
}

}  // namespace seam_test::demo_shop
