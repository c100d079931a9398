// shared/include/seam/core/json_depth.hpp — how deep JSON text nests, found on the raw bytes
// before any tree is built.
//
// nlohmann::json parses without recursion but copies and destroys its trees recursively: a body
// of 100,000 '[' takes the stack of the thread that parses it (issue 17). A scan that counts
// brackets outside strings bounds the depth first; seamd feeds it the request body as it
// arrives (in pieces), the fuzz harness feeds it whole texts.
//
// Sound for any input, valid or not: on the longest valid JSON prefix of a text (all a parser
// ever builds before it gives up) the scan tracks strings and escapes exactly as the grammar
// does, so the depth a parser can reach is never more than the depth the scan reports. Past
// the first syntax error the scan may count more than a parser would: it errs on refusing.
#pragma once

#include <cstddef>
#include <string_view>

namespace seam {

//! Incremental depth scanner: Feed() the text in any number of pieces.
class JsonDepthScanner {
  public:
    //! `limit`: the deepest nesting allowed (1 = one object or array, no nesting).
    explicit JsonDepthScanner(std::size_t limit) : limit_(limit) {}

    //! Scans `piece`; false once the nesting has gone deeper than the limit (and from then on).
    bool Feed(std::string_view piece) {
        if (exceeded_) return false;
        for (const char c : piece) {
            if (in_string_) {
                if (escaped_) {
                    escaped_ = false;
                } else if (c == '\\') {
                    escaped_ = true;
                } else if (c == '"') {
                    in_string_ = false;
                }
                continue;
            }
            switch (c) {
                case '"':
                    in_string_ = true;
                    break;
                case '[':
                case '{':
                    if (++depth_ > deepest_) deepest_ = depth_;
                    if (depth_ > limit_) {
                        exceeded_ = true;
                        return false;
                    }
                    break;
                case ']':
                case '}':
                    if (depth_ > 0) --depth_;
                    break;
                default:
                    break;
            }
        }
        return true;
    }

    bool exceeded() const { return exceeded_; }
    //! The deepest nesting seen so far (stops growing once the limit is passed).
    std::size_t deepest() const { return deepest_; }
    //! Ready for another text with the same limit.
    void Reset() { *this = JsonDepthScanner(limit_); }

  private:
    std::size_t limit_;
    std::size_t depth_ = 0;
    std::size_t deepest_ = 0;
    bool in_string_ = false;
    bool escaped_ = false;
    bool exceeded_ = false;
};

//! Whether `text` nests no deeper than `limit` (see JsonDepthScanner).
inline bool JsonDepthWithin(std::string_view text, std::size_t limit) {
    JsonDepthScanner scanner(limit);
    return scanner.Feed(text);
}

}  // namespace seam
