// tests/unit/assistant/test_bundle.cpp — the widget bundle: base64, the document round trip
// (flows checked, articles indexed, the model byte for byte), and refusals of bad bundles.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "seam/assistant/bundle.hpp"
#include "seam/assistant/business.hpp"

using seam::assistant::BundleSources;
using seam::assistant::DecodeBase64;
using seam::assistant::EncodeBase64;
using seam::assistant::LoadBundle;
using seam::assistant::MakeBundle;

namespace {

const char* kFlow = R"({
  "flow": "greet", "version": 1, "title": {"en": "Hello"}, "intents": ["greeting"],
  "slots": {}, "start": "hi",
  "steps": [{"id": "hi", "kind": "end", "outcome": "resolved", "say": {"en": "Hello there!"}}]
})";

const char* kArticle =
    "---\nid: returns\ntitle: Returns\nlang: en\n---\n# Returns\n\n## How long do I have to "
    "return an item?\n\nYou have 30 days from delivery to return an item.\n";

BundleSources Sources() {
    std::vector<seam::nlu::Example> examples;
    for (const char* t : {"hello", "hi there", "good morning", "hey", "hello friend"})
        examples.push_back({t, "greeting"});
    for (const char* t : {"where is my order", "track my package", "order status",
                          "where is my parcel", "has my order shipped"})
        examples.push_back({t, "order_status"});
    auto model = seam::nlu::IntentModel::Train(examples, seam::assistant::WidgetTrainOptions());
    BundleSources s;
    s.flows.push_back({"flows/greet.json", kFlow});
    s.actions = R"({"actions": {}})";
    s.articles.push_back({"kb/en/returns.md", kArticle});
    s.model = model ? model->Serialize() : std::string();
    return s;
}

}  // namespace

TEST_CASE("base64 round-trips every byte and every tail length") {
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    for (std::size_t n = 0; n <= 7; ++n) {
        const std::string part = bytes.substr(250 - n, n);
        const auto back = DecodeBase64(EncodeBase64(part));
        REQUIRE(back);
        CHECK(*back == part);
    }
    CHECK(EncodeBase64("Man") == "TWFu");
    CHECK(EncodeBase64("Ma") == "TWE=");
    CHECK(EncodeBase64("M") == "TQ==");
    const auto all = DecodeBase64(EncodeBase64(bytes));
    REQUIRE(all);
    CHECK(*all == bytes);
    CHECK(*DecodeBase64("TW\nFu") == "Man");
    CHECK_FALSE(DecodeBase64("TW*u"));
    CHECK_FALSE(DecodeBase64("TQ=A"));
    CHECK_FALSE(DecodeBase64("T"));
}

TEST_CASE("a bundle loads back: flows, articles and the very same model") {
    const BundleSources s = Sources();
    REQUIRE(!s.model.empty());
    const auto text = MakeBundle(s);
    REQUIRE(text);
    const nlohmann::json doc = nlohmann::json::parse(*text);
    CHECK(doc["format"] == "seam-widget-bundle/1");
    const auto b = LoadBundle(*text);
    REQUIRE(b);
    REQUIRE(b->flows.size() == 1);
    CHECK(b->flows[0].id == "greet");
    CHECK(b->model.Serialize() == s.model);
    CHECK(b->model.Predict("hello there").intent == "greeting");
    const auto hits = b->index.Search("how long do I have to return an item", "en", 1);
    REQUIRE(!hits.hits.empty());
    CHECK(hits.answerable);
}

TEST_CASE("bad bundles are refused with the reason") {
    const BundleSources good = Sources();
    CHECK(LoadBundle("not json").error().id == "seam.bundle.json");
    CHECK(LoadBundle(R"({"format": "other"})").error().id == "seam.bundle.format");

    nlohmann::json doc = nlohmann::json::parse(*MakeBundle(good));
    doc["model"] = "@@@";
    CHECK(LoadBundle(doc.dump()).error().id == "seam.bundle.model");
    doc["model"] = EncodeBase64("SEAMINTM garbage");
    CHECK(LoadBundle(doc.dump()).error().id == "seam.bundle.model");

    doc = nlohmann::json::parse(*MakeBundle(good));
    doc["flows"][0]["steps"][0]["kind"] = "nonsense";
    const auto broken = LoadBundle(doc.dump());
    REQUIRE_FALSE(broken);
    CHECK(broken.error().id == "seam.bundle.flows");
    CHECK(broken.error().message.find("flows/greet.json") != std::string::npos);

    BundleSources not_json = good;
    not_json.flows[0].second = "{";
    CHECK(MakeBundle(not_json).error().id == "seam.bundle.json");
}

TEST_CASE("the business validator and entity finder are the demo store's") {
    const seam::Date today{2026, 11, 22};
    seam::flow::SlotSpec spec;
    spec.name = "order_number";
    spec.type = "order_number";
    const auto validator = seam::assistant::BusinessSlotValidator(today);
    const auto ok = validator(spec, "lw 104233", {}, "en");
    CHECK(ok.ok);
    CHECK(ok.value == "LW-104233");
    const auto bad = validator(spec, "12", {}, "en");
    CHECK_FALSE(bad.ok);
    CHECK_FALSE(bad.error.empty());
    const auto finder = seam::assistant::BusinessEntityFinder(today);
    bool found = false;
    for (const auto& e : finder("it's order LW-104233", "en"))
        found = found || (e.type == "order_number" && e.value == "LW-104233");
    CHECK(found);
}
