// native/store/dialect.cpp — SQLite's dialect to PostgreSQL's, for Seam's own statements (see
// dialect.hpp). A small scanner: string literals, quoted names and comments are copied as they
// are; words and `?` in the code between them are rewritten.
#include "store/dialect.hpp"

#include <cctype>
#include <cstddef>

namespace seam::store {

namespace {

bool WordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool SameWord(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) !=
            std::toupper(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

class Translator {
  public:
    Translator(std::string_view sql, bool ddl) : sql_(sql), ddl_(ddl) {}

    std::string Run() {
        while (at_ < sql_.size()) {
            const char c = sql_[at_];
            if (c == '\'' || c == '"') {
                Quoted(c);
            } else if (c == '-' && Peek(1) == '-') {
                Until("\n");
            } else if (c == '/' && Peek(1) == '*') {
                Until("*/");
            } else if (c == '?') {
                Code("$" + std::to_string(++params_));
                ++at_;
            } else if (c == ';') {
                EndStatement();
                Code(";");
                params_ = 0;  // each statement numbers its own
                ++at_;
            } else if (WordChar(c)) {
                Word();
            } else {
                out_ += c;  // whitespace and punctuation
                if (!std::isspace(static_cast<unsigned char>(c))) code_end_ = out_.size();
                ++at_;
            }
        }
        EndStatement();
        return out_;
    }

  private:
    char Peek(std::size_t ahead) const {
        return at_ + ahead < sql_.size() ? sql_[at_ + ahead] : '\0';
    }

    void Code(const std::string& text) {
        out_ += text;
        code_end_ = out_.size();
    }

    // A literal or a quoted name, with its doubled quotes, copied whole.
    void Quoted(char quote) {
        std::size_t end = at_ + 1;
        while (end < sql_.size()) {
            if (sql_[end] == quote) {
                if (end + 1 < sql_.size() && sql_[end + 1] == quote) {
                    end += 2;
                    continue;
                }
                break;
            }
            ++end;
        }
        end = end < sql_.size() ? end + 1 : end;
        Code(std::string(sql_.substr(at_, end - at_)));
        at_ = end;
    }

    // A comment, copied up to and including `close`.
    void Until(std::string_view close) {
        const std::size_t found = sql_.find(close, at_ + 2);
        const std::size_t end =
            found == std::string_view::npos ? sql_.size() : found + close.size();
        out_.append(sql_.substr(at_, end - at_));
        at_ = end;
    }

    // The next word after `from` (skipping whitespace), and where it ends; "" when none.
    std::string_view NextWord(std::size_t from, std::size_t& end) const {
        std::size_t i = from;
        while (i < sql_.size() && std::isspace(static_cast<unsigned char>(sql_[i])))
            ++i;
        std::size_t j = i;
        while (j < sql_.size() && WordChar(sql_[j]))
            ++j;
        end = j;
        return sql_.substr(i, j - i);
    }

    void Word() {
        std::size_t end = at_;
        while (end < sql_.size() && WordChar(sql_[end]))
            ++end;
        const std::string_view word = sql_.substr(at_, end - at_);
        std::size_t e1 = 0, e2 = 0;
        if (SameWord(word, "INSERT")) {
            const std::string_view w1 = NextWord(end, e1);
            const std::string_view w2 = NextWord(e1, e2);
            if (SameWord(w1, "OR") && SameWord(w2, "IGNORE")) {
                Code("INSERT");
                on_conflict_ = true;
                at_ = e2;
                return;
            }
        } else if (SameWord(word, "BEGIN")) {
            if (SameWord(NextWord(end, e1), "IMMEDIATE")) {
                Code("BEGIN");
                at_ = e1;
                return;
            }
        } else if (SameWord(word, "GLOB")) {
            // Seam's glob patterns are literals and [...] classes, which SIMILAR TO reads alike.
            Code("SIMILAR TO");
            at_ = end;
            return;
        } else if (SameWord(word, "GROUP_CONCAT")) {
            Code("string_agg");  // Seam always names the separator: (x, ', ')
            at_ = end;
            return;
        } else if (SameWord(word, "RETURNING") && on_conflict_) {
            Code("ON CONFLICT DO NOTHING ");
            on_conflict_ = false;
        } else if (ddl_ && SameWord(word, "INTEGER")) {
            const std::string_view w1 = NextWord(end, e1);
            const std::string_view w2 = NextWord(e1, e2);
            if (SameWord(w1, "PRIMARY") && SameWord(w2, "KEY")) {
                Code("BIGSERIAL PRIMARY KEY");
                at_ = e2;
                return;
            }
            Code("BIGINT");
            at_ = end;
            return;
        } else if (ddl_ && SameWord(word, "REAL")) {
            Code("DOUBLE PRECISION");
            at_ = end;
            return;
        } else if (ddl_ && SameWord(word, "BLOB")) {
            Code("BYTEA");
            at_ = end;
            return;
        }
        Code(std::string(word));
        at_ = end;
    }

    // An INSERT OR IGNORE's conflict clause goes after the statement's last code, before any
    // trailing comment.
    void EndStatement() {
        if (!on_conflict_) return;
        out_.insert(code_end_, " ON CONFLICT DO NOTHING");
        code_end_ += 23;
        on_conflict_ = false;
    }

    std::string_view sql_;
    bool ddl_;
    std::size_t at_ = 0;
    std::string out_;
    std::size_t code_end_ = 0;  // in out_: just after the last code written
    int params_ = 0;
    bool on_conflict_ = false;
};

}  // namespace

std::string ToPostgres(std::string_view sql) {
    return Translator(sql, false).Run();
}

std::string DdlToPostgres(std::string_view sql) {
    return Translator(sql, true).Run();
}

}  // namespace seam::store
