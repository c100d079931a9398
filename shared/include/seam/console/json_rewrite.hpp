// shared/include/seam/console/json_rewrite.hpp — a JSON value written as an edit of the text it
// was read from: every part that did not change keeps its bytes (line breaks, indentation, key
// order, number spelling), so a one-word change to a hand-formatted flow file is a one-line diff
// in the publishing review and in git, not a reformatted file.
//
//   JsonRewriter w(file_text);                 the text as published (parsed and scanned once)
//   nlohmann::ordered_json doc = w.original(); edit it...
//   w.Write(doc)                               == file_text when doc is unchanged
//
// How a changed value is written, from the outside in:
//   unchanged                 its old text, verbatim
//   object -> object          members kept by key with their old text ("key": and the separator
//                             before them); new members appended with the separator the object
//                             already uses; removed members dropped with the separator before
//   array -> array            elements aligned by equality (longest common subsequence); an old
//                             and a new element left between the same two matches are the same
//                             element edited (rewritten recursively); inserted elements take the
//                             array's separator (",\n    " in a multi-line list of steps)
//   anything else             written fresh on one line: {"a": 1, "b": [2, 3]} (SpacedJson)
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace seam::console {

//! `value` on one line, a space after every ':' and ',' (the flow files' own style), UTF-8 as is.
std::string SpacedJson(const nlohmann::ordered_json& value);

class JsonRewriter {
  public:
    //! Reads `text`. When it is not JSON, original() is null and Write() writes fresh.
    explicit JsonRewriter(std::string text);

    //! The value `text` holds (key order kept); discarded (is_discarded()) when not JSON.
    const nlohmann::ordered_json& original() const { return original_; }
    const std::string& text() const { return text_; }

    //! `value` as an edit of text() (see the file comment). Total: any value, any text.
    std::string Write(const nlohmann::ordered_json& value) const;

    //! Where one value lies in text(): [begin, end), and for objects and arrays its children in
    //! text order (for objects, where each member's key starts). Exposed for tests.
    struct Span {
        std::size_t begin = 0, end = 0;
        char type = 0;  //!< '{', '[', or 's' for a scalar
        std::vector<std::size_t> key_begin;
        std::vector<Span> children;
    };

  private:
    void Emit(const Span& span, const nlohmann::ordered_json& before,
              const nlohmann::ordered_json& after, std::string& out) const;
    void EmitObject(const Span& span, const nlohmann::ordered_json& before,
                    const nlohmann::ordered_json& after, std::string& out) const;
    void EmitArray(const Span& span, const nlohmann::ordered_json& before,
                   const nlohmann::ordered_json& after, std::string& out) const;
    //! The separator to put before child `index` of `span` when it is written after another
    //! child (its own when it had one, else the container's usual one).
    std::string Separator(const Span& span, std::size_t index) const;
    std::string UsualSeparator(const Span& span) const;

    std::string text_;
    nlohmann::ordered_json original_;
    Span root_;
    bool scanned_ = false;  //!< root_ describes text_ (false: Write() writes fresh)
};

}  // namespace seam::console
