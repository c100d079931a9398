// shared/src/kb/index.cpp — BM25F over passages, typo matching and the confidence ratio (see
// index.hpp for the model and why it is built this way).
//
// Index of this file
//   [SECTION] Analysis: fields to terms, surface words for typo lookup
//   [SECTION] Typos: bounded edit distance
//   [SECTION] Build
//   [SECTION] Search
#include "seam/kb/index.hpp"

#include <algorithm>
#include <cmath>

#include "seam/core/det_math.hpp"
#include "seam/text/chatter.hpp"
#include "seam/text/spelling.hpp"
#include "seam/text/tokenize.hpp"
#include "seam/text/utf8.hpp"

namespace seam::kb {

namespace {

// [SECTION] Analysis: fields to terms, surface words for typo lookup

//! Words longer than this (in code points) are never typo-matched: real words are shorter, and
//! the edit-distance table stays small whatever a customer pastes.
constexpr std::size_t kMaxTypoWordChars = 32;
constexpr std::size_t kMinTypoWordChars = 4;

//! Sentences of one message searched on their own (the whole message always is): enough for
//! any real message, and a bound on the work a pasted wall of text can cause.
constexpr std::size_t kMaxSentences = 8;

//! Ranking and reported numbers are rounded to this many units per 1.0, so that a difference in
//! the last bit of a double can never reorder hits or change what is printed.
constexpr double kQuantum = 1e9;

std::int64_t Quantize(double x) {
    return std::llround(x * kQuantum);
}

// Term counts of one field, plus each folded surface word seen (for typo lookup).
class Analyzer {
  public:
    Analyzer(text::Language language, std::map<std::string, std::string>* surface)
        : language_(language), surface_(surface) {}

    //! Terms of `text` (stop words and numbers dropped, the rest stemmed) with their counts;
    //! `length` gets the number of terms. Numbers are left out: in questions they are order
    //! numbers, amounts and dates, which say nothing about the topic (and an article's example
    //! order number must not attract every customer who quotes theirs).
    std::map<std::string, int> Count(std::string_view text, int* length) const {
        std::map<std::string, int> counts;
        int n = 0;
        for (const text::Token& t : text::Tokenize(text)) {
            if (t.kind != text::TokenKind::kWord || text::IsStopWord(t.norm, language_)) continue;
            std::string stem = text::Stem(t.norm, language_);
            if (surface_) (*surface_)[t.norm] = stem;
            ++counts[stem];
            ++n;
        }
        if (length) *length = n;
        return counts;
    }

  private:
    text::Language language_;
    std::map<std::string, std::string>* surface_;
};

// Markdown link targets ("[label](/help/x)") are addresses, not words of the answer.
std::string WithoutLinkTargets(std::string_view markdown) {
    std::string out;
    out.reserve(markdown.size());
    for (std::size_t i = 0; i < markdown.size(); ++i) {
        if (markdown[i] == ']' && i + 1 < markdown.size() && markdown[i + 1] == '(') {
            const std::size_t close = markdown.find(')', i + 2);
            if (close != std::string_view::npos) {
                out += ' ';
                i = close;
                continue;
            }
        }
        out += markdown[i];
    }
    return out;
}

// [SECTION] Typos: bounded edit distance

// Optimal-string-alignment distance (Levenshtein plus adjacent swaps), or budget + 1 as soon as
// it must exceed `budget`.
int BoundedEditDistance(const std::u32string& a, const std::u32string& b, int budget) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    const int over = budget + 1;
    if ((n > m ? n - m : m - n) > static_cast<std::size_t>(budget)) return over;
    std::vector<int> before(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j)
        prev[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<int>(i);
        int row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d = std::min(d, before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = std::min(row_min, d);
        }
        if (row_min > budget) return over;
        before.swap(prev);
        prev.swap(cur);
    }
    return std::min(prev[m], over);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

}  // namespace

// [SECTION] Build

Result<Index> Index::Build(std::vector<Article> articles, const IndexOptions& options) {
    Index index;
    index.options_ = options;
    std::map<std::string, std::vector<std::uint32_t>> by_lang;
    std::map<std::string, std::size_t> seen;  // "lang/id" -> article position
    for (std::size_t i = 0; i < articles.size(); ++i) {
        Article& a = articles[i];
        const std::string where = "article #" + std::to_string(i + 1) + " ('" + a.id + "')";
        a.lang = text::PrimaryLanguageTag(a.lang);
        if (a.id.empty()) return Error::Make("seam.kb.bad_article", where + " has no id");
        if (a.lang.size() < 2 || a.lang.size() > 3) {
            return Error::Make("seam.kb.bad_article", where + " has no language tag");
        }
        if (a.passages.empty()) {
            return Error::Make("seam.kb.bad_article", where + " has no passages");
        }
        const std::string key = a.lang + "/" + a.id;
        const auto [it, inserted] = seen.emplace(key, i);
        if (!inserted) {
            return Error::Make("seam.kb.duplicate_id",
                               "articles #" + std::to_string(it->second + 1) + " and #" +
                                   std::to_string(i + 1) + " both have id '" + a.id +
                                   "' in language '" + a.lang + "'");
        }
        by_lang[a.lang].push_back(static_cast<std::uint32_t>(i));
    }

    const double field_weights[] = {options.heading_weight, options.title_weight,
                                    options.tags_weight};
    for (const auto& [lang, members] : by_lang) {
        Partition p;
        p.lang = lang;
        p.language = text::LanguageFromCode(lang);
        const Analyzer analyzer(p.language, &p.surface);

        // Per passage: counts in the three short fields and in the text, and the text length.
        struct Counts {
            std::map<std::string, int> fields[3];
            std::map<std::string, int> text;
            int text_length = 0;
        };
        std::vector<Counts> counts;
        double total_length = 0;
        for (std::uint32_t ai : members) {
            const Article& a = articles[ai];
            std::string tags;
            for (const std::string& t : a.tags)
                tags += t + " ";
            const std::map<std::string, int> title = analyzer.Count(a.title, nullptr);
            const std::map<std::string, int> tag_counts = analyzer.Count(tags, nullptr);
            for (std::size_t pi = 0; pi < a.passages.size(); ++pi) {
                Counts c;
                c.fields[0] = analyzer.Count(a.passages[pi].heading, nullptr);
                c.fields[1] = title;
                c.fields[2] = tag_counts;
                c.text = analyzer.Count(WithoutLinkTargets(a.passages[pi].text), &c.text_length);
                total_length += c.text_length;
                counts.push_back(std::move(c));
                p.passages.push_back({ai, static_cast<std::uint32_t>(pi)});
            }
        }

        const double n = static_cast<double>(counts.size());
        const double average_length = total_length > 0 ? total_length / n : 1.0;
        for (std::uint32_t pi = 0; pi < counts.size(); ++pi) {
            const Counts& c = counts[pi];
            std::map<std::string, double> tf;
            for (int f = 0; f < 3; ++f) {
                for (const auto& [term, count] : c.fields[f])
                    tf[term] += field_weights[f] * count;
            }
            const double norm = 1.0 - options.b + options.b * (c.text_length / average_length);
            for (const auto& [term, count] : c.text) {
                tf[term] += options.text_weight * count / norm;
            }
            for (const auto& [term, value] : tf)
                p.terms[term].postings.push_back({pi, value});
        }
        // BM25's IDF, through DetLog so that native and WASM builds agree to the last bit.
        for (auto& [term, t] : p.terms) {
            const double df = static_cast<double>(t.postings.size());
            t.idf = DetLog(1.0 + (n - df + 0.5) / (df + 0.5));
        }
        p.rare_idf = DetLog(1.0 + (n - 1.0 + 0.5) / (1.0 + 0.5));
        index.partitions_.push_back(std::move(p));
    }
    index.articles_ = std::move(articles);
    return index;
}

std::vector<std::string> Index::Languages() const {
    std::vector<std::string> langs;
    for (const Partition& p : partitions_)
        langs.push_back(p.lang);
    return langs;
}

std::size_t Index::PassageCount() const {
    std::size_t n = 0;
    for (const Partition& p : partitions_)
        n += p.passages.size();
    return n;
}

// [SECTION] Search

void Index::SearchPartition(const Partition& partition, std::string_view query,
                            std::vector<Ranked>& hits) const {
    const IndexOptions& o = options_;
    // The ideal passage holds each term once in heading, title and text (average length).
    const double ideal_tf = o.heading_weight + o.title_weight + o.text_weight;
    const double ideal = ideal_tf / (o.k1 + ideal_tf);

    struct QueryTerm {
        const Term* term;
        double weight;
        bool topic;  // not a question word
    };
    std::vector<QueryTerm> matched;
    std::vector<std::string> seen;  // stems already counted (at most max_query_terms)
    double self_question = 0;       // self-match of question words ("when", "donde")
    double self_topic = 0;          // self-match of every other word, known or not
    bool topic_matched = false;
    auto first_time = [&seen](const std::string& stem) {
        if (std::find(seen.begin(), seen.end(), stem) != seen.end()) return false;
        seen.push_back(stem);
        return true;
    };

    // What the customer meant to write, without the chatter around it (see text/spelling.hpp,
    // text/chatter.hpp): "hi, quick question, hw long do refnds take? thx" is read as "long
    // refunds take", so greetings and fillers neither match passages nor count as unknown words.
    const std::string asked = text::StripChatter(
        text::FixSpelling(text::TruncateUtf8(query, o.max_query_bytes), partition.language),
        partition.language);
    for (const text::Token& t : text::Tokenize(asked)) {
        if (seen.size() >= o.max_query_terms) break;
        if (t.kind != text::TokenKind::kWord || text::IsStopWord(t.norm, partition.language)) {
            continue;  // numbers are not indexed either (see Analyzer::Count)
        }
        const std::string stem = text::Stem(t.norm, partition.language);
        if (!first_time(stem)) continue;

        const auto exact = partition.terms.find(stem);
        if (exact != partition.terms.end()) {
            const bool question = text::IsQuestionWord(t.norm, partition.language);
            matched.push_back({&exact->second, 1.0, !question});
            if (question) {
                self_question += exact->second.idf * ideal;
            } else {
                self_topic += exact->second.idf * ideal;
                topic_matched = true;
            }
            continue;
        }

        // A typo? The closest known word with the same first letter, within the budget; ties go
        // to the more common word, then to the first in byte order (map order).
        const std::u32string cps = text::DecodeUtf8(t.norm);
        const std::string* best_surface = nullptr;
        const std::string* best_stem = nullptr;
        int best_distance = 0;
        std::size_t best_df = 0;
        if (cps.size() >= kMinTypoWordChars && cps.size() <= kMaxTypoWordChars) {
            const int budget = cps.size() >= 8 ? 2 : 1;
            const std::string first = text::EncodeUtf8(cps[0]);
            for (auto it = partition.surface.lower_bound(first);
                 it != partition.surface.end() && StartsWith(it->first, first); ++it) {
                const int d = BoundedEditDistance(cps, text::DecodeUtf8(it->first), budget);
                if (d > budget) continue;
                const auto known = partition.terms.find(it->second);
                // Cannot happen (every surface word's stem is indexed), but never abort on it.
                if (known == partition.terms.end()) continue;
                const std::size_t df = known->second.postings.size();
                if (!best_stem || d < best_distance || (d == best_distance && df > best_df)) {
                    best_surface = &it->first;
                    best_stem = &it->second;
                    best_distance = d;
                    best_df = df;
                }
            }
        }
        if (best_stem) {
            if (!first_time(*best_stem)) continue;  // the corrected word was already asked
            const Term& term = partition.terms.find(*best_stem)->second;  // found above
            const bool question = text::IsQuestionWord(*best_surface, partition.language);
            matched.push_back(
                {&term, best_distance == 1 ? o.typo_weight_1 : o.typo_weight_2, !question});
            if (question) {
                self_question += term.idf * ideal;
            } else {
                self_topic += term.idf * ideal;
                topic_matched = true;
            }
        } else {
            // Nothing here speaks of it: evidence that the question is about something else.
            self_topic += o.unknown_word_weight * partition.rare_idf * ideal;
        }
    }
    // Question words alone ("how?", "when") name no topic: nothing to answer.
    if (!topic_matched) return;
    // The question must say at least as much as one rare word: "refund" alone (a word in many
    // passages) matches a dozen passages about equally and answers none of them, while "when
    // will I get my refund" picks one out.
    const double self_score =
        std::max(self_question + self_topic, o.self_match_floor * partition.rare_idf * ideal);

    std::vector<double> scores(partition.passages.size(), 0.0);
    std::vector<char> on_topic(partition.passages.size(), 0);
    for (const QueryTerm& q : matched) {
        for (const Posting& p : q.term->postings) {
            scores[p.passage] += q.weight * q.term->idf * (p.tf / (o.k1 + p.tf));
            if (q.topic) on_topic[p.passage] = 1;
        }
    }
    for (std::size_t i = 0; i < scores.size(); ++i) {
        // A passage that shares only question words with the message ("how", "cuánto") is not
        // about what was asked, however well they match its heading.
        if (!(scores[i] > 0) || !on_topic[i]) continue;
        const double ratio = scores[i] / self_score;
        hits.push_back({Quantize(ratio), partition.passages[i],
                        static_cast<double>(Quantize(scores[i])) / kQuantum,
                        static_cast<double>(Quantize(std::min(1.0, ratio))) / kQuantum});
    }
}

void Index::SearchSentences(const Partition& partition, std::string_view query,
                            std::vector<Ranked>& hits) const {
    const std::string_view read = text::TruncateUtf8(query, options_.max_query_bytes);
    std::vector<Ranked> found;
    SearchPartition(partition, read, found);
    const std::vector<std::string> sentences = text::SplitQuestions(read, partition.language);
    if (sentences.size() > 1) {
        // A passage that answers one question of the message answers the message: "can I return
        // a gift without the receipt? it's for my sister" is as answerable as its question.
        // Each passage keeps its best confidence over the whole message and its sentences.
        // Only sentences that ask something: "looking for a job at Larchwood" alone is not a
        // question about Larchwood's statements.
        for (std::size_t i = 0; i < sentences.size() && i < kMaxSentences; ++i) {
            if (text::LooksLikeQuestion(sentences[i], partition.language)) {
                SearchPartition(partition, sentences[i], found);
            }
        }
        const auto same_passage_best_first = [](const Ranked& a, const Ranked& b) {
            if (a.ref.article != b.ref.article) return a.ref.article < b.ref.article;
            if (a.ref.passage != b.ref.passage) return a.ref.passage < b.ref.passage;
            return a.relevance > b.relevance;
        };
        std::sort(found.begin(), found.end(), same_passage_best_first);
        const auto same = [](const Ranked& a, const Ranked& b) {
            return a.ref.article == b.ref.article && a.ref.passage == b.ref.passage;
        };
        found.erase(std::unique(found.begin(), found.end(), same), found.end());
    }
    hits.insert(hits.end(), found.begin(), found.end());
}

SearchResult Index::Search(std::string_view query, std::string_view lang, std::size_t k) const {
    SearchResult result;
    if (k == 0 || partitions_.empty()) return result;
    const std::string tag = text::PrimaryLanguageTag(lang);
    const Partition* only = nullptr;
    for (const Partition& p : partitions_) {
        if (p.lang == tag) only = &p;
    }
    std::vector<Ranked> ranked;
    if (only) {
        SearchSentences(*only, query, ranked);
    } else {
        result.fallback = true;
        for (const Partition& p : partitions_)
            SearchSentences(p, query, ranked);
    }
    const auto better = [this](const Ranked& a, const Ranked& b) {
        if (a.relevance != b.relevance) return a.relevance > b.relevance;
        const Article& x = articles_[a.ref.article];
        const Article& y = articles_[b.ref.article];
        if (x.id != y.id) return x.id < y.id;
        if (x.lang != y.lang) return x.lang < y.lang;
        return a.ref.passage < b.ref.passage;
    };
    const std::size_t kept = std::min(k, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept),
                      ranked.end(), better);
    result.hits.reserve(kept);
    for (std::size_t i = 0; i < kept; ++i)
        result.hits.push_back(MakeHit(ranked[i]));
    result.answerable = Answerable(result.hits);
    return result;
}

Hit Index::MakeHit(const Ranked& r) const {
    const Article& a = articles_[r.ref.article];
    const Passage& passage = a.passages[r.ref.passage];
    Hit hit;
    hit.article_id = a.id;
    hit.title = a.title;
    hit.lang = a.lang;
    hit.url = a.url;
    hit.heading = passage.heading;
    hit.anchor = passage.anchor;
    hit.text = passage.text;
    hit.passage_index = r.ref.passage;
    hit.score = r.score;
    hit.confidence = r.confidence;
    return hit;
}

bool Index::Answerable(const std::vector<Hit>& hits) const {
    return !hits.empty() && Quantize(hits[0].confidence) >= Quantize(options_.min_confidence);
}

}  // namespace seam::kb
