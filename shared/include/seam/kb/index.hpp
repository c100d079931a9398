// shared/include/seam/kb/index.hpp — retrieval over knowledge-base passages, and the decision
// whether Seam may answer from them.
//
// Each passage ("## question" + answer) is scored with BM25F over four fields: its heading
// (weight 2), its article's title (1.5) and tags (1.5), and its text (1, length-normalised).
// Text is analysed per language (as seam::text::AnalyzeTerms does: folded, stop words dropped,
// stemmed; but numbers dropped too), and each language has its own statistics, so "return" is
// weighed by how common it is among the English passages only. Question words ("when", "where",
// "how much", "cuándo") are terms, not stop words: they are what tells "When will I get my refund?"
// from "Where will my refund go?".
//
// What is read of a query: chat-speak and common misspellings are first rewritten to words
// (text/spelling.hpp: "do u ship", "refnd", "xq", "dnd"), and chatter is dropped
// (text/chatter.hpp: "hi, quick question", "i was wondering", "thx", "una duda", "gracias"), so
// neither matches passages nor counts against the confidence as unknown words. A message of
// several sentences is scored as a whole and per question it asks (text::SplitQuestions, only
// parts that text::LooksLikeQuestion); each passage keeps its best confidence, so "can I return
// a gift without the receipt? it's for my sister" is as answerable as its question.
//
// Typos: a query word whose stem the index does not know is matched to a known word of the same
// language that starts with the same letter and is at most 1 edit away (2 for words of 8+
// letters; an edit is an insertion, deletion, substitution or swap of adjacent letters), at a
// reduced weight. "retrun polcy" finds "return policy"; "weather" does not become "leather".
//
// Confidence — how much of the question the passage answers, in [0, 1]:
//
//     confidence = min(1, score(passage) / self_match(query))
//
//     self_match = max( sum over query words of IDF(word) * s*,  IDF(rare word) * s* )
//
// s* is what one term earns in an ideal passage: once in the heading, the title and the text
// (text of average length); a "rare word" is a term found in exactly one passage. So self_match
// is what the query would score against a passage written for it, and:
//   - a query word the index does not know still counts, at half a rare word
//     (IndexOptions::unknown_word_weight): a question mostly about things the knowledge base
//     never mentions ("what's the weather in Paris") stays low however well its one known word
//     matches, while one unknown filler word ("already", "vacation") costs a little, not all;
//   - the floor of one rare word (IndexOptions::self_match_floor) keeps a bare common word
//     ("refund", "shipping") from reaching full confidence on whichever passage happens to rank
//     first: such a message needs a clarifying question, not an article. "When will I get my
//     refund?" says enough;
//   - question words and numbers never make a hit on their own: a query needs at least one
//     known topic word (not a question word) for any hit ("how?", "what's 2+2" get none), and
//     a passage must share at least one topic word with it ("how long do refunds take" does
//     not land on "How long does delivery take?" through "how" alone; "take", like "get", is a
//     stop word, and so are Spanish "tarda/tardan").
//     Numbers are not indexed at all: in questions they are order numbers, dates and amounts.
// Unlike raw BM25 scores, the ratio does not grow with the length of the question or shift with
// the size of the knowledge base, which is what lets one threshold serve every query.
//
// Answerable: the best hit's confidence is at least IndexOptions::min_confidence, 0.5: the best
// passage must earn at least half of what a passage written for the question would. Below it
// Seam does not answer from the knowledge base (it asks, or hands off); a wrong answer costs more
// than a handoff. On the question sets in tests/unit/kb/test_index.cpp, unrelated messages stay
// below 0.4 and about nine in ten correctly ranked questions clear 0.5; lowering the threshold to
// 0.4 answers a few more of them but also more wrong passages.
//
// Determinism: IDF uses seam::DetLog (same bits in g++ and em++ builds); all other arithmetic is
// + - * /; hits are ranked by score / self-match score (unclamped, rounded to 1e-9), then article
// id, language and passage order; reported scores and confidences are rounded to 1e-9; no
// hash-ordered containers. The same index and query give the same hits in every build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"
#include "seam/kb/article.hpp"
#include "seam/text/stem.hpp"

namespace seam::kb {

struct IndexOptions {
    double k1 = 2.0;                     //!< BM25 term-frequency saturation
    double b = 0.75;                     //!< BM25 length normalisation (text field only)
    double heading_weight = 2.0;         //!< a term in the passage heading counts this many times
    double title_weight = 1.5;           //!< ... in the article title
    double tags_weight = 1.5;            //!< ... in the article tags
    double text_weight = 1.0;            //!< ... in the passage text
    double typo_weight_1 = 0.8;          //!< weight of a query word matched at edit distance 1
    double typo_weight_2 = 0.6;          //!< ... at edit distance 2
    double min_confidence = 0.5;         //!< answerable threshold on the best hit's confidence
    double unknown_word_weight = 0.5;    //!< an unknown query word counts as this many rare words
                                         //!< in the self-match score
    double self_match_floor = 1.0;       //!< the self-match score is at least this many rare words
    std::size_t max_query_bytes = 2048;  //!< longer queries are cut (at a code point boundary)
    std::size_t max_query_terms = 32;    //!< distinct terms read from a query
};

//! One ranked passage.
struct Hit {
    std::string article_id;
    std::string title;              //!< article title
    std::string lang;               //!< article language ("en")
    std::string url;                //!< article URL (append "#" + anchor to link the passage)
    std::string heading;            //!< passage heading (the question it answers)
    std::string anchor;             //!< passage anchor
    std::string text;               //!< passage text (Markdown)
    std::size_t passage_index = 0;  //!< position of the passage in its article
    double score = 0;               //!< BM25F score (comparable within one language only)
    double confidence = 0;          //!< score / self-match score, in [0, 1]
};

struct SearchResult {
    std::vector<Hit> hits;    //!< best first, at most k
    bool answerable = false;  //!< hits[0].confidence >= options.min_confidence
    bool fallback = false;    //!< the requested language had no articles: all were searched
};

//! An immutable retrieval index over the passages of a set of articles.
class Index {
  public:
    //! Builds the index. Errors: seam.kb.duplicate_id (two articles with the same id and
    //! language), seam.kb.bad_article (empty id, a language that is not a tag, no passages).
    //! An empty list builds an empty index (every search: no hits, not answerable).
    static Result<Index> Build(std::vector<Article> articles, const IndexOptions& options = {});

    //! The k best passages for `query` among the articles in `lang` (primary tag, any case:
    //! "es-MX" searches "es"); when no article has that language, among all articles (each
    //! language's passages scored with its own analysis, merged by confidence). Any bytes are
    //! accepted; only the first max_query_bytes are read.
    SearchResult Search(std::string_view query, std::string_view lang, std::size_t k) const;

    //! True when the best hit clears the threshold (same rule as SearchResult::answerable).
    bool Answerable(const std::vector<Hit>& hits) const;

    const std::vector<Article>& articles() const { return articles_; }
    const IndexOptions& options() const { return options_; }
    //! Languages with at least one article, sorted.
    std::vector<std::string> Languages() const;
    //! Number of passages indexed.
    std::size_t PassageCount() const;

  private:
    struct Posting {
        std::uint32_t passage;  // partition-local passage number
        double tf;              // field-weighted, length-normalised term frequency
    };
    struct Term {
        double idf = 0;
        std::vector<Posting> postings;  // ascending passage number
    };
    struct PassageRef {
        std::uint32_t article;
        std::uint32_t passage;
    };
    //! Everything of one language: its passages, their terms and statistics.
    struct Partition {
        std::string lang;
        text::Language language = text::Language::kOther;
        std::vector<PassageRef> passages;
        std::map<std::string, Term> terms;           // stem -> postings
        std::map<std::string, std::string> surface;  // folded word -> stem (typo lookup)
        double rare_idf = 0;                         // IDF of a term in exactly one passage
    };

    //! A scored passage and its rank key: score / self-match score, unclamped, rounded to 1e-9.
    //! Only the best k become Hits (a Hit copies the passage's text and its article's names).
    struct Ranked {
        std::int64_t relevance;
        PassageRef ref;
        double score;       //!< BM25F score
        double confidence;  //!< score / self-match score, at most 1
    };
    Hit MakeHit(const Ranked& r) const;

    void SearchPartition(const Partition& partition, std::string_view query,
                         std::vector<Ranked>& hits) const;
    //! SearchPartition over the whole query and over each of its sentences
    //! (text::SplitQuestions), each passage once, at its best.
    void SearchSentences(const Partition& partition, std::string_view query,
                         std::vector<Ranked>& hits) const;

    std::vector<Article> articles_;
    IndexOptions options_;
    std::vector<Partition> partitions_;  // sorted by lang
};

}  // namespace seam::kb
