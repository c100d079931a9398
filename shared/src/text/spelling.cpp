// shared/src/text/spelling.cpp — the chat-speak and misspelling tables and the whole-word
// rewriter (see spelling.hpp for the rules).
//
// Index of this file
//   [SECTION] English table
//   [SECTION] Spanish table
//   [SECTION] Rewriting
#include "seam/text/spelling.hpp"

#include <algorithm>

#include "seam/text/tokenize.hpp"

namespace seam::text {

namespace {

// [SECTION] English table
//
// Entries are folded forms. Left out on purpose: words that are real words in a shop's context
// ("pleas", "oder" aside, "acc", "info"), digits alone ("2", "4": numbers are never rewritten),
// and typos the index's edit-distance matching already repairs at a small cost ("retrun").

const std::vector<SpellingFix>& EnglishFixes() {
    static const std::vector<SpellingFix> fixes = [] {
        std::vector<SpellingFix> v = {
            // Chat-speak.
            // What customers call the things they bought ("return my stuff"): the articles say
            // "items".
            {"stuff", "items"},
            {"things", "items"},
            {"u", "you"},
            {"ya", "you"},
            {"yall", "you"},
            {"ur", "your"},
            {"urs", "yours"},
            {"r", "are"},
            {"y", "why"},
            {"pls", "please"},
            {"plz", "please"},
            {"plez", "please"},
            {"plse", "please"},
            {"pleeze", "please"},
            {"thx", "thanks"},
            {"thnx", "thanks"},
            {"thanx", "thanks"},
            {"thnks", "thanks"},
            {"ty", "thank you"},
            {"wat", "what"},
            {"wut", "what"},
            {"wot", "what"},
            {"wht", "what"},
            {"whts", "what's"},
            {"hw", "how"},
            {"wen", "when"},
            {"whn", "when"},
            {"wher", "where"},
            {"whr", "where"},
            {"wich", "which"},
            {"cn", "can"},
            {"hv", "have"},
            {"abt", "about"},
            {"bc", "because"},
            {"cuz", "because"},
            {"coz", "because"},
            {"bcuz", "because"},
            {"bcoz", "because"},
            {"wanna", "want to"},
            {"gonna", "going to"},
            {"gotta", "got to"},
            {"gimme", "give me"},
            {"lemme", "let me"},
            {"dunno", "don't know"},
            {"idk", "I don't know"},
            {"kinda", "kind of"},
            {"outta", "out of"},
            {"tho", "though"},
            {"rn", "right now"},
            {"smth", "something"},
            {"sth", "something"},
            {"ppl", "people"},
            {"teh", "the"},
            {"da", "the"},
            {"2day", "today"},
            {"tday", "today"},
            {"2morrow", "tomorrow"},
            {"2moro", "tomorrow"},
            {"tmrw", "tomorrow"},
            {"tmr", "tomorrow"},
            {"tomorow", "tomorrow"},
            {"2nite", "tonight"},
            {"tonite", "tonight"},
            {"b4", "before"},
            {"l8r", "later"},
            {"pw", "password"},
            {"pwd", "password"},
            {"acct", "account"},
            {"msg", "message"},
            {"pkg", "package"},
            {"pkgs", "packages"},
            {"intl", "international"},
            // Common misspellings.
            {"recieve", "receive"},
            {"recieved", "received"},
            {"recive", "receive"},
            {"recived", "received"},
            {"reciept", "receipt"},
            {"recipt", "receipt"},
            {"receit", "receipt"},
            {"adress", "address"},
            {"adres", "address"},
            {"addres", "address"},
            {"adresses", "addresses"},
            {"shiping", "shipping"},
            {"shippin", "shipping"},
            {"shpping", "shipping"},
            {"shiped", "shipped"},
            {"refnd", "refund"},
            {"refnds", "refunds"},
            {"refundd", "refund"},
            {"delivary", "delivery"},
            {"dilivery", "delivery"},
            {"deliverey", "delivery"},
            {"delievery", "delivery"},
            {"delivry", "delivery"},
            {"garantee", "guarantee"},
            {"guarentee", "guarantee"},
            {"gaurantee", "guarantee"},
            {"warrenty", "warranty"},
            {"waranty", "warranty"},
            {"warrantee", "warranty"},
            {"subscribtion", "subscription"},
            {"subsciption", "subscription"},
            {"subcription", "subscription"},
            {"suscription", "subscription"},
            {"cancle", "cancel"},
            {"cancelation", "cancellation"},
            {"pasword", "password"},
            {"passwrd", "password"},
            {"passowrd", "password"},
            {"psswd", "password"},
            {"invoce", "invoice"},
            {"invocie", "invoice"},
            {"invioce", "invoice"},
            {"pakage", "package"},
            {"packge", "package"},
            {"pacakge", "package"},
            {"excange", "exchange"},
            {"exhange", "exchange"},
            {"exchnage", "exchange"},
            {"trackin", "tracking"},
            {"ordr", "order"},
            {"acount", "account"},
            {"accout", "account"},
            {"accnt", "account"},
            {"memebership", "membership"},
            {"membeship", "membership"},
            {"damged", "damaged"},
            {"lenght", "length"},
            {"untill", "until"},
            {"alot", "a lot"},
            {"payed", "paid"},
            {"internationaly", "internationally"},
            {"costumer", "customer"},
        };
        std::sort(v.begin(), v.end(),
                  [](const SpellingFix& a, const SpellingFix& b) { return a.from < b.from; });
        return v;
    }();
    return fixes;
}

// [SECTION] Spanish table
//
// Accent folding already makes "envio" "envío" and "cuanto" "cuánto"; the table is for what
// folding cannot reach: abbreviations ("xq", "tb", "dnd"), phonetic spellings ("k", "kiero",
// "resivir", "rembolso") and the b/v, s/c/z and ll/y swaps.

const std::vector<SpellingFix>& SpanishFixes() {
    static const std::vector<SpellingFix> fixes = [] {
        std::vector<SpellingFix> v = {
            // Chat-speak.
            {"q", "que"},
            {"k", "que"},
            {"ke", "que"},
            {"qe", "que"},
            {"xq", "por qué"},
            {"pq", "por qué"},
            {"xk", "por qué"},
            {"pk", "por qué"},
            {"porq", "por qué"},
            {"xque", "por qué"},
            {"porfa", "por favor"},
            {"porfis", "por favor"},
            {"porfavor", "por favor"},
            {"xfa", "por favor"},
            {"xfavor", "por favor"},
            {"plis", "por favor"},
            {"pls", "por favor"},
            {"plz", "por favor"},
            {"tb", "también"},
            {"tmb", "también"},
            {"tmbn", "también"},
            {"tbn", "también"},
            {"tambn", "también"},
            {"d", "de"},
            {"dl", "del"},
            {"dnd", "dónde"},
            {"dnde", "dónde"},
            {"dond", "dónde"},
            {"xa", "para"},
            {"pa", "para"},
            {"x", "por"},
            {"kuanto", "cuánto"},
            {"qanto", "cuánto"},
            {"komo", "cómo"},
            {"kien", "quién"},
            {"qien", "quién"},
            {"kuando", "cuándo"},
            {"qndo", "cuándo"},
            {"grax", "gracias"},
            {"graxias", "gracias"},
            {"grasias", "gracias"},
            {"grcs", "gracias"},
            {"ola", "hola"},
            {"hla", "hola"},
            {"wenas", "buenas"},
            {"bn", "bien"},
            {"bno", "bueno"},
            {"salu2", "saludos"},
            {"kiero", "quiero"},
            {"kero", "quiero"},
            {"qiero", "quiero"},
            {"quero", "quiero"},
            {"toy", "estoy"},
            {"stoy", "estoy"},
            {"sta", "está"},
            {"stan", "están"},
            {"aki", "aquí"},
            {"aqi", "aquí"},
            {"tngo", "tengo"},
            {"tng", "tengo"},
            {"msj", "mensaje"},
            {"vdd", "verdad"},
            {"aver", "a ver"},
            {"osea", "o sea"},
            {"nose", "no sé"},
            // Common misspellings.
            {"nesesito", "necesito"},
            {"nececito", "necesito"},
            {"nesecito", "necesito"},
            {"aser", "hacer"},
            {"ase", "hace"},
            {"haci", "así"},
            {"rembolso", "reembolso"},
            {"reembolzo", "reembolso"},
            {"renbolso", "reembolso"},
            {"rembolzo", "reembolso"},
            {"reenbolso", "reembolso"},
            {"rembolsar", "reembolsar"},
            {"devolusion", "devolución"},
            {"debolucion", "devolución"},
            {"debolusion", "devolución"},
            {"devolucon", "devolución"},
            {"debolver", "devolver"},
            {"devolber", "devolver"},
            {"debolber", "devolver"},
            {"enbio", "envío"},
            {"embio", "envío"},
            {"enbios", "envíos"},
            {"enbiar", "enviar"},
            {"embiar", "enviar"},
            {"enbian", "envían"},
            {"resivir", "recibir"},
            {"recivir", "recibir"},
            {"resibir", "recibir"},
            {"resibi", "recibí"},
            {"recivi", "recibí"},
            {"resibido", "recibido"},
            {"recivido", "recibido"},
            {"contracena", "contraseña"},
            {"contrasenia", "contraseña"},
            {"contrasenya", "contraseña"},
            {"suscricion", "suscripción"},
            {"subscripcion", "suscripción"},
            {"suscripsion", "suscripción"},
            {"subcripcion", "suscripción"},
            {"direcion", "dirección"},
            {"dirrecion", "dirección"},
            {"direccon", "dirección"},
            {"targeta", "tarjeta"},
            {"paqete", "paquete"},
            {"pakete", "paquete"},
            {"taya", "talla"},
            {"canbio", "cambio"},
            {"canbiar", "cambiar"},
            {"factra", "factura"},
            {"sigimiento", "seguimiento"},
            {"segimiento", "seguimiento"},
            {"cobrao", "cobrado"},
            {"pedio", "pedido"},
        };
        std::sort(v.begin(), v.end(),
                  [](const SpellingFix& a, const SpellingFix& b) { return a.from < b.from; });
        return v;
    }();
    return fixes;
}

// [SECTION] Rewriting

// A token touching one of these (no space between) is part of a name or code: "u-lock", "r/c",
// "x-large", "u.s.", "t&c", "y'all" is the exception the tokenizer already joined.
bool Glue(char c) {
    switch (c) {
        case '-':
        case '/':
        case '\\':
        case '&':
        case '+':
        case '@':
        case '_':
        case '#':
        case '\'':
        case '*':
        case '=':
        case '<':
        case '>':
        case '|':
        case '~':
        case '$':
        case '%':
            return true;
        default:
            return false;
    }
}

// True when the token [begin, end) stands alone: not glued to a neighbour by a joining symbol.
// A '.' after it counts as glue only when a letter or digit follows ("u.s"), not at a
// sentence end ("thanks u."); a '.' before it always does (".u" is a file name or a domain).
bool StandsAlone(std::string_view text, std::size_t begin, std::size_t end) {
    if (begin > 0) {
        const char before = text[begin - 1];
        if (Glue(before) || before == '.') return false;
    }
    if (end < text.size()) {
        const char after = text[end];
        if (Glue(after)) return false;
        if (after == '.' && end + 1 < text.size()) {
            const unsigned char next = static_cast<unsigned char>(text[end + 1]);
            if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                (next >= '0' && next <= '9') || next >= 0x80) {
                return false;
            }
        }
    }
    return true;
}

}  // namespace

const std::vector<SpellingFix>& SpellingFixes(Language language) {
    static const std::vector<SpellingFix> none;
    switch (language) {
        case Language::kEnglish:
            return EnglishFixes();
        case Language::kSpanish:
            return SpanishFixes();
        case Language::kOther:
            break;
    }
    return none;
}

std::string FixSpelling(std::string_view text, Language language) {
    const std::vector<SpellingFix>& fixes = SpellingFixes(language);
    if (fixes.empty()) return std::string(text);
    std::string out;
    std::size_t copied = 0;  // bytes of `text` already in `out`
    for (const Token& t : Tokenize(text)) {
        if (t.kind != TokenKind::kWord) continue;
        const auto it = std::lower_bound(
            fixes.begin(), fixes.end(), t.norm,
            [](const SpellingFix& f, const std::string& word) { return f.from < word; });
        if (it == fixes.end() || it->from != t.norm) continue;
        if (!StandsAlone(text, t.begin, t.end)) continue;
        out.append(text.substr(copied, t.begin - copied));
        out.append(it->to);
        copied = t.end;
    }
    if (copied == 0) return std::string(text);
    out.append(text.substr(copied));
    return out;
}

}  // namespace seam::text
