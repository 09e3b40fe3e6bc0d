#include "common/list_filter.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"
#include "common/status_util.h"

namespace claimtrace::common {
namespace {

constexpr size_t kMaxFilterLength = 2048;

class FilterLexer {
 public:
  explicit FilterLexer(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }
  size_t pos() const { return pos_; }

  // Identifier: letters, digits, '_' and '.'.
  std::string Word() {
    SkipSpace();
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
            text_[pos_] == '.' || text_[pos_] == '-')) {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string Operator() {
    SkipSpace();
    static const char* kOps[] = {"!=", "<=", ">=", "=", "<", ">"};
    for (const char* op : kOps) {
      const std::string_view candidate(op);
      if (text_.substr(pos_, candidate.size()) == candidate) {
        pos_ += candidate.size();
        return std::string(candidate);
      }
    }
    return "";
  }

  absl::StatusOr<std::string> Value() {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const size_t start = pos_++;
      std::string value;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
        value.push_back(text_[pos_++]);
      }
      if (pos_ >= text_.size()) {
        return FieldViolation("filter", absl::StrCat("unterminated string at position ", start));
      }
      ++pos_;
      return value;
    }
    std::string word = Word();
    if (word.empty()) {
      return FieldViolation("filter", absl::StrCat("expected a value at position ", pos_));
    }
    return word;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<FilterTerm>> ParseListFilter(std::string_view filter,
                                                        const std::vector<FilterField>& fields) {
  if (filter.size() > kMaxFilterLength) {
    return FieldViolation("filter", absl::StrCat("longer than ", kMaxFilterLength, " bytes"));
  }
  std::vector<FilterTerm> terms;
  FilterLexer lexer(filter);
  while (!lexer.AtEnd()) {
    if (!terms.empty()) {
      const size_t at = lexer.pos();
      if (lexer.Word() != "AND") {
        return FieldViolation("filter", absl::StrCat("expected AND at position ", at));
      }
    }
    const size_t field_at = (lexer.SkipSpace(), lexer.pos());
    FilterTerm term;
    term.field = lexer.Word();
    const auto field = std::find_if(fields.begin(), fields.end(),
                                    [&](const FilterField& f) { return f.name == term.field; });
    if (field == fields.end()) {
      std::string known;
      for (const FilterField& f : fields)
        absl::StrAppend(&known, known.empty() ? "" : ", ", f.name);
      return FieldViolation(
          "filter", absl::StrCat("unknown field \"", term.field, "\" at position ", field_at,
                                 " (known: ", known, ")"));
    }
    term.op = lexer.Operator();
    if (std::find(field->ops.begin(), field->ops.end(), term.op) == field->ops.end()) {
      return FieldViolation("filter", absl::StrCat("field ", term.field,
                                                   " does not take operator \"", term.op, "\""));
    }
    CLAIMTRACE_ASSIGN_OR_RETURN(term.value, lexer.Value());
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace claimtrace::common
