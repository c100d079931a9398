// shared/src/core/json_text.cpp — JSON values to compact text, fast (see json_text.hpp).
#include "seam/core/json_text.hpp"

#include <array>
#include <charconv>
#include <cstddef>
#include <optional>

namespace seam {

namespace {

using nlohmann::json;

// What a string's byte needs: copied as is, escaped, or checked as part of a UTF-8 sequence.
enum ByteClass : unsigned char { kPlain = 0, kEscape = 1, kMultibyte = 2 };

constexpr std::array<unsigned char, 256> MakeByteClasses() {
    std::array<unsigned char, 256> classes{};
    for (int b = 0; b < 256; ++b) {
        classes[b] = b < 0x20 || b == '"' || b == '\\' ? kEscape : b >= 0x80 ? kMultibyte : kPlain;
    }
    return classes;
}
constexpr std::array<unsigned char, 256> kByteClass = MakeByteClasses();

//! Length of the well-formed UTF-8 sequence at `p` (a byte >= 0x80), or 0 when it is ill-formed
//! (overlong, surrogate, above U+10FFFF, truncated, a stray continuation byte).
std::size_t SequenceLength(const unsigned char* p, const unsigned char* end) {
    const auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return p + i < end && p[i] >= lo && p[i] <= hi;
    };
    const unsigned char b = p[0];
    if (b >= 0xC2 && b <= 0xDF) return cont(1) ? 2 : 0;
    if (b == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (b == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (b == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (b >= 0xF1 && b <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (b == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}

    void Value(const json& v) {
        switch (v.type()) {
            case json::value_t::null:
                out_ += "null";
                return;
            case json::value_t::boolean:
                out_ += v.get_ref<const json::boolean_t&>() ? "true" : "false";
                return;
            case json::value_t::number_integer:
                Integer(v.get_ref<const json::number_integer_t&>());
                return;
            case json::value_t::number_unsigned:
                Integer(v.get_ref<const json::number_unsigned_t&>());
                return;
            case json::value_t::string:
                String(v.get_ref<const json::string_t&>());
                return;
            case json::value_t::array: {
                out_ += '[';
                bool first = true;
                for (const json& item : v.get_ref<const json::array_t&>()) {
                    if (!first) out_ += ',';
                    first = false;
                    Value(item);
                }
                out_ += ']';
                return;
            }
            case json::value_t::object: {
                out_ += '{';
                bool first = true;
                for (const auto& [key, item] : v.get_ref<const json::object_t&>()) {
                    if (!first) out_ += ',';
                    first = false;
                    String(key);
                    out_ += ':';
                    Value(item);
                }
                out_ += '}';
                return;
            }
            default:  // floats (their shortest form is nlohmann's own), binary, discarded
                Library(v);
                return;
        }
    }

  private:
    template <typename Int>
    void Integer(Int n) {
        char digits[24];
        const auto done = std::to_chars(digits, digits + sizeof digits, n);
        out_.append(digits, done.ptr);
    }

    void String(const std::string& s) {
        const std::size_t start = out_.size();
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
        const auto* const end = p + s.size();
        const auto* run = p;  // start of the bytes not yet copied
        out_ += '"';
        while (p < end) {
            const unsigned char c = *p;
            const unsigned char kind = kByteClass[c];
            if (kind == kPlain) {
                ++p;
                continue;
            }
            if (kind == kMultibyte) {
                const std::size_t n = SequenceLength(p, end);
                if (n == 0) {  // ill-formed: the library's replacement rules, for the whole string
                    out_.resize(start);
                    Library(json(s));
                    return;
                }
                p += n;
                continue;
            }
            out_.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
            Escape(c);
            run = ++p;
        }
        out_.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
        out_ += '"';
    }

    void Escape(unsigned char c) {
        switch (c) {
            case '"':
                out_ += "\\\"";
                return;
            case '\\':
                out_ += "\\\\";
                return;
            case '\b':
                out_ += "\\b";
                return;
            case '\t':
                out_ += "\\t";
                return;
            case '\n':
                out_ += "\\n";
                return;
            case '\f':
                out_ += "\\f";
                return;
            case '\r':
                out_ += "\\r";
                return;
            default: {
                static constexpr char kHex[] = "0123456789abcdef";
                const char code[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
                out_.append(code, sizeof code);
                return;
            }
        }
    }

    //! nlohmann's serializer, writing straight into the same string (made on first need).
    void Library(const json& v) {
        if (!library_) {
            library_.emplace(nlohmann::detail::output_adapter<char>(out_), ' ',
                             json::error_handler_t::replace);
        }
        library_->dump(v, false, false, 0);
    }

    std::string& out_;
    std::optional<nlohmann::detail::serializer<json>> library_;
};

}  // namespace

void AppendJson(const nlohmann::json& value, std::string& out) {
    Writer(out).Value(value);
}

std::string DumpJson(const nlohmann::json& value) {
    std::string out;
    AppendJson(value, out);
    return out;
}

}  // namespace seam
