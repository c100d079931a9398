// tests/unit/content/test_reply.cpp — saved replies: the shipped ones parse and are in canonical
// form, every broken reply is refused at its pointer with its id, and placeholders are filled
// (or left visible, and listed, when the case has no value).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "demo_set.hpp"
#include "seam/content/reply.hpp"

using seam::content::ParseReply;
using seam::content::RenderReply;
using seam::content::Reply;
using seam::content::ReplyText;

namespace {

const char* const kGood = R"({
  "id": "refund_timeline",
  "title": {"en": "Refund timeline", "es": "Plazo del reembolso"},
  "text": {"en": "Hi {{customer.first_name}}, your refund for {{ slot.order_number }} is on its way.",
           "es": "Hola {{customer.first_name}}, el reembolso de {{slot.order_number}} está en camino."},
  "tags": ["refunds"]
})";

}  // namespace

TEST_CASE("reply: a good reply parses, and ReplyText writes it in canonical form") {
    Reply r;
    std::vector<seam::flow::Diagnostic> d;
    REQUIRE(ParseReply(kGood, "replies/refund_timeline.json", r, d));
    CHECK(d.empty());
    CHECK(r.id == "refund_timeline");
    CHECK(r.title.at("es") == "Plazo del reembolso");
    CHECK(r.tags == std::vector<std::string>{"refunds"});
    const std::string text = ReplyText(r);
    CHECK(text ==
          "{\n"
          "  \"id\": \"refund_timeline\",\n"
          "  \"title\": {\n"
          "    \"en\": \"Refund timeline\",\n"
          "    \"es\": \"Plazo del reembolso\"\n"
          "  },\n"
          "  \"text\": {\n"
          "    \"en\": \"Hi {{customer.first_name}}, your refund for {{ slot.order_number }} is on "
          "its way.\",\n"
          "    \"es\": \"Hola {{customer.first_name}}, el reembolso de {{slot.order_number}} "
          "est\xc3\xa1 "
          "en camino.\"\n"
          "  },\n"
          "  \"tags\": [\"refunds\"]\n"
          "}\n");
    Reply back;
    CHECK(ParseReply(text, "replies/refund_timeline.json", back, d));
    CHECK(ReplyText(back) == text);
}

TEST_CASE("reply: the shipped replies parse, cover en and es, and are in canonical form") {
    int count = 0;
    for (const auto& file : seam::testing::DemoContent()) {
        const std::string& path = file.first;
        const std::string& text = file.second;
        if (path.compare(0, 8, "replies/") != 0) continue;
        CAPTURE(path);
        ++count;
        Reply r;
        std::vector<seam::flow::Diagnostic> d;
        CHECK(ParseReply(text, path, r, d));
        CHECK(d.empty());
        CHECK(ReplyText(r) == text);
    }
    CHECK(count >= 6);
}

TEST_CASE("reply: every broken reply is refused at its pointer, with its id") {
    const std::string en_es = R"("title": {"en": "T", "es": "T"}, "text": {"en": "x", "es": "x"})";
    const struct {
        const char* name;
        std::string text;
        const char* source;
        const char* id;
        const char* pointer;
    } cases[] = {
        {"not JSON", "{", "replies/a.json", "seam.reply.json", ""},
        {"not UTF-8", "{\"id\": \"a\xff\"}", "replies/a.json", "seam.reply.json", ""},
        {"nested too deeply", std::string(100, '[') + std::string(100, ']'), "replies/a.json",
         "seam.reply.json", ""},
        {"not an object", "[]", "replies/a.json", "seam.reply.schema", ""},
        {"no id", "{" + en_es + "}", "replies/a.json", "seam.reply.schema", ""},
        {"id not a name", R"({"id": "A b", )" + en_es + "}", "replies/a.json", "seam.reply.schema",
         "/id"},
        {"id not the file's name", R"({"id": "b", )" + en_es + "}", "replies/a.json",
         "seam.content.id_mismatch", "/id"},
        {"unknown field", R"({"id": "a", "body": 1, )" + en_es + "}", "replies/a.json",
         "seam.reply.schema", "/body"},
        {"no Spanish text", R"({"id": "a", "title": {"en": "T", "es": "T"}, "text": {"en": "x"}})",
         "replies/a.json", "seam.reply.missing_translation", "/text"},
        {"no English title", R"({"id": "a", "title": {"es": "T"}, "text": {"en": "x", "es": "x"}})",
         "replies/a.json", "seam.reply.missing_translation", "/title"},
        {"title not an object", R"({"id": "a", "title": "T", "text": {"en": "x", "es": "x"}})",
         "replies/a.json", "seam.reply.schema", "/title"},
        {"an unknown language",
         R"({"id": "a", "title": {"en": "T", "es": "T", "fr": "T"}, "text": {"en": "x", "es": "x"}})",
         "replies/a.json", "seam.reply.schema", "/title/fr"},
        {"empty words",
         R"({"id": "a", "title": {"en": "", "es": "T"}, "text": {"en": "x", "es": "x"}})",
         "replies/a.json", "seam.reply.schema", "/title/en"},
        {"unknown placeholder",
         R"({"id": "a", "title": {"en": "T", "es": "T"}, "text": {"en": "{{order.number}}", "es": "x"}})",
         "replies/a.json", "seam.reply.bad_placeholder", "/text/en"},
        {"unclosed placeholder",
         R"({"id": "a", "title": {"en": "T", "es": "T"}, "text": {"en": "x", "es": "Hola {{customer.first_name"}})",
         "replies/a.json", "seam.reply.bad_placeholder", "/text/es"},
        {"slot name with a dot",
         R"({"id": "a", "title": {"en": "T", "es": "T"}, "text": {"en": "{{slot.a.b}}", "es": "x"}})",
         "replies/a.json", "seam.reply.bad_placeholder", "/text/en"},
        {"tags not an array", R"({"id": "a", "tags": "x", )" + en_es + "}", "replies/a.json",
         "seam.reply.schema", "/tags"},
        {"a tag not a string", R"({"id": "a", "tags": ["ok", 3], )" + en_es + "}", "replies/a.json",
         "seam.reply.schema", "/tags/1"},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.name));
        Reply r;
        std::vector<seam::flow::Diagnostic> d;
        CHECK_FALSE(ParseReply(c.text, c.source, r, d));
        REQUIRE(!d.empty());
        CHECK(d[0].id == c.id);
        CHECK(d[0].pointer == c.pointer);
        CHECK(d[0].file == c.source);
    }
}

TEST_CASE("reply: outside replies/ the id need not match a file name") {
    Reply r;
    std::vector<seam::flow::Diagnostic> d;
    CHECK(ParseReply(kGood, "tests/content/whatever.json", r, d));
    CHECK(d.empty());
}

TEST_CASE("reply: placeholders are filled from the case; a missing one stays visible") {
    const nlohmann::json context = {
        {"customer", {{"first_name", "Ana"}, {"email", nullptr}}},
        {"slot", {{"order_number", "LW-104233"}, {"nights", 3}, {"ok", true}}},
        {"case", {{"id", "c-42"}}},
        {"agent", "not an object"}};
    const struct {
        const char* text;
        const char* rendered;
        std::vector<std::string> missing;
    } cases[] = {
        {"Hi {{customer.first_name}}, {{ slot.order_number }} ships today.",
         "Hi Ana, LW-104233 ships today.",
         {}},
        {"{{slot.nights}} nights, {{slot.ok}}", "3 nights, true", {}},
        {"case {{case.id}} by {{agent.name}}", "case c-42 by {{agent.name}}", {"agent.name"}},
        {"{{customer.email}} / {{ customer.email }}",
         "{{customer.email}} / {{customer.email}}",
         {"customer.email"}},
        {"{{slot.unknown}} and {{nodot}}",
         "{{slot.unknown}} and {{nodot}}",
         {"slot.unknown", "nodot"}},
        {"left as is: {{customer.first_name", "left as is: {{customer.first_name", {}},
        {"no placeholders", "no placeholders", {}},
        {"", "", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.text));
        const auto r = RenderReply(c.text, context);
        CHECK(r.text == c.rendered);
        CHECK(r.missing == c.missing);
    }
    CHECK(RenderReply("{{slot.x}}", nlohmann::json()).missing ==
          std::vector<std::string>{"slot.x"});
}
