// Reads article metadata from single lines of text: stand-alone date lines,
// bylines, URL lines; and maps URL hosts to publisher names. Used by the
// paragraph classifier (to recognise METADATA paragraphs) and the article
// parser (to fill metadata the caller did not give). Patterns are compiled
// once; every function is thread-safe.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_METADATA_READER_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_METADATA_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace claimtrace::provenance {

// A date line: a line that is a date, optionally with a time, a zone, a
// weekday, labels ("Published", "Updated", "on", "at") and a name or desk.
struct DateLine {
  absl::Time time;               // the instant; 00:00 UTC when the line has no time
  bool has_time_of_day = false;  // the line gave a time of day
  std::string byline;            // a name or desk beside the date ("News Desk"), or ""
};

// Reads `line` as a stand-alone date line, or nullopt when it is not one (no
// date, an impossible date, or other words besides labels and a name).
// Understood dates: "January 24, 2025", "Jan. 24, 2025", "24 January 2025",
// "2025-01-24", "2025/01/24", "24/01/2025" and "01/24/2025" when the day is
// over 12, ISO 8601 "2025-01-24T10:00:00Z" / "+05:30". Times: "01:26 PM",
// "1 p.m.", "13:26", "13:26:05"; zones: "Z", "+05:30", "UTC+8", "GMT-5" and
// common abbreviations (UTC, GMT, EST/EDT, ET with US daylight saving, CET,
// BST, IST = India, JST, ...). A time without a zone is UTC.
std::optional<DateLine> ParseDateLine(std::string_view line);

// Reads a byline line "By Jane Doe", "By Jane Doe and John Roe | Wire",
// "Written by ..." and returns the names ("Jane Doe"), or nullopt.
std::optional<std::string> ParseBylineLine(std::string_view line);

// True when `text` (trimmed) looks like a person's or desk's name list: up to
// ten words, capitalised except for connectors ("and", "de", "van", "the"),
// no digits and no sentence punctuation.
bool IsNameLike(std::string_view text);

// Reads a line that is only a URL: bare "https://…" or "<https://…>", a
// Markdown link "[label](https://…)", "[https://…]", or a labelled link
// "Source: https://…". Returns the http(s) URL (the link target), or nullopt.
std::optional<std::string> ParseUrlLine(std::string_view line);

// The first http(s) URL anywhere in `text`, trailing punctuation removed.
std::optional<std::string> FindFirstHttpUrl(std::string_view text);

// Lower-case host of an http(s) URL without user info and port, or "".
std::string UrlHost(std::string_view url);

// Maps URL hosts to publisher names ("technologyreview.com" ->
// "MIT Technology Review"). A host matches its own entry or that of any
// parent domain ("edition.cnn.com" -> "cnn.com").
class PublisherTable {
 public:
  // The table compiled in (same content as data/publisher_hosts.txt).
  static const PublisherTable& BuiltIn();
  // Parses the file format: one "domain  Publisher Name" per line (domain,
  // white space, name); blank lines and '#' comments ignored.
  // INVALID_ARGUMENT names the line number of a line without a name.
  static absl::StatusOr<PublisherTable> Parse(std::string_view file_text);
  // Reads and parses a file; NOT_FOUND when it cannot be read.
  static absl::StatusOr<PublisherTable> Load(const std::string& path);

  // The publisher for `host`: the table's name, else the host without a
  // leading "www." ("" for an empty host).
  std::string PublisherForHost(std::string_view host) const;
  std::size_t size() const { return names_by_domain_.size(); }

 private:
  std::unordered_map<std::string, std::string> names_by_domain_;
};

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_METADATA_READER_H_
