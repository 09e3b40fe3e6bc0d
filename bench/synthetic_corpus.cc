#include "bench/synthetic_corpus.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "claims_service/extraction/claim_extractor.h"

namespace claimtrace::bench {
namespace {

// Invented name parts. Combinations are ours; any likeness to a real firm
// is an accident of syllables.
constexpr const char* kOrgHeads[] = {"Nor", "Kel",  "Tam", "Vel", "Bra", "Cor", "Ard",
                                     "Mel", "Quin", "Sol", "Tor", "Wen", "Zan", "Ost",
                                     "Lum", "Hal",  "Dra", "Fen", "Gal", "Ivo"};
constexpr const char* kOrgMiddles[] = {"va", "bro", "ren", "dex", "mi",
                                       "lo", "ta",  "ker", "sin", "wo"};
constexpr const char* kOrgTails[] = {"nta", "ok", "ix", "ara", "ion", "el", "an", "is", "or", "um"};
constexpr const char* kOrgKinds[] = {
    "Systems", "Labs",          "Energy",    "Robotics",  "Therapeutics", "Motors",   "Foods",
    "Bank",    "Logistics",     "Networks",  "Materials", "Analytics",    "Airlines", "Mining",
    "Pharma",  "Semiconductor", "Insurance", "Holdings",  "Media",        "Biotech"};
constexpr const char* kFirstNames[] = {
    "Maya",   "Daniel", "Priya",  "Tomas", "Aisha",  "Liam",   "Sofia",  "Kenji",  "Elena",
    "Marcus", "Nadia",  "Oliver", "Grace", "Rafael", "Ingrid", "Samuel", "Leila",  "Victor",
    "Hana",   "Jonas",  "Amara",  "Felix", "Chloe",  "Mateo",  "Yara",   "Hugo",   "Zara",
    "Ethan",  "Mira",   "Caleb",  "Noor",  "Pavel",  "Iris",   "Dario",  "Esther", "Kofi",
    "Lena",   "Arjun",  "Rosa",   "Theo",  "Selin",  "Bruno",  "Alma",   "Idris",  "Clara",
    "Omar",   "Freya",  "Luca",   "Tessa", "Ravi",   "Greta",  "Milo",   "Anika",  "Joel",
    "Vera",   "Emil",   "Lucia",  "Soren", "Dalia",  "Quentin"};
constexpr const char* kLastNames[] = {
    "Okafor",  "Lindqvist", "Raman",     "Novak",     "Haddad",   "Brennan",  "Castillo", "Morita",
    "Petrova", "Ellery",    "Whitfield", "Adeyemi",   "Kowalski", "Sandoval", "Bergman",  "Achebe",
    "Takeda",  "Moreau",    "Osei",      "Varga",     "Delgado",  "Holm",     "Nakamura", "Quinlan",
    "Rossi",   "Sato",      "Farouk",    "Keller",    "Mendes",   "Iyer",     "Dubois",   "Kaplan",
    "Lund",    "Mwangi",    "Ortega",    "Park",      "Reyes",    "Strand",   "Tanaka",   "Ueda",
    "Vance",   "Walsh",     "Yilmaz",    "Zielinski", "Abbott",   "Bianchi",  "Cruz",     "Dahl",
    "Eze",     "Fischer",   "Gupta",     "Horvat",    "Ivanova",  "Jensen",   "Kumar",    "Laine",
    "Marsh",   "Nilsen",    "Oyelaran",  "Pereira"};
constexpr const char* kPlaceHeads[] = {"Port", "New",  "East",  "West",  "North",
                                       "Lake", "Fort", "Mount", "Saint", "Glen"};
constexpr const char* kPlaceBases[] = {"Aldwin",  "Brennick", "Calder",  "Dunmore",  "Elsby",
                                       "Farrow",  "Garston",  "Hollis",  "Irvale",   "Kesterly",
                                       "Larkin",  "Merrow",   "Norland", "Oakhurst", "Penmarsh",
                                       "Quarrin", "Rothby",   "Selwick", "Tarrow",   "Umberley"};
constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
constexpr const char* kRoles[] = {"chief executive", "chief financial officer", "head of research",
                                  "president", "chief operating officer"};
constexpr const char* kQuoteWords[] = {
    "growth", "demand",  "customers", "prices", "market", "costs",  "investment", "supply",
    "safety", "quality", "staff",     "plans",  "future", "output", "regulators", "partners"};
constexpr const char* kFillers[] = {
    "The announcement came amid a wider slowdown in the sector.",
    "Officials did not respond to requests for comment.",
    "Details of the agreement were not disclosed.",
    "The company has faced questions from regulators over its accounts.",
    "Rivals have struggled to match its pace in recent months.",
    "Investors had expected a weaker result after a difficult winter."};

template <typename T, size_t N>
constexpr size_t Count(const T (&)[N]) {
  return N;
}

template <typename T, size_t N>
const char* Pick(Rng& rng, const T (&items)[N]) {
  return items[rng.Below(N)];
}

std::string Slug(std::string_view name) {
  std::string slug;
  for (char c : name) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      slug.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

// "12,400" / "1,260,000".
std::string Grouped(std::int64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  const int lead = static_cast<int>(digits.size()) % 3;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (static_cast<int>(i) - lead) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// What a loader claim is about: predicate, kind of amount, statement.
struct PredicateShape {
  claims::ClaimKind kind;
  const char* predicate;
  const char* amount;     // money, percent, count, times; "" for others
  const char* unit;       // count noun for counts
  const char* template_;  // {s} subject, {q} amount, {d} date, {o} place
  const char* topic;      // a word of the statement users search for
};

constexpr PredicateShape kShapes[] = {
    {claims::ClaimKind::kQuantity, "revenue", "money", "", "{s} reported revenue of {q} (revenue).",
     "revenue"},
    {claims::ClaimKind::kQuantity, "funding_raised", "money", "",
     "{s} raised {q} in funding (funding_raised).", "funding"},
    {claims::ClaimKind::kQuantity, "valuation", "money", "", "{s} was valued at {q} (valuation).",
     "valued"},
    {claims::ClaimKind::kQuantity, "cost", "money", "", "{s} said the project cost {q} (cost).",
     "cost"},
    {claims::ClaimKind::kQuantity, "market_share", "percent", "",
     "{s} holds a market share of {q} (market_share).", "share"},
    {claims::ClaimKind::kQuantity, "increase", "percent", "",
     "{s} reported an increase of {q} (increase).", "increase"},
    {claims::ClaimKind::kQuantity, "employees", "count", "people", "{s} employs {q} (employees).",
     "employs"},
    {claims::ClaimKind::kQuantity, "users", "count", "users", "{s} has {q} (users).", "users"},
    {claims::ClaimKind::kQuantity, "layoffs", "count", "jobs", "{s} plans to cut {q} (layoffs).",
     "cut"},
    {claims::ClaimKind::kQuantity, "speed_multiplier", "times", "",
     "{s} said its system is {q} faster (speed_multiplier).", "faster"},
    {claims::ClaimKind::kDate, "founded", "", "", "{s} was founded in {d} (founded).", "founded"},
    {claims::ClaimKind::kDate, "launched", "", "", "{s} launched it in {d} (launched).",
     "launched"},
    {claims::ClaimKind::kLocation, "based_in", "", "", "{s} is based in {o} (based_in).", "based"},
    {claims::ClaimKind::kQuote, "said", "", "", "{s} said: \u201c{o}\u201d (quote).", "said"},
};
// Cumulative weights of kShapes (quantities most common).
constexpr int kShapeWeights[] = {14, 9, 7, 6, 8, 8, 9, 7, 5, 3, 8, 5, 6, 5};

const PredicateShape& DrawShape(Rng& rng) {
  static const int total = [] {
    int t = 0;
    for (int w : kShapeWeights) t += w;
    return t;
  }();
  int draw = static_cast<int>(rng.Below(total));
  for (size_t i = 0; i < Count(kShapes); ++i) {
    if (draw < kShapeWeights[i]) return kShapes[i];
    draw -= kShapeWeights[i];
  }
  return kShapes[0];
}

std::string AmountText(const claims::Quantity& q) {
  std::string number = q.value == std::floor(q.value) && std::fabs(q.value) < 1e15
                           ? Grouped(static_cast<std::int64_t>(q.value))
                           : absl::StrFormat("%.2f", q.value);
  std::string prefix;
  switch (q.bound) {
    case claims::Bound::kApproximate:
      prefix = "about ";
      break;
    case claims::Bound::kAtLeast:
      prefix = "at least ";
      break;
    case claims::Bound::kMoreThan:
      prefix = "more than ";
      break;
    case claims::Bound::kAtMost:
      prefix = "up to ";
      break;
    case claims::Bound::kLessThan:
      prefix = "less than ";
      break;
    default:
      break;
  }
  if (q.unit == "percent") return absl::StrCat(prefix, number, "%");
  if (q.unit == "times") return absl::StrCat(prefix, number, " times");
  return absl::StrCat(prefix, number, " ", q.unit);
}

}  // namespace

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t MixSeed(std::uint64_t a, std::uint64_t b) {
  Rng rng(a * 0x100000001B3ull ^ (b + 0x632BE59BD9B4E019ull));
  rng.Next();
  return rng.Next();
}

SyntheticCorpus::SyntheticCorpus(const CorpusOptions& options) : options_(options) {
  // Organisation names: a seeded walk over the name-part combinations, so
  // rank -> name differs between seeds but never repeats within one.
  const std::uint64_t combos =
      Count(kOrgHeads) * Count(kOrgMiddles) * Count(kOrgTails) * Count(kOrgKinds);
  const int n = static_cast<int>(std::min<std::uint64_t>(options_.organisations, combos));
  // A stride coprime with `combos` (40000 = 2^6 * 5^4) visits each once.
  std::uint64_t stride = (MixSeed(options_.seed, 1) % combos) | 1;
  while (stride % 5 == 0) stride += 2;
  std::uint64_t at = MixSeed(options_.seed, 2) % combos;
  organisations_.reserve(n);
  for (int i = 0; i < n; ++i) {
    std::uint64_t k = at;
    const auto kind = kOrgKinds[k % Count(kOrgKinds)];
    k /= Count(kOrgKinds);
    const auto tail = kOrgTails[k % Count(kOrgTails)];
    k /= Count(kOrgTails);
    const auto middle = kOrgMiddles[k % Count(kOrgMiddles)];
    k /= Count(kOrgMiddles);
    const auto head = kOrgHeads[k % Count(kOrgHeads)];
    organisations_.push_back(absl::StrCat(head, middle, tail, " ", kind));
    at = (at + stride) % combos;
  }
  // Zipf-like popularity, exponent 0.9.
  organisation_cdf_.resize(n);
  double total = 0;
  for (int r = 0; r < n; ++r) {
    total += 1.0 / std::pow(r + 1.0, 0.9);
    organisation_cdf_[r] = total;
  }
  for (double& c : organisation_cdf_) c /= total;
}

int SyntheticCorpus::DrawOrganisationRank(Rng& rng) const {
  const double u = static_cast<double>(rng.Next() >> 11) * 0x1.0p-53;
  const auto it = std::lower_bound(organisation_cdf_.begin(), organisation_cdf_.end(), u);
  return static_cast<int>(
      std::min<std::ptrdiff_t>(it - organisation_cdf_.begin(), organisation_cdf_.size() - 1));
}

claims::Entity SyntheticCorpus::Organisation(int rank) const {
  claims::Entity e;
  e.name = organisations_[rank];
  e.id = Slug(e.name);
  return e;
}

claims::Entity SyntheticCorpus::Person(int index) const {
  const std::uint64_t k = MixSeed(options_.seed ^ 0x5EED, static_cast<std::uint64_t>(index));
  claims::Entity e;
  e.name = absl::StrCat(kFirstNames[k % Count(kFirstNames)], " ",
                        kLastNames[(k >> 16) % Count(kLastNames)]);
  e.id = Slug(e.name);
  e.affiliation = organisations_[(k >> 32) % organisations_.size()];
  return e;
}

std::string SyntheticCorpus::Place(int index) const {
  const std::uint64_t k = static_cast<std::uint64_t>(index);
  return absl::StrCat(kPlaceHeads[k % Count(kPlaceHeads)], " ",
                      kPlaceBases[(k / Count(kPlaceHeads)) % Count(kPlaceBases)]);
}

claims::ClaimContent SyntheticCorpus::Claim(std::int64_t index) const {
  Rng rng(MixSeed(options_.seed, static_cast<std::uint64_t>(index)));
  const PredicateShape& shape = DrawShape(rng);
  claims::ClaimContent c;
  c.kind = shape.kind;
  c.subject = Organisation(DrawOrganisationRank(rng));
  c.predicate = std::string(shape.predicate);
  std::string statement(shape.template_);
  if (shape.kind == claims::ClaimKind::kQuantity) {
    claims::Quantity q;
    if (std::string_view(shape.amount) == "money") {
      static constexpr const char* kCurrencies[] = {"USD", "USD", "USD", "EUR", "GBP", "CNY"};
      q.unit = std::string(Pick(rng, kCurrencies));
      q.value = static_cast<double>(rng.Between(1000, 999999)) * std::pow(10.0, rng.Between(1, 5));
    } else if (std::string_view(shape.amount) == "percent") {
      q.unit = "percent";
      q.value = static_cast<double>(rng.Between(1, 9999)) / 100.0;
    } else if (std::string_view(shape.amount) == "times") {
      q.unit = "times";
      q.value = static_cast<double>(rng.Between(11, 500)) / 10.0;
    } else {
      q.unit = std::string(shape.unit);
      q.value = static_cast<double>(rng.Between(10, 999999));
    }
    const std::uint64_t b = rng.Below(10);
    q.bound = b < 6   ? claims::Bound::kExact
              : b < 8 ? claims::Bound::kApproximate
              : b < 9 ? claims::Bound::kMoreThan
                      : claims::Bound::kAtMost;
    q.upper_value = q.value;
    statement = absl::StrReplaceAll(statement, {{"{q}", AmountText(q)}});
    c.quantity = q;
  } else if (shape.kind == claims::ClaimKind::kDate) {
    claims::CalendarDate d;
    d.year = static_cast<int>(rng.Between(1950, 2025));
    d.month = static_cast<int>(rng.Between(1, 12));
    d.day = static_cast<int>(rng.Between(1, 28));
    d.precision = claims::DatePrecision::kDay;
    statement = absl::StrReplaceAll(
        statement, {{"{d}", absl::StrCat(kMonths[d.month - 1], " ", d.day, ", ", d.year)}});
    c.date = d;
  } else if (shape.kind == claims::ClaimKind::kLocation) {
    c.object.name = Place(static_cast<int>(rng.Below(200)));
    c.object.id = Slug(c.object.name);
    statement = absl::StrReplaceAll(statement, {{"{o}", c.object.name}});
  } else {
    std::string quote = "We will keep investing in";
    const int words = static_cast<int>(rng.Between(3, 6));
    for (int i = 0; i < words; ++i) absl::StrAppend(&quote, " ", Pick(rng, kQuoteWords));
    absl::StrAppend(&quote, " through ", rng.Between(2026, 2040));
    c.quote_text = quote;
    statement = absl::StrReplaceAll(statement, {{"{o}", quote}});
  }
  c.statement = absl::StrReplaceAll(statement, {{"{s}", c.subject.name}});
  return c;
}

std::string SyntheticCorpus::Article(std::int64_t index) const {
  Rng rng(MixSeed(options_.seed ^ 0xA471C1E, static_cast<std::uint64_t>(index)));
  const std::string org = organisations_[DrawOrganisationRank(rng)];
  const std::string rival = organisations_[DrawOrganisationRank(rng)];
  const claims::Entity boss = Person(static_cast<int>(rng.Below(options_.people)));
  const claims::Entity analyst = Person(static_cast<int>(rng.Below(options_.people)));
  const claims::Entity reporter = Person(static_cast<int>(rng.Below(options_.people)));
  const std::string city = Place(static_cast<int>(rng.Below(200)));
  const char* role = Pick(rng, kRoles);
  const std::int64_t year = rng.Between(2019, 2025);
  const std::int64_t month = rng.Between(1, 12);
  const std::int64_t day = rng.Between(1, 28);

  // Sentence makers; each draws its own numbers so articles differ.
  auto money = [&](const char* unit_word) {
    return absl::StrCat(rng.Between(2, 950), ".", rng.Between(1, 9), " ", unit_word);
  };
  std::vector<std::string> sentences = {
      absl::StrCat(org, " said on ", Pick(rng, kWeekdays), " that its revenue rose ",
                   rng.Between(2, 60), "% to $", money("million"), " in ", year - 1, "."),
      absl::StrCat("The company, which is based in ", city, ", employs about ",
                   Grouped(rng.Between(120, 90000)), " people."),
      absl::StrCat(org, " raised $", money("million"), " in a funding round led by ", rival,
                   ", according to ", boss.name, ", its ", role, "."),
      absl::StrCat("\u201cWe expect to ship more than ", Grouped(rng.Between(1000, 500000)),
                   " units this year,\u201d said ", boss.name, ", ", role, " of ", org, "."),
      absl::StrCat(org, " was founded in ", Pick(rng, kMonths), " ", rng.Between(1960, 2018),
                   " in ", city, "."),
      absl::StrCat("Shares of ", org, " fell ", rng.Between(2, 35), "% after the company cut its ",
                   "forecast for ", year, "."),
      absl::StrCat(analyst.name, ", an analyst at ", rival, ", estimated the market at roughly $",
                   money("billion"), "."),
      absl::StrCat("The new plant will cost up to \u20ac", money("million"), " and open in ",
                   year + rng.Between(1, 3), ", ", analyst.name, " said."),
      absl::StrCat(org, " has ", rng.Between(2, 90), " million users in ", rng.Between(3, 60),
                   " countries, the company said."),
      absl::StrCat("Analysts said ", org, " now holds a market share of ", rng.Between(3, 45),
                   " per cent, ahead of ", rival, "."),
      absl::StrCat(org, " plans to cut ", Grouped(rng.Between(50, 9000)), " jobs, or ",
                   rng.Between(2, 20), "% of its workforce, by the end of ", year, "."),
      absl::StrCat("Its latest system is ", rng.Between(2, 12), " times faster than the previous ",
                   "version, ", boss.name, " said \u2014 a claim ", rival, " disputes."),
      absl::StrCat("Last year the group paid \u00a3", money("million"), " for a stake of ",
                   rng.Between(5, 49), "% in ", rival, "."),
      absl::StrCat("Between ", Grouped(rng.Between(100, 900)), " and ",
                   Grouped(rng.Between(1000, 4000)), " workers could be affected, union leaders ",
                   "said on ", Pick(rng, kWeekdays), "."),
  };
  // Shuffle (Fisher-Yates) so paragraph contents vary between articles.
  for (size_t i = sentences.size() - 1; i > 0; --i) {
    std::swap(sentences[i], sentences[rng.Below(i + 1)]);
  }

  std::string text =
      absl::StrCat(org, " ", rng.Chance(0.5) ? "bets on growth" : "weighs its next move", " as ",
                   rival, " closes in\n");
  absl::StrAppend(&text, "By ", reporter.name, " | ", kMonths[month - 1], " ", day, ", ", year,
                  "\n\n");
  const int paragraphs = static_cast<int>(rng.Between(6, 9));
  size_t next = 0;
  for (int p = 0; p < paragraphs; ++p) {
    const int in_paragraph = static_cast<int>(rng.Between(2, 3));
    for (int s = 0; s < in_paragraph; ++s) {
      if (s > 0) text.push_back(' ');
      if (rng.Chance(0.15) || next >= sentences.size()) {
        absl::StrAppend(&text, Pick(rng, kFillers));
      } else {
        absl::StrAppend(&text, sentences[next]);
        ++next;
      }
    }
    text.append("\n\n");
  }
  absl::StrAppend(&text, "(Reporting by ", reporter.name, "; article ", index, ")\n");
  return text;
}

std::string SyntheticCorpus::ClaimId(std::int64_t index) const {
  return claims::ClaimId(Claim(index));
}

std::string SyntheticCorpus::SearchQuery(std::uint64_t draw) const {
  Rng rng(MixSeed(options_.seed ^ 0x5EA4C, draw));
  const std::string& name = organisations_[DrawOrganisationRank(rng)];
  const absl::string_view first_word(name.data(), name.find(' '));
  return absl::StrCat(first_word, " ", kShapes[rng.Below(Count(kShapes))].topic);
}

std::string SyntheticCorpus::LoaderArticleName(std::uint64_t seed, std::int64_t article_number) {
  return absl::StrFormat("articles/%016x",
                         MixSeed(seed ^ 0xA271C1E, static_cast<std::uint64_t>(article_number)));
}

std::vector<claims::ExtractedClaim> SyntheticCorpus::LoaderArticle(
    std::int64_t article_number) const {
  const int per_article = options_.claims_per_article;
  Rng rng(MixSeed(options_.seed ^ 0x10AD, static_cast<std::uint64_t>(article_number)));
  const claims::Entity publisher = Organisation(static_cast<int>(rng.Below(50)) + 100);
  std::vector<claims::ExtractedClaim> out;
  out.reserve(per_article + 2);
  auto add = [&](std::int64_t claim_index, int position) {
    claims::ExtractedClaim e;
    e.content = Claim(claim_index);
    e.mention.paragraph_index = position / 3;
    e.mention.start_offset = static_cast<size_t>(position % 3) * 120;
    e.mention.end_offset = e.mention.start_offset + 60;
    if (rng.Chance(0.6)) {
      e.mention.claimant = Person(static_cast<int>(rng.Below(options_.people)));
      e.mention.cue = "said";
    } else {
      e.mention.claimant = publisher;
    }
    e.mention.method = "synthetic-loader";
    out.push_back(std::move(e));
  };
  const std::int64_t first = article_number * per_article;
  for (int i = 0; i < per_article; ++i) add(first + i, i);
  if (first > 0) {
    add(static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(first))), per_article);
    add(static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(first))), per_article + 1);
  }
  return out;
}

absl::StatusOr<LoadProgress> LoadClaims(const SyntheticCorpus& corpus, claims::ClaimStore& store,
                                        std::int64_t first_article, std::int64_t target_claims) {
  const absl::Time start = absl::Now();
  LoadProgress progress;
  progress.next_article = first_article;
  absl::StatusOr<std::int64_t> count = store.CountClaims();
  if (!count.ok()) return count.status();
  progress.claims_in_store = *count;
  while (progress.claims_in_store < target_claims) {
    // Write whole batches, then recount (counting is an index scan).
    const std::int64_t missing = target_claims - progress.claims_in_store;
    const std::int64_t articles =
        std::max<std::int64_t>(1, (missing + corpus.options().claims_per_article - 1) /
                                      corpus.options().claims_per_article);
    for (std::int64_t a = 0; a < articles; ++a, ++progress.next_article) {
      absl::StatusOr<std::vector<claims::StoredClaim>> stored = store.RecordArticleClaims(
          SyntheticCorpus::LoaderArticleName(corpus.options().seed, progress.next_article),
          corpus.LoaderArticle(progress.next_article));
      if (!stored.ok()) return stored.status();
    }
    count = store.CountClaims();
    if (!count.ok()) return count.status();
    progress.claims_in_store = *count;
  }
  progress.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return progress;
}

}  // namespace claimtrace::bench
