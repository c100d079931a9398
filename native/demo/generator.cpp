// native/demo/generator.cpp — the demo business rows (see generator.hpp).
//
// Index of this file
//   [SECTION] helpers        dates, money, text folding for e-mail addresses
//   [SECTION] catalogue      ~150 products in ten categories
//   [SECTION] variants       sizes, colours and stock per product; "often bought with"
//   [SECTION] geography      names, streets, cities and phones per country
//   [SECTION] orders         fulfilment by age: processing -> shipped -> delivered, carriers
//   [SECTION] fixed accounts demo-ana, demo-lucia, demo-tom (facts the tests rely on)
//   [SECTION] subscriptions  Coffee Club (monthly) and Plus (yearly) with their invoices
//   [SECTION] Generate       puts it together; ids, order and invoice numbers
#include "demo/generator.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "demo/random.hpp"

namespace seam::demo {

namespace {

// [SECTION] helpers

constexpr std::int64_t kMsPerDay = 86400000;

std::string Iso(const Date& d) {
    return FormatIsoDate(d);
}

std::int64_t AtMs(const Date& d, int hour, int minute) {
    return DaysFromCivil(d) * kMsPerDay + (hour * 60 + minute) * 60000LL;
}

bool IsWeekend(const Date& d) {
    return DayOfWeek(d) >= 6;
}

Date NextWeekday(Date d) {
    while (IsWeekend(d))
        d = AddDays(d, 1);
    return d;
}

Date AddBusinessDays(Date d, int n) {
    while (n > 0) {
        d = AddDays(d, 1);
        if (!IsWeekend(d)) --n;
    }
    return d;
}

//! `start` moved by `months`, on day `anchor` or the month's last day when it has no such day
//! (the Coffee Club renewal rule).
Date AddMonths(const Date& start, int months, int anchor) {
    return seam::AddMonths(Date{start.year, start.month, anchor}, months);
}

std::string Pad(std::int64_t value, int width) {
    std::string s = std::to_string(value);
    if (static_cast<int>(s.size()) < width)
        s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

std::string Digits(Rng& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i)
        s += static_cast<char>('0' + rng.Below(10));
    return s;
}

//! Lower-case ASCII letters and digits of a UTF-8 name, accents folded ("Müller" -> "muller").
std::string Fold(const std::string& text) {
    static const std::vector<std::pair<std::string, char>> kFold = {
        {"á", 'a'}, {"à", 'a'}, {"â", 'a'}, {"ã", 'a'}, {"ä", 'a'}, {"Á", 'a'}, {"é", 'e'},
        {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"í", 'i'}, {"ï", 'i'}, {"î", 'i'},
        {"ó", 'o'}, {"ô", 'o'}, {"õ", 'o'}, {"ö", 'o'}, {"ú", 'u'}, {"ü", 'u'}, {"û", 'u'},
        {"ñ", 'n'}, {"ç", 'c'}, {"ß", 's'}, {"Ö", 'o'}, {"Ü", 'u'}, {"Ä", 'a'}, {"Ç", 'c'},
    };
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
            ++i;
            continue;
        }
        bool matched = false;
        for (const auto& [from, to] : kFold) {
            if (text.compare(i, from.size(), from) == 0) {
                out += to;
                i += from.size();
                matched = true;
                break;
            }
        }
        if (!matched) ++i;
    }
    return out;
}

// [SECTION] catalogue

struct Model {
    const char* name;
    std::int64_t price_cents;
};

struct Category {
    const char* id;
    const char* sku_prefix;
    bool gendered;  // one product for men and one for women
    std::vector<Model> models;
};

const std::vector<Category>& Catalogue() {
    static const std::vector<Category> kCatalogue = {
        {"jackets",
         "JKT",
         true,
         {{"Cascade Rain Jacket", 18900},
          {"Ridgeline Down Jacket", 24900},
          {"Timberline Insulated Parka", 32900},
          {"Driftwood Softshell Jacket", 15900},
          {"Summit 3L Shell Jacket", 34900},
          {"Switchback Windbreaker", 8900},
          {"Larch Fleece Jacket", 9900},
          {"Basin Synthetic Hoody", 19900},
          {"Stormline Packable Rain Jacket", 12900}}},
        {"base_layers",
         "BSL",
         true,
         {{"Merino 200 Base Layer Top", 6800},
          {"Merino 200 Base Layer Bottom", 6400},
          {"Merino 150 Tee", 5500},
          {"Merino 250 Quarter-Zip", 8900},
          {"Alpine Midweight Crew", 7400},
          {"Thermal Grid Hoody", 9500},
          {"Lightweight Synthetic Crew", 3900},
          {"Merino Briefs", 3200},
          {"Expedition Heavyweight Bottom", 8400}}},
        {"boots",
         "BOT",
         true,
         {{"Granite Peak Hiking Boot", 18900},
          {"Trailhead Mid Waterproof Boot", 15900},
          {"Ridgeback Leather Backpacking Boot", 24900},
          {"Scree Approach Shoe", 13900},
          {"Mossy Creek Hiking Shoe", 12500},
          {"Ironwood Winter Boot", 19900},
          {"Larch Lightweight Hiker", 14500}}},
        {"trail_runners",
         "TRL",
         true,
         {{"Fernrunner Trail Shoe", 13900},
          {"Switchback Trail Runner", 14900},
          {"Mudline GTX Trail Runner", 16500},
          {"Skyline Ultra Trail Shoe", 17500},
          {"Gravel Dash Trail Runner", 11900},
          {"Canyon Grip Trail Shoe", 12900},
          {"Tempo Trail Racer", 15500}}},
        {"tents",
         "TNT",
         false,
         {{"Basecamp 2 Tent", 29900},
          {"Basecamp 4 Family Tent", 44900},
          {"Trailwisp 1 Ultralight Tent", 34900},
          {"Trailwisp 2 Ultralight Tent", 39900},
          {"Alpine Storm 2 Four-Season Tent", 59900},
          {"Meadow 3 Tent", 32900},
          {"Ridgeline Bivy Sack", 16900},
          {"Ridgeline Tarp Shelter", 12900},
          {"Cascade Dome 2 Tent", 24900},
          {"Cascade Dome 3 Tent", 27900},
          {"Tent Footprint (2P)", 4900},
          {"Tent Footprint (3P)", 5900},
          {"Canopy Screen House", 21900},
          {"Summit Hot Tent", 64900}}},
        {"sleeping_bags",
         "SLP",
         false,
         {{"Larch Down 20°F Sleeping Bag", 32900},
          {"Larch Down 0°F Sleeping Bag", 42900},
          {"Larch Down 40°F Quilt", 25900},
          {"Trailmix 30°F Synthetic Bag", 15900},
          {"Campfire 40°F Rectangular Bag", 8900},
          {"Kids' Campfire Sleeping Bag", 6900},
          {"Expedition -20°F Down Bag", 69900},
          {"Ember 15°F Women's Down Bag", 34900},
          {"Silk Sleeping Bag Liner", 5900},
          {"Fleece Sleeping Bag Liner", 3900},
          {"Double Wide Camp Bag", 19900},
          {"Featherlight 35°F Down Bag", 29900},
          {"Self-Inflating Sleeping Pad", 9900},
          {"Ultralight Air Pad", 16900}}},
        {"backpacks",
         "BPK",
         false,
         {{"Trailhead 22 Daypack", 8900},
          {"Trailhead 30 Daypack", 10900},
          {"Switchback 45 Backpack", 19900},
          {"Switchback 60 Backpack", 24900},
          {"Expedition 75 Backpack", 32900},
          {"Summit 18 Pack", 6900},
          {"Commuter 24 Pack", 9900},
          {"Hydration Vest 10", 11900},
          {"Women's Switchback 55 Backpack", 23900},
          {"Kids' Explorer 15 Pack", 4900},
          {"Rolltop Dry Pack 28", 12900},
          {"Ultralight 40 Frameless Pack", 17900},
          {"Hip Pack 3L", 3900},
          {"Travel Duffel 60L", 13900}}},
        {"headlamps",
         "HLP",
         false,
         {{"Beacon 350 Headlamp", 3900},
          {"Beacon 600 Rechargeable Headlamp", 6900},
          {"Beacon 900 Trail Headlamp", 9900},
          {"Firefly Kids' Headlamp", 2500},
          {"Nightjar 200 Headlamp", 2900},
          {"Lantern Camp Light", 4500},
          {"Summit 1200 Alpine Headlamp", 12900},
          {"Beacon Spare Battery Pack", 1900},
          {"Glow Clip Light", 1500},
          {"Runner 400 Headlamp", 5900},
          {"Solar Camp Lantern", 5500},
          {"Red-Light Astro Headlamp", 3500}}},
        {"socks",
         "SCK",
         false,
         {{"Merino Hiker Crew Sock", 2400},
          {"Merino Hiker Light Crew Sock", 2200},
          {"Trail Runner No-Show Sock", 1800},
          {"Trail Runner Quarter Sock", 1900},
          {"Mountaineering Heavy Sock", 2900},
          {"Ski Over-the-Calf Sock", 2800},
          {"Liner Sock 2-Pack", 1600},
          {"Everyday Merino Sock 3-Pack", 3900},
          {"Kids' Hiker Sock 2-Pack", 1800},
          {"Merino Toe Sock", 2000},
          {"Compression Trail Sock", 2600},
          {"Alpaca Camp Sock", 3200},
          {"Wool Boot Sock", 2500},
          {"Cushioned Hiker Micro Sock", 2100},
          {"Waterproof Sock", 4500},
          {"Merino Sleep Sock", 2300},
          {"Cycling Merino Sock", 1900},
          {"Holiday Merino Sock Gift Box", 5900}}},
        {"coffee",
         "COF",
         false,
         {{"Basecamp Blend Whole Bean 250 g", 1600},
          {"Basecamp Blend Ground 250 g", 1600},
          {"Summit Dark Roast 250 g", 1700},
          {"Sunrise Light Roast 250 g", 1700},
          {"Decaf Trail Blend 250 g", 1700},
          {"Ethiopia Yirgacheffe 250 g", 1900},
          {"Colombia Huila 250 g", 1800},
          {"Guatemala Antigua 250 g", 1800},
          {"Campfire Instant Coffee 8-Pack", 1200},
          {"Cold Brew Packs 4-Pack", 1400},
          {"Enamel Camp Mug", 2200},
          {"Pour-Over Camp Dripper", 2900},
          {"Insulated Trail Mug", 2900},
          {"Camp Coffee Grinder", 4900}}},
    };
    return kCatalogue;
}

std::vector<Product> MakeProducts() {
    std::vector<Product> products;
    for (const Category& category : Catalogue()) {
        int n = 0;
        for (const Model& model : category.models) {
            const int variants = category.gendered ? 2 : 1;
            for (int v = 0; v < variants; ++v) {
                Product p;
                p.id = static_cast<std::int64_t>(products.size()) + 1;
                p.sku = std::string(category.sku_prefix) + "-" + Pad(101 + n++, 3);
                p.name = category.gendered
                             ? std::string(v == 0 ? "Men's " : "Women's ") + model.name
                             : std::string(model.name);
                p.category = category.id;
                p.price_cents = model.price_cents;
                // About 8% are final sale: every twelfth product, spread over the categories.
                p.final_sale = (p.id % 12) == 7;
                // A few are sold out (reships and replacements check it); never the fixed
                // accounts' products (Builder::Build puts them back in stock).
                p.in_stock = (p.id % 25) != 11;
                products.push_back(std::move(p));
            }
        }
    }
    return products;
}

// [SECTION] variants   sizes, colours and stock; "often bought with"

bool IsWomens(const Product& p) {
    return p.name.rfind("Women's ", 0) == 0;
}

//! The sizes a product comes in, smallest first (see ProductVariant).
const std::vector<std::string>& SizesOf(const Product& p) {
    static const std::vector<std::string> kMen = {"S", "M", "L", "XL", "XXL"};
    static const std::vector<std::string> kWomen = {"XS", "S", "M", "L", "XL"};
    static const std::vector<std::string> kMenShoes = {
        "EU 40 · US 7",  "EU 41 · US 8",  "EU 42 · US 8.5", "EU 43 · US 9.5",
        "EU 44 · US 10", "EU 45 · US 11", "EU 46 · US 12",  "EU 47 · US 13"};
    static const std::vector<std::string> kWomenShoes = {
        "EU 36 · US 5.5", "EU 37 · US 6.5", "EU 38 · US 7.5", "EU 39 · US 8",
        "EU 40 · US 9",   "EU 41 · US 9.5", "EU 42 · US 10.5"};
    static const std::vector<std::string> kSocks = {"S", "M", "L", "XL"};
    static const std::vector<std::string> kOneSize = {"One size"};
    if (p.category == "jackets" || p.category == "base_layers") return IsWomens(p) ? kWomen : kMen;
    if (p.category == "boots" || p.category == "trail_runners") {
        return IsWomens(p) ? kWomenShoes : kMenShoes;
    }
    if (p.category == "socks") return kSocks;
    return kOneSize;
}

//! The colours a category is made in (a product has the first few of a rotation of them); coffee
//! beans have none.
std::vector<std::string> ColoursOf(const Product& p, std::int64_t index_in_category) {
    static const std::map<std::string, std::pair<int, std::vector<std::string>>> kPalettes = {
        {"jackets", {3, {"Black", "Spruce Green", "Glacier Blue", "Ember Red", "Slate Grey"}}},
        {"base_layers", {3, {"Black", "Charcoal", "Heather Grey", "Navy", "Moss"}}},
        {"boots", {2, {"Brown", "Slate", "Black", "Olive"}}},
        {"trail_runners", {2, {"Slate", "Moss", "Coral", "Black", "Ice Blue"}}},
        {"tents", {1, {"Sage", "Sand"}}},
        {"sleeping_bags", {1, {"Rust", "Navy"}}},
        {"backpacks", {2, {"Black", "Moss", "Rust", "Glacier Blue"}}},
        {"headlamps", {2, {"Black", "Orange"}}},
        {"socks", {2, {"Charcoal", "Navy", "Moss", "Oatmeal"}}},
    };
    if (p.category == "coffee") {
        if (p.name.find("Mug") != std::string::npos) return {"Enamel White", "Forest Green"};
        return {""};
    }
    auto it = kPalettes.find(p.category);
    if (it == kPalettes.end()) return {""};
    const auto& [count, palette] = it->second;
    std::vector<std::string> out;
    for (int k = 0; k < count; ++k) {
        out.push_back(palette[static_cast<std::size_t>(index_in_category + k) % palette.size()]);
    }
    return out;
}

//! "M" -> "M", "EU 42 · US 8.5" -> "EU42", "One size" -> "OS"; "Glacier Blue" -> "GLA".
std::string SizeCode(const std::string& size) {
    if (size == "One size") return "OS";
    if (size.rfind("EU ", 0) == 0) return "EU" + size.substr(3, 2);
    return size;
}

std::string ColourCode(const std::string& colour) {
    std::string code;
    for (char c : colour) {
        if (std::isalpha(static_cast<unsigned char>(c)) && code.size() < 3) {
            code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return code;
}

std::vector<ProductVariant> MakeVariants(const std::vector<Product>& products, std::uint64_t seed) {
    Rng rng = Rng::Stream(seed, 8);
    std::vector<ProductVariant> out;
    std::map<std::string, std::int64_t> in_category;
    for (const Product& p : products) {
        const std::int64_t index = in_category[p.category]++;
        const std::vector<std::string>& sizes = SizesOf(p);
        const std::int64_t n = static_cast<std::int64_t>(sizes.size());
        // The men's and the women's cut of a model share its colours.
        const bool gendered = IsWomens(p) || p.name.rfind("Men's ", 0) == 0;
        for (const std::string& colour : ColoursOf(p, gendered ? index / 2 : index)) {
            for (std::int64_t rank = 0; rank < n; ++rank) {
                ProductVariant v;
                v.id = static_cast<std::int64_t>(out.size()) + 1;
                v.product_id = p.id;
                v.size = sizes[static_cast<std::size_t>(rank)];
                v.size_rank = rank;
                v.colour = colour;
                v.sku = p.sku + "-" + SizeCode(v.size) +
                        (colour.empty() ? "" : "-" + ColourCode(colour));
                // The middle sizes are stocked deepest; about one variant in sixteen is sold out.
                const std::int64_t from_middle = std::min(rank, n - 1 - rank);
                v.stock = rng.Chance(60) ? 0 : rng.Range(2, 12) + 6 * from_middle;
                out.push_back(std::move(v));
            }
        }
    }
    return out;
}

//! "Often bought with", from what goes together in the shop: socks with boots and runners, a
//! layer with a jacket, a footprint and a light with a tent, a mug with coffee.
std::vector<RelatedProduct> MakeRelated(const std::vector<Product>& products) {
    std::map<std::string, std::int64_t> by_name;
    for (const Product& p : products)
        by_name[p.name] = p.id;
    std::vector<RelatedProduct> out;
    for (const Product& p : products) {
        const std::string gender = IsWomens(p)                      ? "Women's "
                                   : p.name.rfind("Men's ", 0) == 0 ? "Men's "
                                                                    : "";
        std::int64_t rank = 0;
        auto add = [&](const std::string& name, const char* reason) {
            auto it = by_name.find(name);
            if (it == by_name.end() || it->second == p.id) return;
            for (const RelatedProduct& r : out) {
                if (r.product_id == p.id && r.related_id == it->second) return;
            }
            out.push_back({p.id, it->second, ++rank, reason});
        };
        const std::string& c = p.category;
        if (c == "jackets") {
            add(gender + "Merino 250 Quarter-Zip", "layer");
            add(gender + "Merino 200 Base Layer Top", "layer");
            add("Summit 18 Pack", "carry");
        } else if (c == "base_layers") {
            const bool bottom = p.name.find("Bottom") != std::string::npos;
            add(gender + (bottom ? "Merino 200 Base Layer Top" : "Merino 200 Base Layer Bottom"),
                "layer");
            add("Merino Hiker Light Crew Sock", "socks");
            add(gender + "Larch Fleece Jacket", "layer");
        } else if (c == "boots") {
            add("Merino Hiker Crew Sock", "socks");
            add("Wool Boot Sock", "socks");
            add("Trailhead 22 Daypack", "carry");
        } else if (c == "trail_runners") {
            add("Trail Runner Quarter Sock", "socks");
            add("Runner 400 Headlamp", "light");
            add("Hydration Vest 10", "carry");
        } else if (c == "tents") {
            if (p.name.find("Footprint") == std::string::npos) {
                const bool big = p.name.find(" 3") != std::string::npos ||
                                 p.name.find(" 4") != std::string::npos;
                add(big ? "Tent Footprint (3P)" : "Tent Footprint (2P)", "footprint");
            }
            add("Lantern Camp Light", "light");
            add("Self-Inflating Sleeping Pad", "sleep");
        } else if (c == "sleeping_bags") {
            add("Self-Inflating Sleeping Pad", "sleep");
            add("Silk Sleeping Bag Liner", "sleep");
            add("Merino Sleep Sock", "socks");
        } else if (c == "backpacks") {
            add("Beacon 350 Headlamp", "light");
            add("Rolltop Dry Pack 28", "carry");
            add("Hip Pack 3L", "carry");
        } else if (c == "headlamps") {
            add("Beacon Spare Battery Pack", "power");
            add("Glow Clip Light", "light");
            add("Lantern Camp Light", "light");
        } else if (c == "socks") {
            add("Liner Sock 2-Pack", "socks");
            add("Merino Sleep Sock", "socks");
            add("Everyday Merino Sock 3-Pack", "socks");
        } else if (c == "coffee") {
            if (p.name.find(" 250 g") != std::string::npos ||
                p.name.find("Pack") != std::string::npos) {
                add("Enamel Camp Mug", "brew");
                add("Pour-Over Camp Dripper", "brew");
                if (p.name.find("Whole Bean") != std::string::npos)
                    add("Camp Coffee Grinder", "brew");
            } else {
                const bool grinder = p.name.find("Grinder") != std::string::npos;
                add(grinder ? "Basecamp Blend Whole Bean 250 g" : "Basecamp Blend Ground 250 g",
                    "brew");
                add("Summit Dark Roast 250 g", "brew");
            }
        }
    }
    return out;
}

// [SECTION] geography

struct Place {
    const char* city;
    const char* region;  // "" = none
    const char* postal;
};

struct Country {
    const char* code;
    const char* currency;
    const char* locale;
    int weight;  // share of customers, per 1000
    std::vector<const char*> first_names;
    std::vector<const char*> last_names;
    std::vector<const char*> streets;
    std::vector<Place> places;
};

const std::vector<Country>& Countries() {
    static const std::vector<Country> kCountries = {
        {"US",
         "USD",
         "en",
         500,
         {"James",   "Olivia",   "Liam",  "Emma",   "Noah",     "Ava",       "Ethan",  "Sophia",
          "Mason",   "Isabella", "Lucas", "Mia",    "Benjamin", "Charlotte", "Elijah", "Amelia",
          "Logan",   "Harper",   "Aiden", "Evelyn", "Jackson",  "Abigail",   "Daniel", "Emily",
          "Matthew", "Ella",     "Wyatt", "Grace",  "Henry",    "Chloe",     "Sarah",  "Michael",
          "Jessica", "David",    "Priya", "Wei",    "Hiroshi",  "Aisha",     "Carlos", "Maria",
          "Jamal",   "Keisha",   "Minh",  "Fatima", "Omar",     "Rosa"},
         {"Smith",     "Johnson",   "Williams", "Brown",    "Jones",    "Miller",   "Davis",
          "Garcia",    "Rodriguez", "Wilson",   "Martinez", "Anderson", "Taylor",   "Thomas",
          "Hernandez", "Moore",     "Martin",   "Jackson",  "Thompson", "White",    "Lopez",
          "Lee",       "Gonzalez",  "Harris",   "Clark",    "Lewis",    "Robinson", "Walker",
          "Young",     "Allen",     "King",     "Wright",   "Scott",    "Nguyen",   "Patel",
          "Kim",       "Chen",      "Okafor",   "Bennett",  "Hughes",   "Foster",   "Sullivan",
          "Reyes",     "Brooks"},
         {"Oak St", "Maple Ave", "Alder St", "SE Hawthorne Blvd", "SE Division St", "Pine St",
          "Cedar Ln", "Main St", "Lincoln Ave", "Park Ave", "Elm St", "Willow Dr", "Lakeview Rd",
          "Ridge Rd", "Spruce Ct", "Mountain View Dr"},
         {{"Portland", "OR", "97214"},
          {"Seattle", "WA", "98103"},
          {"Denver", "CO", "80205"},
          {"Boulder", "CO", "80302"},
          {"Salt Lake City", "UT", "84105"},
          {"Bend", "OR", "97701"},
          {"Austin", "TX", "78704"},
          {"Minneapolis", "MN", "55408"},
          {"Burlington", "VT", "05401"},
          {"Asheville", "NC", "28801"},
          {"San Francisco", "CA", "94110"},
          {"Boise", "ID", "83702"},
          {"Chicago", "IL", "60614"},
          {"Brooklyn", "NY", "11215"},
          {"Missoula", "MT", "59801"},
          {"Flagstaff", "AZ", "86001"}}},
        {"CA",
         "USD",
         "en",
         100,
         {"Liam",  "Olivia", "Noah",    "Emma",  "William", "Charlotte", "Benjamin",
          "Chloé", "Émilie", "Mathieu", "Jacob", "Sophie",  "Owen",      "Ava",
          "Ethan", "Léa",    "Samuel",  "Maya",  "Gabriel", "Avery"},
         {"Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "MacDonald", "Smith", "Brown", "Wilson",
          "Campbell", "Stewart", "Martin", "Lee", "Wong", "Singh", "Morrison", "Fraser", "Leblanc"},
         {"Main St", "King St W", "Queen St E", "Granville St", "Rue Sherbrooke", "Bank St",
          "Robson St", "Spring Garden Rd", "Bow Valley Trail", "17 Ave SW"},
         {{"Vancouver", "BC", "V6B 1A1"},
          {"Calgary", "AB", "T2P 1J9"},
          {"Toronto", "ON", "M5V 2T6"},
          {"Montréal", "QC", "H2X 1Y4"},
          {"Halifax", "NS", "B3H 1X1"},
          {"Whistler", "BC", "V8E 0A1"},
          {"Ottawa", "ON", "K1P 1J1"},
          {"Canmore", "AB", "T1W 1P1"}}},
        {"GB",
         "GBP",
         "en",
         150,
         {"Oliver",  "Amelia", "George", "Isla",   "Harry", "Ava",   "Jack",    "Emily",
          "Charlie", "Poppy",  "Thomas", "Sophie", "James", "Grace", "William", "Freya",
          "Alfie",   "Lily",   "Callum", "Eilidh", "Rhys",  "Seren", "Aaron",   "Niamh"},
         {"Smith",   "Jones",    "Taylor",   "Brown",    "Williams", "Wilson", "Johnson",
          "Davies",  "Robinson", "Wright",   "Thompson", "Evans",    "Walker", "White",
          "Roberts", "Green",    "Hall",     "Wood",     "Jackson",  "Clarke", "Patel",
          "Khan",    "MacLeod",  "Campbell", "Hughes",   "Edwards"},
         {"High Street", "Station Road", "Church Lane", "Victoria Road", "Park Road", "Mill Lane",
          "Brunswick Road", "Queen's Drive", "Castle Street", "Meadow Close"},
         {{"London", "", "E8 3PN"},
          {"Manchester", "", "M1 1AE"},
          {"Edinburgh", "", "EH1 1YZ"},
          {"Bristol", "", "BS1 4DJ"},
          {"Leeds", "", "LS1 4AP"},
          {"Keswick", "Cumbria", "CA12 5JR"},
          {"Cardiff", "", "CF10 1EP"},
          {"Inverness", "", "IV1 1HY"},
          {"Sheffield", "", "S1 2HE"}}},
        {"ES",
         "EUR",
         "es",
         90,
         {"Lucía", "Hugo",      "Martina", "Mateo",  "Sofía", "Pablo",  "María", "Daniel",
          "Paula", "Alejandro", "Carmen",  "Javier", "Elena", "Sergio", "Laura", "Álvaro",
          "Marta", "Diego",     "Irene",   "Adrián", "Nuria", "Jorge"},
         {"García",    "Fernández", "González", "Rodríguez", "López",   "Martínez",
          "Sánchez",   "Pérez",     "Gómez",    "Martín",    "Jiménez", "Ruiz",
          "Hernández", "Díaz",      "Moreno",   "Muñoz",     "Álvarez", "Romero",
          "Navarro",   "Torres",    "Ortega",   "Iglesias"},
         {"Calle Mayor", "Calle de Alcalá", "Gran Vía", "Calle de la Paz", "Calle San Vicente",
          "Calle de Serrano", "Avenida de la Constitución", "Calle Real", "Paseo de Gracia"},
         {{"Madrid", "Madrid", "28004"},
          {"Barcelona", "Barcelona", "08012"},
          {"Valencia", "Valencia", "46002"},
          {"Sevilla", "Sevilla", "41004"},
          {"Bilbao", "Bizkaia", "48001"},
          {"Granada", "Granada", "18009"},
          {"Zaragoza", "Zaragoza", "50001"},
          {"Málaga", "Málaga", "29015"},
          {"Oviedo", "Asturias", "33003"}}},
        {"DE",
         "EUR",
         "en",
         80,
         {"Lukas", "Anna",  "Leon",  "Lea",       "Finn",   "Hannah",     "Jonas",
          "Lena",  "Paul",  "Marie", "Felix",     "Sophie", "Maximilian", "Julia",
          "Elias", "Laura", "Jan",   "Katharina", "Tobias", "Johanna"},
         {"Müller", "Schmidt", "Schneider", "Fischer",  "Weber",   "Meyer",
          "Wagner", "Becker",  "Schulz",    "Hoffmann", "Koch",    "Richter",
          "Klein",  "Wolf",    "Schröder",  "Neumann",  "Schwarz", "Zimmermann",
          "Braun",  "Krüger",  "Hofmann",   "Hartmann"},
         {"Hauptstraße", "Lindenstraße", "Bergstraße", "Gartenstraße", "Schillerstraße",
          "Goethestraße", "Bahnhofstraße", "Waldweg"},
         {{"Berlin", "Berlin", "10435"},
          {"München", "Bayern", "80331"},
          {"Hamburg", "Hamburg", "20095"},
          {"Köln", "Nordrhein-Westfalen", "50667"},
          {"Freiburg im Breisgau", "Baden-Württemberg", "79098"},
          {"Leipzig", "Sachsen", "04109"},
          {"Garmisch-Partenkirchen", "Bayern", "82467"}}},
        {"FR",
         "EUR",
         "en",
         55,
         {"Louis",  "Emma",    "Gabriel", "Jade", "Raphaël", "Louise",  "Arthur",
          "Alice",  "Jules",   "Chloé",   "Hugo", "Léa",     "Lucas",   "Manon",
          "Nathan", "Camille", "Théo",    "Inès", "Antoine", "Juliette"},
         {"Martin",   "Bernard", "Dubois",  "Thomas",   "Robert",   "Richard", "Petit",  "Durand",
          "Leroy",    "Moreau",  "Simon",   "Laurent",  "Lefebvre", "Michel",  "Garcia", "David",
          "Bertrand", "Roux",    "Vincent", "Fournier", "Girard",   "Bonnet"},
         {"rue de la République", "rue Victor Hugo", "rue des Lilas", "avenue du Lac",
          "rue Pasteur", "boulevard Voltaire", "rue du Mont-Blanc"},
         {{"Paris", "Île-de-France", "75011"},
          {"Lyon", "Auvergne-Rhône-Alpes", "69002"},
          {"Grenoble", "Auvergne-Rhône-Alpes", "38000"},
          {"Chamonix-Mont-Blanc", "Auvergne-Rhône-Alpes", "74400"},
          {"Marseille", "Provence-Alpes-Côte d'Azur", "13001"},
          {"Bordeaux", "Nouvelle-Aquitaine", "33000"},
          {"Annecy", "Auvergne-Rhône-Alpes", "74000"}}},
        {"PT",
         "EUR",
         "en",
         25,
         {"João", "Maria", "Rodrigo", "Beatriz", "Martim", "Leonor", "Tomás", "Matilde",
          "Francisco", "Ana", "Diogo", "Inês", "Afonso", "Carolina", "Gonçalo", "Mariana"},
         {"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins",
          "Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida",
          "Ribeiro"},
         {"Rua Augusta", "Rua de Santa Catarina", "Rua do Carmo", "Rua das Flores",
          "Avenida da Liberdade", "Rua da Boavista"},
         {{"Lisboa", "Lisboa", "1100-148"},
          {"Porto", "Porto", "4000-322"},
          {"Braga", "Braga", "4700-435"},
          {"Coimbra", "Coimbra", "3000-143"},
          {"Faro", "Faro", "8000-138"}}},
    };
    return kCountries;
}

std::string StreetLine(Rng& rng, const Country& country) {
    const std::string street = rng.Pick(country.streets);
    const std::string number = std::to_string(rng.Range(1, 2400));
    const std::string code = country.code;
    if (code == "US" || code == "CA" || code == "GB") {
        return (code == "GB" ? std::to_string(rng.Range(1, 180)) : number) + " " + street;
    }
    if (code == "FR") return std::to_string(rng.Range(1, 120)) + " " + street;
    return street + ", " + std::to_string(rng.Range(1, 140));  // ES, DE, PT
}

std::optional<std::string> SecondLine(Rng& rng, const Country& country) {
    if (!rng.Chance(200)) return std::nullopt;
    const std::string code = country.code;
    if (code == "ES") {
        return std::to_string(rng.Range(1, 8)) + "º " + static_cast<char>('A' + rng.Below(4));
    }
    if (code == "PT") return std::to_string(rng.Range(1, 6)) + "º Esq.";
    if (code == "FR") return "Bâtiment " + std::string(1, static_cast<char>('A' + rng.Below(3)));
    if (code == "DE") return std::string("c/o ") + rng.Pick(country.last_names);
    if (code == "GB") return "Flat " + std::to_string(rng.Range(1, 24));
    return (rng.Chance(500) ? "Apt " : "Unit ") + std::to_string(rng.Range(1, 40));
}

std::optional<std::string> Phone(Rng& rng, const std::string& code) {
    if (rng.Chance(80)) return std::nullopt;  // some customers give none
    if (code == "US" || code == "CA") {
        static const std::vector<const char*> kAreas = {"503", "206", "303", "720", "801",
                                                        "512", "612", "802", "828", "415",
                                                        "604", "403", "416", "514", "902"};
        return std::string("+1") + rng.Pick(kAreas) + "555" + "01" + Digits(rng, 2);
    }
    if (code == "GB") return "+447700900" + Digits(rng, 3);
    if (code == "ES") return "+346" + Digits(rng, 8);
    if (code == "DE") return "+49151" + Digits(rng, 8);
    if (code == "FR") return "+336" + Digits(rng, 8);
    return "+3519" + Digits(rng, 8);  // PT
}

// [SECTION] orders

struct Fulfilment {
    std::string carrier;
    Date shipped_on;
    Date expected_on;
    std::optional<Date> delivered_on;
    std::string status;  // in_transit | out_for_delivery | delivered
};

std::string TrackingUrl(const std::string& carrier, const std::string& number) {
    if (carrier == "UPS") return "https://www.ups.com/track?tracknum=" + number;
    if (carrier == "USPS") return "https://tools.usps.com/go/TrackConfirmAction?tLabels=" + number;
    if (carrier == "Canada Post") {
        return "https://www.canadapost-postescanada.ca/track-reperage/en#/details/" + number;
    }
    return "https://www.dhl.com/global-en/home/tracking.html?tracking-id=" + number;
}

class TrackingNumbers {
  public:
    explicit TrackingNumbers(Rng rng) : rng_(rng) {}
    std::string Make(const std::string& carrier) {
        for (;;) {
            std::string n;
            if (carrier == "UPS") {
                static const char kAlnum[] = "ABCDEFGHJKLMNPRSTUVWXY0123456789";
                n = "1Z";
                for (int i = 0; i < 6; ++i)
                    n += kAlnum[rng_.Below(sizeof(kAlnum) - 1)];
                n += "03" + Digits(rng_, 8);
            } else if (carrier == "USPS") {
                n = "94001" + Digits(rng_, 17);
            } else if (carrier == "Canada Post") {
                n = "7" + Digits(rng_, 15);
            } else {
                n = "3" + Digits(rng_, 9);  // DHL: 10 digits
            }
            if (used_.insert(n).second) return n;
        }
    }

  private:
    Rng rng_;
    std::set<std::string> used_;
};

std::int64_t ShippingCents(const std::string& country, std::int64_t subtotal, bool express) {
    if (country == "US") {
        if (express) return 1495;
        return subtotal >= 7500 ? 0 : 695;
    }
    return subtotal >= 15000 ? 0 : 1295;
}

//! Carrier and dates for an order placed `placed_on`, as seen on `today`; nullopt while it is
//! still processing (it ships on the next weekday at the earliest).
std::optional<Fulfilment> Fulfil(Rng& rng, const std::string& country, bool express,
                                 const Date& placed_on, const Date& today) {
    Fulfilment f;
    f.shipped_on = NextWeekday(rng.Chance(600) ? placed_on : AddDays(placed_on, 1));
    if (!(f.shipped_on < today)) return std::nullopt;
    int transit = 0;
    if (country == "US") {
        f.carrier = express || rng.Chance(550) ? "UPS" : "USPS";
        transit = express ? static_cast<int>(rng.Range(1, 2)) : static_cast<int>(rng.Range(3, 6));
    } else {
        f.carrier = country == "CA" ? "Canada Post" : "DHL";
        transit = static_cast<int>(country == "GB" ? rng.Range(5, 8) : rng.Range(5, 12));
    }
    f.expected_on = AddBusinessDays(f.shipped_on, transit);
    Date actual = f.expected_on;
    const int late = rng.Below(100) < 8 ? static_cast<int>(rng.Range(1, 3)) : 0;
    if (late > 0) actual = AddBusinessDays(actual, late);
    if (actual < today || (actual == today && rng.Chance(500))) {
        f.delivered_on = actual;
        f.status = "delivered";
    } else {
        f.status = f.expected_on == today ? "out_for_delivery" : "in_transit";
    }
    return f;
}

// A generated order before ids and numbers are given out.
struct Draft {
    Order order;
    std::string fixed_number;  // "" = generated
    std::vector<OrderItem> items;
    std::optional<Shipment> shipment;
    std::optional<Return> return_;
    std::optional<Refund> refund;
};

void Total(Draft& d, bool express) {
    d.order.subtotal_cents = 0;
    for (const OrderItem& i : d.items)
        d.order.subtotal_cents += i.unit_price_cents * i.quantity;
    d.order.shipping_cents = ShippingCents(d.order.ship_country, d.order.subtotal_cents, express);
    d.order.total_cents = d.order.subtotal_cents + d.order.shipping_cents;
}

void ShipTo(Order& o, const Address& a) {
    o.ship_line1 = a.line1;
    o.ship_line2 = a.line2;
    o.ship_city = a.city;
    o.ship_region = a.region;
    o.ship_postal_code = a.postal_code;
    o.ship_country = a.country;
}

std::string LabelJson(const std::string& rma, const std::string& carrier,
                      const std::string& tracking, std::int64_t fee, const std::string& currency,
                      const Order& o) {
    return std::string("{\"rma\":\"") + rma + "\",\"carrier\":\"" + carrier +
           "\",\"tracking_number\":\"" + tracking + "\",\"fee_cents\":" + std::to_string(fee) +
           ",\"currency\":\"" + currency + "\",\"from\":{\"city\":\"" + o.ship_city +
           "\",\"postal_code\":\"" + o.ship_postal_code + "\",\"country\":\"" + o.ship_country +
           "\"},\"to\":{\"name\":\"Larchwood Outfitters Returns\",\"line1\":\"2200 NW Front "
           "Ave\",\"city\":\"Portland\",\"region\":\"OR\",\"postal_code\":\"97209\","
           "\"country\":\"US\"}}";
}

// [SECTION] Generate

class Builder {
  public:
    Builder(std::uint64_t seed, Date today)
        : seed_(seed), today_(today), tracking_(Rng::Stream(seed, 7)), products_by_name_() {}

    DemoData Build();

  private:
    Date Ago(int days) const { return AddDays(today_, -days); }
    const Product& ProductNamed(const std::string& name) const {
        return data_.products[static_cast<std::size_t>(products_by_name_.at(name) - 1)];
    }
    OrderItem Item(const Product& p, std::int64_t quantity) const {
        OrderItem i;
        i.product_id = p.id;
        i.quantity = quantity;
        i.unit_price_cents = p.price_cents;
        i.final_sale = p.final_sale;
        return i;
    }
    //! The variant of `p` in `size` and its `colour`-th colour (the first when it has fewer).
    std::int64_t VariantId(const Product& p, const std::string& size, std::size_t colour) const {
        const std::vector<std::size_t>& of = variants_of_.at(p.id);
        std::vector<std::string> colours;
        for (std::size_t i : of) {
            const std::string& c = data_.variants[i].colour;
            if (std::find(colours.begin(), colours.end(), c) == colours.end()) colours.push_back(c);
        }
        const std::string& want = colours[colour < colours.size() ? colour : 0];
        for (std::size_t i : of) {
            const ProductVariant& v = data_.variants[i];
            if (v.colour == want && v.size == size) return v.id;
        }
        return data_.variants[of.front()].id;  // a size the product has not: its first variant
    }
    //! `item` bought in `size`, `colour`-th colour.
    OrderItem Sized(OrderItem item, const std::string& size, std::size_t colour = 0) const {
        const Product& p = data_.products[static_cast<std::size_t>(item.product_id - 1)];
        item.variant_id = VariantId(p, size, colour);
        return item;
    }
    //! The variant one size up (+1) or down (-1) from `variant_id`, same colour, or 0.
    std::int64_t NextSize(std::int64_t variant_id, int step) const {
        const ProductVariant& from = data_.variants[static_cast<std::size_t>(variant_id - 1)];
        for (std::size_t i : variants_of_.at(from.product_id)) {
            const ProductVariant& v = data_.variants[i];
            if (v.colour == from.colour && v.size_rank == from.size_rank + step) return v.id;
        }
        return 0;
    }
    const Address& DefaultAddress(std::int64_t customer_id) const {
        return data_.addresses[static_cast<std::size_t>(default_address_.at(customer_id) - 1)];
    }
    std::int64_t AddCustomer(Customer c, Address a);
    void MakeCustomers();
    void MakeFixedOrders();
    void MakeOrders();
    //! A size and colour for every order line that has none yet (own random stream).
    void AssignVariants();
    //! Stock that agrees with products.in_stock, then the fixed accounts' sold-out sizes.
    void FinishStock();
    void AddReturn(Rng& rng, Draft& d, const std::string& reason, int created_days_after,
                   bool refunded, bool plus_member);
    void FixedShipment(Draft& d, const std::string& carrier, int shipped_ago, int expected_ago,
                       bool delivered);
    void Finish();
    void MakeSubscriptions();
    void NumberInvoices();

    std::uint64_t seed_;
    Date today_;
    TrackingNumbers tracking_;
    std::map<std::string, std::int64_t> products_by_name_;
    std::map<std::int64_t, std::vector<std::size_t>> variants_of_;  // product id -> variants
    std::vector<std::int64_t> sold_out_;  // variants the demo shows sold out
    std::map<std::int64_t, std::int64_t> default_address_;
    std::set<std::string> emails_;
    std::set<std::int64_t> plus_members_;
    std::vector<Draft> drafts_;
    std::vector<std::pair<Invoice, std::string>> invoices_;  // with a sort key
    DemoData data_;
};

std::int64_t Builder::AddCustomer(Customer c, Address a) {
    c.id = static_cast<std::int64_t>(data_.customers.size()) + 1;
    if (c.external_id.empty()) c.external_id = "cus_" + Pad(c.id, 6);
    emails_.insert(c.email);
    a.id = static_cast<std::int64_t>(data_.addresses.size()) + 1;
    a.customer_id = c.id;
    a.is_default = true;
    default_address_[c.id] = a.id;
    data_.addresses.push_back(std::move(a));
    data_.customers.push_back(std::move(c));
    return data_.customers.back().id;
}

void Builder::MakeCustomers() {
    // [SECTION] fixed accounts: ids 1..3
    Customer ana{0,
                 "demo-ana",
                 "Ana",
                 "Lima",
                 "ana@example.com",
                 std::string("+15035550101"),
                 "en",
                 "US",
                 "USD",
                 Iso(Ago(900)),
                 0};
    AddCustomer(ana, Address{0, 0, "1420 SE Hawthorne Blvd", std::string("Apt 3"), "Portland",
                             std::string("OR"), "97214", "US", true});
    Customer lucia{0,
                   "demo-lucia",
                   "Lucía",
                   "Fernández",
                   "lucia@example.com",
                   std::string("+34611555010"),
                   "es",
                   "ES",
                   "EUR",
                   Iso(Ago(420)),
                   0};
    AddCustomer(lucia, Address{0, 0, "Calle de Alcalá, 85", std::string("3º B"), "Madrid",
                               std::string("Madrid"), "28009", "ES", true});
    Customer tom{0,
                 "demo-tom",
                 "Tom",
                 "Becker",
                 "tom@example.com",
                 std::string("+447700900101"),
                 "en",
                 "GB",
                 "GBP",
                 Iso(Ago(600)),
                 0};
    AddCustomer(tom, Address{0, 0, "14 Brunswick Road", std::nullopt, "Bristol", std::nullopt,
                             "BS6 5NY", "GB", true});

    Rng rng = Rng::Stream(seed_, 1);
    std::vector<int> weights;
    for (const Country& c : Countries())
        weights.push_back(c.weight);
    static const std::vector<const char*> kDomains = {"example.com", "example.net", "example.org",
                                                      "mail.example"};
    const int kCustomers = 1200;
    while (static_cast<int>(data_.customers.size()) < kCustomers) {
        const Country& country = Countries()[rng.Weighted(weights)];
        Customer c;
        c.first_name = rng.Pick(country.first_names);
        c.last_name = rng.Pick(country.last_names);
        const std::string first = Fold(c.first_name);
        const std::string last = Fold(c.last_name);
        std::string local;
        switch (rng.Below(4)) {
            case 0:
                local = first + "." + last;
                break;
            case 1:
                local = first + last + std::to_string(rng.Range(1, 99));
                break;
            case 2:
                local = first.substr(0, 1) + last;
                break;
            default:
                local = first + "_" + last;
                break;
        }
        const std::string domain = rng.Pick(kDomains);
        c.email = local + "@" + domain;
        for (int n = 2; emails_.count(c.email) != 0; ++n) {
            c.email = local + std::to_string(n) + "@" + domain;
        }
        c.phone = Phone(rng, country.code);
        c.locale = country.locale;
        c.country = country.code;
        c.currency = country.currency;
        c.created_on = Iso(Ago(static_cast<int>(rng.Range(30, 1100))));  // refined by orders
        const Place& place = rng.Pick(country.places);
        Address a{0,
                  0,
                  StreetLine(rng, country),
                  SecondLine(rng, country),
                  place.city,
                  *place.region ? std::optional<std::string>(place.region) : std::nullopt,
                  place.postal,
                  country.code,
                  true};
        const std::int64_t id = AddCustomer(std::move(c), std::move(a));
        if (rng.Chance(150)) {  // a second address (work, family)
            const Place& other = rng.Pick(country.places);
            Address b{static_cast<std::int64_t>(data_.addresses.size()) + 1,
                      id,
                      StreetLine(rng, country),
                      SecondLine(rng, country),
                      other.city,
                      *other.region ? std::optional<std::string>(other.region) : std::nullopt,
                      other.postal,
                      country.code,
                      false};
            data_.addresses.push_back(std::move(b));
        }
    }
}

void Builder::FixedShipment(Draft& d, const std::string& carrier, int shipped_ago, int expected_ago,
                            bool delivered) {
    Shipment s;
    s.carrier = carrier;
    s.tracking_number = tracking_.Make(carrier);
    s.tracking_url = TrackingUrl(carrier, s.tracking_number);
    s.shipped_on = Iso(Ago(shipped_ago));
    s.expected_on = Iso(Ago(expected_ago));
    if (delivered) s.delivered_on = s.expected_on;
    s.status = delivered ? "delivered" : "in_transit";
    d.order.status = delivered ? "delivered" : "shipped";
    d.shipment = std::move(s);
}

void Builder::AddReturn(Rng& rng, Draft& d, const std::string& reason, int created_days_after,
                        bool refunded, bool plus_member) {
    const Date delivered = *ParseIsoDate(*d.shipment->delivered_on);
    const Date created = AddDays(delivered, created_days_after);
    const bool free_label = plus_member || reason == "defective" || reason == "wrong_item";
    Return r;
    r.order_id = 0;  // set with the order id
    r.created_at =
        AtMs(created, static_cast<int>(rng.Range(8, 22)), static_cast<int>(rng.Below(60)));
    r.reason = reason;
    r.label_fee_cents = free_label ? 0 : 595;
    const std::string carrier = d.order.ship_country == "US" ? "USPS" : d.shipment->carrier;
    const std::string tracking = tracking_.Make(carrier);
    r.label = LabelJson("", carrier, tracking, r.label_fee_cents, d.order.currency, d.order);
    r.status = refunded ? "closed" : "label_issued";
    if (refunded) {
        std::int64_t returned = 0;
        for (const OrderItem& i : d.items) {
            if (!i.final_sale) returned += i.unit_price_cents * i.quantity;
        }
        Refund f;
        f.created_at = r.created_at + rng.Range(4, 9) * kMsPerDay;
        f.currency = d.order.currency;
        const bool credit = rng.Chance(180);
        f.method = credit ? "store_credit" : "original_payment";
        std::int64_t amount = returned - r.label_fee_cents;
        if (reason == "defective" || reason == "wrong_item") amount += d.order.shipping_cents;
        if (credit) amount = amount * 110 / 100;
        f.amount_cents = amount;
        f.status = "issued";
        // Received in the warehouse a few days after it was sent, and no later than the refund.
        const Date arrived = AddDays(created, 3);
        const Date refunded_on = CivilFromDays(f.created_at / kMsPerDay);
        r.received_on = Iso(refunded_on < arrived ? refunded_on : arrived);
        d.refund = std::move(f);
    }
    d.return_ = std::move(r);
}

void Builder::MakeFixedOrders() {
    Rng rng = Rng::Stream(seed_, 2);
    auto draft = [&](std::int64_t customer, const std::string& number, int placed_ago,
                     const std::string& payment, std::vector<OrderItem> items, bool express) {
        Draft d;
        d.fixed_number = number;
        const Customer& c = data_.customers[static_cast<std::size_t>(customer - 1)];
        d.order.customer_id = customer;
        d.order.placed_on = Iso(Ago(placed_ago));
        d.order.status = "processing";
        d.order.currency = c.currency;
        d.order.payment_method = payment;
        ShipTo(d.order, DefaultAddress(customer));
        d.items = std::move(items);
        Total(d, express);
        return d;
    };
    auto named = [&](const std::string& name, std::int64_t quantity = 1) {
        return Item(ProductNamed(name), quantity);
    };
    // The first final-sale product among the socks (a clearance item).
    const Product* final_sale = nullptr;
    for (const Product& p : data_.products) {
        if (p.final_sale && p.category == "socks") final_sale = &p;
    }
    if (final_sale == nullptr) final_sale = &data_.products.front();

    // Ana Lima (US): a shipped order, a returnable one, one still processing, older ones.
    // Sizes: Ana wears EU 38 boots and S in base layers, M in jackets; Lucía EU 39/40 trail
    // shoes; Tom EU 43 boots. The next size up of Ana's base layer is sold out (a size exchange
    // says so plainly).
    Draft d = draft(1, "LW-103877", 120, "visa",
                    {Sized(named("Women's Granite Peak Hiking Boot"), "EU 38 · US 7.5"),
                     Sized(named("Merino Hiker Crew Sock", 2), "M")},
                    false);
    FixedShipment(d, "UPS", 119, 114, true);
    drafts_.push_back(std::move(d));
    d = draft(1, "LW-104012", 52, "visa", {named("Basecamp 2 Tent")}, false);
    FixedShipment(d, "USPS", 51, 45, true);
    drafts_.push_back(std::move(d));
    d = draft(1, "LW-104120", 12, "apple_pay", {Item(*final_sale, 1), named("Beacon 350 Headlamp")},
              false);
    d.items.front().final_sale = true;
    FixedShipment(d, "UPS", 11, 5, true);
    drafts_.push_back(std::move(d));
    d = draft(1, "LW-104198", 16, "visa", {Sized(named("Women's Merino 200 Base Layer Top"), "S")},
              false);
    sold_out_.push_back(NextSize(*d.items.front().variant_id, +1));
    FixedShipment(d, "USPS", 15, 10, true);
    drafts_.push_back(std::move(d));
    d = draft(1, "LW-104233", 3, "visa", {Sized(named("Women's Cascade Rain Jacket"), "M", 2)},
              false);
    FixedShipment(d, "UPS", 2, -2, false);
    drafts_.push_back(std::move(d));
    d = draft(1, "LW-104250", 1, "paypal",
              {named("Beacon 600 Rechargeable Headlamp"), named("Trailhead 22 Daypack")}, false);
    drafts_.push_back(std::move(d));

    // Lucía Fernández (ES): an older delivered order and one with DHL on its way.
    d = draft(2, "LW-103990", 70, "mastercard",
              {Sized(named("Women's Fernrunner Trail Shoe"), "EU 39 · US 8")}, false);
    FixedShipment(d, "DHL", 69, 60, true);
    drafts_.push_back(std::move(d));
    d = draft(2, "LW-104240", 4, "mastercard", {Sized(named("Women's Ridgeline Down Jacket"), "S")},
              false);
    FixedShipment(d, "DHL", 3, -5, false);
    drafts_.push_back(std::move(d));

    // Tom Becker (GB): delivered, returned and refunded already (one refund per order).
    d = draft(3, "LW-104180", 30, "amex",
              {Sized(named("Men's Granite Peak Hiking Boot"), "EU 43 · US 9.5"),
               Sized(named("Wool Boot Sock"), "L")},
              false);
    FixedShipment(d, "DHL", 29, 22, true);
    AddReturn(rng, d, "too_small", 4, true, false);
    d.refund->method = "original_payment";
    d.refund->amount_cents = d.order.subtotal_cents - d.return_->label_fee_cents;
    d.refund->created_at = AtMs(Ago(12), 10, 15);
    d.return_->received_on = Iso(Ago(14));
    drafts_.push_back(std::move(d));

    // Lucía again: delivered 8 days ago, sent back 2 days ago and not received yet (a refund
    // waiting for its return: refund_status says awaiting_return).
    d = draft(2, "LW-104215", 10, "mastercard",
              {Sized(named("Women's Fernrunner Trail Shoe"), "EU 40 · US 9")}, false);
    FixedShipment(d, "DHL", 9, 8, true);
    AddReturn(rng, d, "too_big", 6, false, false);
    drafts_.push_back(std::move(d));
}

void Builder::MakeOrders() {
    Rng rng = Rng::Stream(seed_, 3);
    const std::int64_t first_generated = 4;  // after the fixed accounts
    const std::int64_t generated = static_cast<std::int64_t>(data_.customers.size()) - 3;
    std::vector<std::vector<std::int64_t>> by_category(Catalogue().size());
    for (const Product& p : data_.products) {
        for (std::size_t c = 0; c < Catalogue().size(); ++c) {
            if (p.category == Catalogue()[c].id) by_category[c].push_back(p.id);
        }
    }
    static const std::vector<int> kCategoryWeights = {14, 14, 10, 10, 6, 6, 9, 8, 14, 12};
    static const std::vector<const char*> kPayments = {
        "visa", "mastercard", "amex", "paypal", "apple_pay", "google_pay", "gift_card"};
    static const std::vector<int> kPaymentWeights = {35, 22, 10, 15, 10, 5, 3};
    static const std::vector<const char*> kReasons = {"too_small", "too_big", "defective",
                                                      "wrong_item", "changed_mind"};
    static const std::vector<int> kReasonWeights = {30, 22, 12, 6, 30};
    const int kOrders = 5000;
    const int kDays = 548;  // about 18 months
    for (int n = 0; n < kOrders; ++n) {
        Draft d;
        // Customers early in the list order more (min of two draws: 0 to ~8 orders each).
        const std::int64_t customer =
            first_generated + std::min(rng.Below(generated), rng.Below(generated));
        const Customer& c = data_.customers[static_cast<std::size_t>(customer - 1)];
        // Busier lately, and a little busier in November and December.
        int ago = static_cast<int>((1 + rng.Below(kDays)));
        if (rng.Chance(250))
            ago = static_cast<int>(std::min((1 + rng.Below(kDays)), (1 + rng.Below(kDays))));
        if (Ago(ago).month < 11 && rng.Chance(120)) ago = static_cast<int>((1 + rng.Below(kDays)));
        const Date placed_on = Ago(ago);
        d.order.customer_id = customer;
        d.order.placed_on = Iso(placed_on);
        d.order.currency = c.currency;
        d.order.payment_method = kPayments[rng.Weighted(kPaymentWeights)];
        std::int64_t address_id = default_address_.at(customer);
        if (static_cast<std::size_t>(address_id) < data_.addresses.size() &&
            data_.addresses[static_cast<std::size_t>(address_id)].customer_id == customer &&
            rng.Chance(300)) {
            address_id += 1;  // the second address follows the default one
        }
        ShipTo(d.order, data_.addresses[static_cast<std::size_t>(address_id - 1)]);

        const int lines = static_cast<int>(1 + rng.Weighted({55, 25, 13, 7}));
        std::set<std::int64_t> chosen;
        while (static_cast<int>(chosen.size()) < lines) {
            const auto& pool = by_category[rng.Weighted(kCategoryWeights)];
            const std::int64_t pid = rng.Pick(pool);
            if (!chosen.insert(pid).second) continue;
            const Product& p = data_.products[static_cast<std::size_t>(pid - 1)];
            std::int64_t quantity = 1;
            if ((p.category == "socks" || p.category == "coffee") && rng.Chance(350)) {
                quantity = rng.Range(2, 3);
            }
            d.items.push_back(Item(p, quantity));
        }
        const bool express = c.country == "US" && rng.Chance(100);
        Total(d, express);

        if (rng.Chance(20)) {
            d.order.status = "cancelled";
        } else if (auto f = Fulfil(rng, d.order.ship_country, express, placed_on, today_)) {
            Shipment s;
            s.carrier = f->carrier;
            s.tracking_number = tracking_.Make(f->carrier);
            s.tracking_url = TrackingUrl(s.carrier, s.tracking_number);
            s.shipped_on = Iso(f->shipped_on);
            s.expected_on = Iso(f->expected_on);
            if (f->delivered_on) s.delivered_on = Iso(*f->delivered_on);
            s.status = f->status;
            d.order.status = f->delivered_on ? "delivered" : "shipped";
            d.shipment = std::move(s);
            // Some delivered orders came back: returned within the 30 days, refunded once
            // received (a few labels are still out).
            bool returnable = false;
            for (const OrderItem& i : d.items)
                returnable = returnable || !i.final_sale;
            if (f->delivered_on && returnable && rng.Chance(60)) {
                const std::int64_t since = DaysBetween(*f->delivered_on, today_);
                if (since >= 3) {
                    const int after =
                        static_cast<int>(rng.Range(1, std::min<std::int64_t>(25, since - 1)));
                    const bool refunded = since - after >= 10;
                    AddReturn(rng, d, kReasons[rng.Weighted(kReasonWeights)], after, refunded,
                              plus_members_.count(customer) != 0);
                }
            }
        } else {
            d.order.status = "processing";
        }
        drafts_.push_back(std::move(d));
    }
}

void Builder::AssignVariants() {
    Rng rng = Rng::Stream(seed_, 9);
    for (Draft& d : drafts_) {
        for (OrderItem& i : d.items) {
            if (i.variant_id) continue;
            const std::vector<std::size_t>& of = variants_of_.at(i.product_id);
            // Middle sizes sell most: weight 2 at the ends, +2 a step towards the middle.
            std::vector<std::string> colours;
            std::int64_t sizes = 0;
            for (std::size_t v : of) {
                const ProductVariant& pv = data_.variants[v];
                if (std::find(colours.begin(), colours.end(), pv.colour) == colours.end())
                    colours.push_back(pv.colour);
                sizes = std::max(sizes, pv.size_rank + 1);
            }
            std::vector<int> weights;
            for (std::int64_t r = 0; r < sizes; ++r)
                weights.push_back(static_cast<int>(2 + 2 * std::min(r, sizes - 1 - r)));
            const std::int64_t rank = static_cast<std::int64_t>(rng.Weighted(weights));
            const std::string& colour = rng.Pick(colours);
            for (std::size_t v : of) {
                const ProductVariant& pv = data_.variants[v];
                if (pv.colour == colour && pv.size_rank == rank) i.variant_id = pv.id;
            }
        }
    }
}

void Builder::FinishStock() {
    for (const Product& p : data_.products) {
        const std::vector<std::size_t>& of = variants_of_.at(p.id);
        bool any = false;
        for (std::size_t v : of) {
            if (!p.in_stock) data_.variants[v].stock = 0;
            any = any || data_.variants[v].stock > 0;
        }
        if (p.in_stock && !any) data_.variants[of[of.size() / 2]].stock = 4;
    }
    for (std::int64_t id : sold_out_) {
        if (id > 0) data_.variants[static_cast<std::size_t>(id - 1)].stock = 0;
    }
}

void Builder::Finish() {
    // Orders in the order they were placed (stable, so equal days keep their draw order).
    std::stable_sort(drafts_.begin(), drafts_.end(), [](const Draft& a, const Draft& b) {
        return a.order.placed_on < b.order.placed_on;
    });
    std::int64_t next_number = 200000;
    std::map<std::int64_t, std::string> first_order;
    for (Draft& d : drafts_) {
        Order o = d.order;
        o.id = static_cast<std::int64_t>(data_.orders.size()) + 1;
        o.number = d.fixed_number.empty() ? "LW-" + std::to_string(next_number++) : d.fixed_number;
        for (OrderItem i : d.items) {
            i.id = static_cast<std::int64_t>(data_.order_items.size()) + 1;
            i.order_id = o.id;
            data_.order_items.push_back(i);
        }
        if (d.shipment) {
            Shipment s = *d.shipment;
            s.id = static_cast<std::int64_t>(data_.shipments.size()) + 1;
            s.order_id = o.id;
            data_.shipments.push_back(s);
            Invoice inv;
            inv.customer_id = o.customer_id;
            inv.order_id = o.id;
            inv.shipment_id = s.id;
            inv.issued_on = s.shipped_on;
            inv.currency = o.currency;
            inv.amount_cents = o.total_cents;
            inv.descriptor = "LARCHWOOD*OUTFITTERS";
            invoices_.emplace_back(inv, s.shipped_on + "a" + Pad(s.id, 8));
        }
        if (d.return_) {
            Return r = *d.return_;
            r.id = static_cast<std::int64_t>(data_.returns.size()) + 1;
            r.order_id = o.id;
            r.number = "RMA-" + o.number.substr(3) + "-1";
            const std::string marker = "\"rma\":\"\"";
            const auto at = r.label.find(marker);
            if (at != std::string::npos)
                r.label.replace(at, marker.size(), "\"rma\":\"" + r.number + "\"");
            data_.returns.push_back(r);
        }
        if (d.refund) {
            Refund f = *d.refund;
            f.id = static_cast<std::int64_t>(data_.refunds.size()) + 1;
            f.order_id = o.id;
            data_.refunds.push_back(f);
        }
        Customer& c = data_.customers[static_cast<std::size_t>(o.customer_id - 1)];
        c.lifetime_value_cents += o.total_cents;
        if (first_order.count(c.id) == 0) first_order[c.id] = o.placed_on;
        data_.orders.push_back(std::move(o));
    }
    // A generated customer signed up on or before their first order.
    Rng rng = Rng::Stream(seed_, 4);
    for (Customer& c : data_.customers) {
        if (c.id <= 3) continue;
        auto it = first_order.find(c.id);
        if (it == first_order.end()) continue;
        const Date first = *ParseIsoDate(it->second);
        c.created_on = Iso(AddDays(first, -rng.Below(120)));
    }
}

// [SECTION] subscriptions

void Builder::MakeSubscriptions() {
    Rng rng = Rng::Stream(seed_, 5);
    std::vector<std::int64_t> pool;
    for (const Customer& c : data_.customers) {
        if (c.id > 3) pool.push_back(c.id);
    }
    auto shuffled = [&]() {
        std::vector<std::int64_t> v = pool;
        for (std::size_t i = v.size(); i > 1; --i) {
            std::swap(v[i - 1],
                      v[static_cast<std::size_t>(rng.Below(static_cast<std::int64_t>(i)))]);
        }
        return v;
    };
    auto price = [](const std::string& plan, const std::string& currency) -> std::int64_t {
        if (plan == "coffee_club") return currency == "GBP" ? 1700 : 1900;
        return currency == "GBP" ? 4500 : 4900;
    };
    auto add = [&](Subscription s, int period_months, const Date& last_billed_before) {
        const Date start = *ParseIsoDate(s.started_on);
        s.id = static_cast<std::int64_t>(data_.subscriptions.size()) + 1;
        s.price_cents = price(s.plan, s.currency);
        const char* descriptor =
            s.plan == "coffee_club" ? "LARCHWOOD*COFFEE CLUB" : "LARCHWOOD*PLUS";
        for (int k = 0;; k += period_months) {
            const Date on = AddMonths(start, k, start.day);
            if (!(on < last_billed_before)) break;
            Invoice inv;
            inv.customer_id = s.customer_id;
            inv.subscription_id = s.id;
            inv.issued_on = Iso(on);
            inv.currency = s.currency;
            inv.amount_cents = s.price_cents;
            inv.descriptor = descriptor;
            invoices_.emplace_back(inv, inv.issued_on + "b" + Pad(s.id, 8));
        }
        data_.subscriptions.push_back(std::move(s));
    };
    auto next_renewal = [&](const Date& start, int period, const Date& after) {
        for (int k = period;; k += period) {
            const Date on = AddMonths(start, k, start.day);
            if (after < on) return on;
        }
    };
    const Date tomorrow = AddDays(today_, 1);

    // Ana: Coffee Club renewing in 10 days (six months in), and Plus.
    {
        const Date renews = AddDays(today_, 10);
        const Date start = AddMonths(renews, -6, renews.day);
        Subscription s{0,
                       1,
                       "coffee_club",
                       "active",
                       Iso(start),
                       Iso(next_renewal(start, 1, today_)),
                       std::nullopt,
                       std::nullopt,
                       "USD",
                       0,
                       1};
        add(s, 1, tomorrow);
        const Date plus_start = Ago(200);
        Subscription p{0,
                       1,
                       "plus",
                       "active",
                       Iso(plus_start),
                       Iso(next_renewal(plus_start, 12, today_)),
                       std::nullopt,
                       std::nullopt,
                       "USD",
                       0,
                       1};
        add(p, 12, tomorrow);
        plus_members_.insert(1);
    }

    const std::vector<std::int64_t> coffee = shuffled();
    for (std::size_t i = 0; i < 299 && i < coffee.size(); ++i) {
        const Customer& c = data_.customers[static_cast<std::size_t>(coffee[i] - 1)];
        const Date start = Ago(static_cast<int>(rng.Range(20, 720)));
        Subscription s{0,
                       c.id,
                       "coffee_club",
                       "active",
                       Iso(start),
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       c.currency,
                       0,
                       1};
        const Date last = [&] {  // the latest renewal on or before today
            Date on = start;
            for (int k = 1;; ++k) {
                const Date next = AddMonths(start, k, start.day);
                if (today_ < next) return on;
                on = next;
            }
        }();
        const int roll = static_cast<int>(rng.Below(100));
        if (roll < 8 && start < last) {
            // Paused at the latest renewal (skipped), for 1-3 months.
            s.status = "paused";
            const Date until = AddMonths(last, static_cast<int>(rng.Range(1, 3)), start.day);
            s.paused_until = Iso(until);
            s.renews_on = Iso(until);
            add(s, 1, last);
        } else if (roll < 22 && start < last) {
            s.status = "cancelled";
            const Date cancelled = AddDays(last, -rng.Range(1, 12));
            s.cancelled_on = Iso(start < cancelled ? cancelled : last);
            add(s, 1, start < cancelled ? cancelled : last);
        } else {
            s.renews_on = Iso(next_renewal(start, 1, today_));
            add(s, 1, tomorrow);
        }
    }
    const std::vector<std::int64_t> plus = shuffled();
    for (std::size_t i = 0; i < 199 && i < plus.size(); ++i) {
        const Customer& c = data_.customers[static_cast<std::size_t>(plus[i] - 1)];
        const Date start = Ago(static_cast<int>(rng.Range(10, 1000)));
        Subscription s{0,
                       c.id,
                       "plus",
                       "active",
                       Iso(start),
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       c.currency,
                       0,
                       1};
        const Date renews = next_renewal(start, 12, today_);
        if (rng.Chance(120) && DaysBetween(start, today_) > 30) {
            s.status = "cancelled";
            const Date cancelled = Ago(static_cast<int>(rng.Range(1, 25)));
            s.cancelled_on = Iso(cancelled);
            add(s, 12, AddDays(cancelled, 1));  // benefits run to the end of the paid year
        } else {
            s.renews_on = Iso(renews);
            plus_members_.insert(c.id);
            add(s, 12, tomorrow);
        }
    }
}

void Builder::NumberInvoices() {
    std::stable_sort(invoices_.begin(), invoices_.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    std::map<int, std::int64_t> per_year;
    for (auto& [inv, key] : invoices_) {
        (void)key;
        const int year = std::stoi(inv.issued_on.substr(0, 4));
        const std::int64_t n = ++per_year[year];
        inv.id = static_cast<std::int64_t>(data_.invoices.size()) + 1;
        inv.number = "INV-" + std::to_string(year) + "-" + Pad(n, 6);
        data_.invoices.push_back(inv);
    }
}

DemoData Builder::Build() {
    data_.products = MakeProducts();
    for (const Product& p : data_.products)
        products_by_name_[p.name] = p.id;
    data_.variants = MakeVariants(data_.products, seed_);
    for (std::size_t i = 0; i < data_.variants.size(); ++i)
        variants_of_[data_.variants[i].product_id].push_back(i);
    data_.related = MakeRelated(data_.products);
    MakeCustomers();
    MakeSubscriptions();  // first: Plus members get free return labels
    MakeFixedOrders();
    for (const Draft& d : drafts_) {  // the scripted demo reships these
        for (const OrderItem& i : d.items)
            data_.products[static_cast<std::size_t>(i.product_id - 1)].in_stock = true;
    }
    MakeOrders();
    AssignVariants();
    FinishStock();
    Finish();
    NumberInvoices();
    return std::move(data_);
}

}  // namespace

DemoData Generate(std::uint64_t seed, Date today) {
    Builder builder(seed, today);
    return builder.Build();
}

}  // namespace seam::demo
