// tests/unit/nlu/test_intent_model.cpp — the demo store's intents: typos, casing, accents,
// Spanish, filler words; out-of-scope honesty; hostile input; the stored model format.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/check.hpp"
#include "../support/fuzz_bytes.hpp"
#include "demo_model.hpp"
#include "seam/core/hash.hpp"

using seam::nlu::IntentModel;
using seam::nlu::Prediction;
using seam::testing::DemoModel;

namespace {

struct Case {
    const char* text;
    const char* intent;  // expected decision ("oos" for out of scope)
};

void CheckCases(const std::vector<Case>& cases) {
    const IntentModel& model = DemoModel();
    SEAM_REQUIRE_OR_RETURN(!model.intents().empty());
    for (const Case& c : cases) {
        const Prediction p = model.Predict(c.text);
        const std::string text = c.text;
        CAPTURE(text);
        CAPTURE(p.ranked.empty() ? std::string("-") : p.ranked[0].intent);
        CAPTURE(p.ranked.empty() ? 0.0f : p.ranked[0].confidence);
        CAPTURE(p.coverage);
        CHECK(p.intent == c.intent);
    }
}

}  // namespace

TEST_CASE("intent: demo model trains with every flow intent") {
    const IntentModel& model = DemoModel();
    for (const char* intent : {"order_status",
                               "return_item",
                               "refund_status",
                               "reschedule_delivery",
                               "change_address",
                               "cancel_subscription",
                               "pause_subscription",
                               "reset_password",
                               "unfamiliar_charge",
                               "request_invoice",
                               "parcel_not_received",
                               "damaged_item",
                               "talk_to_human",
                               "greeting",
                               "thanks",
                               "goodbye",
                               "affirm",
                               "deny",
                               "cancel",
                               "start_over"}) {
        CAPTURE(intent);
        bool found = false;
        for (const std::string& i : model.intents())
            found = found || i == intent;
        CHECK(found);
    }
    CHECK(model.calibration().oos_threshold > 0.0f);
}

TEST_CASE("intent: typos, casing, accents and word order (English)") {
    CheckCases({
        {"were is my pakage", "order_status"},
        {"WHERE IS MY ORDER LW-104233", "order_status"},
        {"wheres my oder #104233??", "order_status"},
        {"my order 104233 where is it", "order_status"},
        {"um so like where's my stuff lol", "order_status"},
        {"I want to retrun these boots they dont fit", "return_item"},
        {"how do I send back the jacket, it's too small", "return_item"},
        {"i returned the tent two weeks ago and still no money back", "refund_status"},
        {"I won't be home on Friday, can you deliver another day?", "reschedule_delivery"},
        {"I need to change the shipping address on my order", "change_address"},
        {"cancel my coffee club subscription", "cancel_subscription"},
        {"skip next month's coffee please", "pause_subscription"},
        {"forgot my pasword and cant log in", "reset_password"},
        {"there's a charge on my card I don't recognise", "unfamiliar_charge"},
        {"can you email me the invoice for order 104233", "request_invoice"},
        {"let me talk to a real person", "talk_to_human"},
        {"hi there", "greeting"},
        {"thanks, that's great", "thanks"},
        {"yes please", "affirm"},
        {"no thanks", "deny"},
        {"never mind, forget it", "cancel"},
        {"let's start over", "start_over"},
    });
}

TEST_CASE("intent: Spanish, with and without accents") {
    CheckCases({
        {"\xC2\xBF"
         "D\xC3\xB3nde est\xC3\xA1 mi pedido?",
         "order_status"},
        {"donde esta mi pedido", "order_status"},
        {"DONDE ESTA MI PEDIDO LW-104233", "order_status"},
        {"quiero devolver las botas, me quedan peque\xC3\xB1"
         "as",
         "return_item"},
        {"quiero devolver las botas me quedan pequenas", "return_item"},
        {"todav\xC3\xAD"
         "a no me han devuelto el dinero de la devoluci\xC3\xB3n",
         "refund_status"},
        {"no voy a estar en casa el viernes, pueden entregarlo otro d\xC3\xAD"
         "a",
         "reschedule_delivery"},
        {"necesito cambiar la direcci\xC3\xB3n de env\xC3\xAD"
         "o",
         "change_address"},
        {"quiero cancelar mi suscripci\xC3\xB3n de caf\xC3\xA9", "cancel_subscription"},
        {"olvid\xC3\xA9 mi contrase\xC3\xB1"
         "a",
         "reset_password"},
        {"hay un cargo en mi tarjeta que no reconozco", "unfamiliar_charge"},
        {"quiero hablar con una persona", "talk_to_human"},
        {"hola", "greeting"},
        {"muchas gracias", "thanks"},
    });
}

TEST_CASE("intent: out of scope is said, not guessed") {
    CheckCases({
        {"asdkjh qwe zzz", "oos"},
        {"jjjjjjj", "oos"},
        {"", "oos"},
        {"   ", "oos"},
        {"\xF0\x9F\x98\x80\xF0\x9F\x98\x80", "oos"},
        {"wo ist meine Bestellung", "oos"},
        {"what's the weather like in Paris tomorrow", "oos"},
        {"tell me a joke", "oos"},
        {"who won the game last night", "oos"},
        // Questions the knowledge base answers are not flow intents either.
        {"can I pay with PayPal?", "oos"},
        {"how long does shipping take to Germany", "oos"},
        {"\xC2\xBF"
         "hac\xC3\xA9is env\xC3\xADos a Canarias?",
         "oos"},
        {"\xE6\x88\x91\xE7\x9A\x84\xE8\xAE\xA2\xE5\x8D\x95\xE5\x9C\xA8\xE5\x93\xAA\xE9\x87\x8C",
         "oos"},
    });
}

TEST_CASE("intent: hostile input never crashes and gives a clear result") {
    const IntentModel& model = DemoModel();
    seam::testing::FuzzBytes gen(3);
    const std::string huge = gen.Bytes(1 << 20);
    const Prediction big = model.Predict(huge);
    CHECK(big.out_of_scope);  // a megabyte of noise is not a question
    std::string words;
    while (words.size() < (1u << 20))
        words += "where is my order ";
    CHECK(model.Predict(words).intent == "order_status");  // only the first words are read
    for (int i = 0; i < 300; ++i) {
        const std::string s = gen.Bytes(1 + gen.Next() % 200);
        const Prediction p = model.Predict(s);
        SEAM_CHECK_OR_BREAK(!p.intent.empty());
        SEAM_CHECK_OR_BREAK(p.ranked.size() <= 5);
        SEAM_CHECK_OR_BREAK(p.coverage >= 0.0f);
        SEAM_CHECK_OR_BREAK(p.coverage <= 1.0001f);
    }
    CHECK(model.Predict("\xED\xA0\x80\xC0\xAF\xFF\xFE").out_of_scope);
    CHECK(IntentModel().Predict("where is my order").out_of_scope);  // an empty model knows nothing
}

TEST_CASE("intent: ranked confidences are calibrated probabilities, best first") {
    const Prediction p = DemoModel().Predict("where is my order", 5);
    SEAM_REQUIRE_OR_RETURN(p.ranked.size() == 5);
    float sum = 0;
    for (std::size_t i = 0; i < p.ranked.size(); ++i) {
        CHECK(p.ranked[i].confidence >= 0.0f);
        CHECK(p.ranked[i].confidence <= 1.0f);
        if (i > 0) CHECK(p.ranked[i].confidence <= p.ranked[i - 1].confidence);
        sum += p.ranked[i].confidence;
    }
    CHECK(sum <= 1.0001f);
    CHECK(p.ranked[0].confidence > 0.5f);
}

TEST_CASE("intent: two close intents are flagged ambiguous") {
    // A model where "cancel it" is split between two intents by construction.
    std::vector<seam::nlu::Example> examples;
    for (const char* t : {"cancel my order", "cancel the order please", "stop my order",
                          "cancel order now", "I want to cancel my order"}) {
        examples.push_back({t, "cancel_order"});
    }
    for (const char* t :
         {"cancel my subscription", "cancel the subscription please", "stop my subscription",
          "cancel subscription now", "I want to cancel my subscription"}) {
        examples.push_back({t, "cancel_subscription"});
    }
    auto trained = IntentModel::Train(examples);
    SEAM_REQUIRE_OR_RETURN(trained.ok());
    const Prediction vague = trained->Predict("I want to cancel");
    CHECK(vague.ambiguous);
    CHECK(vague.ranked.size() == 2);
    const Prediction clear = trained->Predict("cancel my subscription");
    CHECK(!clear.ambiguous);
    CHECK(clear.intent == "cancel_subscription");
}

TEST_CASE("intent: the stored model round-trips and refuses corrupt or foreign files") {
    const IntentModel& model = DemoModel();
    const std::string bytes = model.Serialize();
    auto loaded = IntentModel::Deserialize(bytes);
    SEAM_REQUIRE_OR_RETURN(loaded.ok());
    CHECK(loaded->Serialize() == bytes);
    for (const char* text : {"were is my pakage", "quiero devolver las botas", "asdf", ""}) {
        const Prediction a = model.Predict(text);
        const Prediction b = loaded->Predict(text);
        CHECK(a.intent == b.intent);
        CHECK(a.ranked.size() == b.ranked.size());
        if (!a.ranked.empty() && !b.ranked.empty())
            CHECK(a.ranked[0].confidence == b.ranked[0].confidence);
    }

    struct Bad {
        const char* name;
        std::string bytes;
        const char* error_id;
    };
    std::string flipped = bytes;
    flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 0x40);
    std::string version = bytes;
    version[8] = 9;
    const std::vector<Bad> bad = {
        {"n_empty", "", "seam.model.magic"},
        {"n_foreign_zip", std::string("PK\x03\x04\x14\x00\x00\x00", 8) + "junk",
         "seam.model.magic"},
        {"n_text_file", "{\"text\": \"hello\", \"intent\": \"greeting\"}", "seam.model.magic"},
        {"n_header_only", bytes.substr(0, 10), "seam.model.truncated"},
        {"n_truncated", bytes.substr(0, bytes.size() - 7), "seam.model.truncated"},
        {"n_trailing_bytes", bytes + "x", "seam.model.invalid"},
        {"n_flipped_bit", flipped, "seam.model.checksum"},
        {"n_future_version", version, "seam.model.version"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.name);
        auto r = IntentModel::Deserialize(b.bytes);
        CHECK(!r.ok());
        if (!r.ok()) {
            CHECK(r.error().id == b.error_id);
            CHECK(r.error().message.find(b.error_id) != std::string::npos);
        }
    }
}

TEST_CASE(
    "intent: issue 17 — an out-of-scope index beyond the intents is refused, not overflowed") {
    // Found by tests/fuzz/fuzz_intent_model: the stored index + 1 was made an int and 1 taken
    // from it, so 0x80000000 overflowed (undefined; caught by the --sanitize build).
    std::vector<seam::nlu::Example> examples;
    for (const char* text : {"where is my order", "track my parcel", "where is my package"})
        examples.push_back({text, "order_status"});
    for (const char* text : {"i want a refund", "refund my money", "give me my money back"})
        examples.push_back({text, "refund_status"});
    auto trained = IntentModel::Train(examples);
    SEAM_REQUIRE_OR_RETURN(trained.ok());
    const std::string bytes = trained->Serialize();
    // The field's offset: header (20), features (15), intent count (4), each intent as
    // length (4) + bytes.
    std::size_t at = 20 + 15 + 4;
    for (const std::string& intent : trained->intents())
        at += 4 + intent.size();
    for (const std::uint32_t stored : {0x80000000u, 0xFFFFFFFFu, 3u, 0x7FFFFFFFu}) {
        CAPTURE(stored);
        std::string corrupt = bytes;
        for (int i = 0; i < 4; ++i)
            corrupt[at + i] = static_cast<char>((stored >> (8 * i)) & 0xFF);
        const std::uint32_t crc = seam::Crc32(std::string_view(corrupt).substr(20));
        for (int i = 0; i < 4; ++i)
            corrupt[16 + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
        auto r = IntentModel::Deserialize(corrupt);
        CHECK(!r.ok());
        if (!r.ok()) CHECK(r.error().id == "seam.model.invalid");
    }
}

TEST_CASE("intent: training is deterministic") {
    std::vector<seam::nlu::Example> examples = seam::testing::DemoExamples();
    examples.resize(300);
    auto a = IntentModel::Train(examples);
    auto b = IntentModel::Train(examples);
    SEAM_REQUIRE_OR_RETURN(a.ok());
    SEAM_REQUIRE_OR_RETURN(b.ok());
    CHECK(a->Serialize() == b->Serialize());
    CHECK(!IntentModel::Train({}).ok());
    CHECK(IntentModel::Train({}).error().id == "seam.model.empty");
}
