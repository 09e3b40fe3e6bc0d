#include "claims_service/extraction/paragraph_analysis.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/number_parser.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {
namespace {

const WordSet& ReportingVerbs() {
  static const auto* const kSet = new WordSet{
      "said",         "says",         "say",        "told",       "tells",     "estimates",
      "estimated",    "estimate",     "claims",     "claimed",    "claim",     "wrote",
      "writes",       "reported",     "reports",    "noted",      "notes",     "argued",
      "argues",       "added",        "adds",       "stated",     "states",    "explained",
      "explains",     "believes",     "believed",   "thinks",     "announced", "announces",
      "predicted",    "predicts",     "warned",     "warns",      "insisted",  "insists",
      "acknowledged", "acknowledges", "admitted",   "admits",     "confirmed", "confirms",
      "suggested",    "suggests",     "tweeted",    "posted",     "projected", "projects",
      "forecast",     "forecasts",    "revealed",   "reveals",    "disclosed", "discloses",
      "maintained",   "maintains",    "contended",  "contends",   "asserted",  "asserts",
      "observed",     "recalled",     "emphasised", "emphasized", "stressed",  "concluded",
      "testified",    "calculated",   "calculates", "reckons",    "reckoned",  "boasted",
      "boasts",       "countered",    "cautioned",  "conceded",   "replied",   "responded",
      "alleged",      "alleges",      "expects",    "called",     "described", "calls",
      "blamed",       "blames",       "cited",      "cites",      "describes", "shows",
      "showed",       "found",        "finds",      "estimate",   "argue",     "warn",
      "predict",      "believe",      "note",       "report"};
  return *kSet;
}

const WordSet& RoleWords() {
  static const auto* const kSet = new WordSet{"ceo",
                                              "cfo",
                                              "cto",
                                              "coo",
                                              "cio",
                                              "chairman",
                                              "chairwoman",
                                              "chair",
                                              "president",
                                              "founder",
                                              "co-founder",
                                              "cofounder",
                                              "director",
                                              "professor",
                                              "prof",
                                              "analyst",
                                              "analysts",
                                              "economist",
                                              "economists",
                                              "researcher",
                                              "researchers",
                                              "scientist",
                                              "scientists",
                                              "spokesperson",
                                              "spokesman",
                                              "spokeswoman",
                                              "minister",
                                              "secretary",
                                              "senator",
                                              "governor",
                                              "mayor",
                                              "chief",
                                              "executive",
                                              "head",
                                              "partner",
                                              "strategist",
                                              "engineer",
                                              "investor",
                                              "lawyer",
                                              "editor",
                                              "reporter",
                                              "correspondent",
                                              "fellow",
                                              "official",
                                              "adviser",
                                              "advisor",
                                              "manager",
                                              "vp",
                                              "leader",
                                              "commissioner",
                                              "ambassador",
                                              "representative",
                                              "chancellor",
                                              "premier",
                                              "judge",
                                              "attorney",
                                              "author",
                                              "alumnus",
                                              "alumna",
                                              "student",
                                              "employee",
                                              "entrepreneur",
                                              "expert",
                                              "lecturer",
                                              "dean",
                                              "owner",
                                              "boss",
                                              "trader",
                                              "consultant",
                                              "historian",
                                              "journalist",
                                              "columnist",
                                              "principal",
                                              "officer",
                                              "lawmaker",
                                              "congressman",
                                              "congresswoman",
                                              "deputy",
                                              "general",
                                              "colonel",
                                              "captain",
                                              "chairperson",
                                              "treasurer",
                                              "vice",
                                              "coach",
                                              "inventor",
                                              "designer",
                                              "developer",
                                              "physician",
                                              "doctor",
                                              "striker",
                                              "midfielder",
                                              "defender",
                                              "goalkeeper",
                                              "winger",
                                              "forward",
                                              "player",
                                              "negotiator",
                                              "spokesperson",
                                              "chair",
                                              "nurse",
                                              "farmer",
                                              "campaigner",
                                              "activist",
                                              "founder",
                                              "president",
                                              "mp",
                                              "councillor",
                                              "superintendent",
                                              "inspector",
                                              "sergeant",
                                              "detective",
                                              "counsel",
                                              "economist"};
  return *kSet;
}

const WordSet& Prepositions() {
  static const auto* const kSet = new WordSet{
      "in",     "of",      "at",      "for",    "from",      "by",     "to",      "on",
      "with",   "about",   "than",    "like",   "including", "as",     "into",    "against",
      "over",   "under",   "between", "among",  "behind",    "versus", "vs",      "via",
      "per",    "without", "within",  "across", "through",   "toward", "towards", "despite",
      "unlike", "amid",    "upon",    "onto",   "beyond",    "inside", "outside", "near"};
  return *kSet;
}

// Capitalised words that are not names on their own.
const WordSet& NonNameWords() {
  static const auto* const kSet = new WordSet{"the",
                                              "a",
                                              "an",
                                              "this",
                                              "that",
                                              "these",
                                              "those",
                                              "it",
                                              "its",
                                              "he",
                                              "she",
                                              "they",
                                              "we",
                                              "i",
                                              "you",
                                              "his",
                                              "her",
                                              "their",
                                              "our",
                                              "my",
                                              "but",
                                              "and",
                                              "or",
                                              "so",
                                              "yet",
                                              "in",
                                              "on",
                                              "at",
                                              "for",
                                              "from",
                                              "with",
                                              "by",
                                              "as",
                                              "if",
                                              "when",
                                              "while",
                                              "after",
                                              "before",
                                              "since",
                                              "although",
                                              "though",
                                              "however",
                                              "meanwhile",
                                              "still",
                                              "also",
                                              "then",
                                              "there",
                                              "here",
                                              "what",
                                              "why",
                                              "how",
                                              "who",
                                              "where",
                                              "which",
                                              "some",
                                              "many",
                                              "most",
                                              "such",
                                              "other",
                                              "another",
                                              "each",
                                              "every",
                                              "all",
                                              "both",
                                              "no",
                                              "not",
                                              "despite",
                                              "instead",
                                              "now",
                                              "last",
                                              "next",
                                              "today",
                                              "yesterday",
                                              "earlier",
                                              "later",
                                              "under",
                                              "over",
                                              "during",
                                              "until",
                                              "unlike",
                                              "like",
                                              "among",
                                              "several",
                                              "few",
                                              "more",
                                              "less",
                                              "according",
                                              "to",
                                              "of",
                                              "about",
                                              "rather",
                                              "long",
                                              "even",
                                              "just",
                                              "only",
                                              "because",
                                              "once",
                                              "whether",
                                              "photo",
                                              "image",
                                              "listen",
                                              "read",
                                              "advertisement",
                                              "related",
                                              "comments",
                                              "share",
                                              "updated",
                                              "published",
                                              "source",
                                              "watch",
                                              "see",
                                              "click",
                                              "mr",
                                              "mrs",
                                              "ms",
                                              "dr",
                                              "prof",
                                              "sir",
                                              "dame",
                                              "january",
                                              "february",
                                              "march",
                                              "april",
                                              "may",
                                              "june",
                                              "july",
                                              "august",
                                              "september",
                                              "october",
                                              "november",
                                              "december",
                                              "jan",
                                              "feb",
                                              "mar",
                                              "apr",
                                              "jun",
                                              "jul",
                                              "aug",
                                              "sep",
                                              "sept",
                                              "oct",
                                              "nov",
                                              "dec",
                                              "monday",
                                              "tuesday",
                                              "wednesday",
                                              "thursday",
                                              "friday",
                                              "saturday",
                                              "sunday",
                                              "american",
                                              "chinese",
                                              "european",
                                              "british",
                                              "japanese",
                                              "korean",
                                              "indian",
                                              "german",
                                              "french",
                                              "russian",
                                              "western",
                                              "eastern",
                                              "asian",
                                              "african",
                                              "canadian",
                                              "australian",
                                              "italian",
                                              "spanish",
                                              "israeli",
                                              "iranian",
                                              "ukrainian",
                                              "taiwanese",
                                              "global",
                                              "international",
                                              "portuguese",
                                              "dutch",
                                              "swiss",
                                              "brazilian",
                                              "mexican",
                                              "scottish",
                                              "irish",
                                              "welsh",
                                              "english",
                                              "polish",
                                              "swedish",
                                              "norwegian",
                                              "danish",
                                              "finnish",
                                              "belgian",
                                              "austrian",
                                              "greek",
                                              "turkish",
                                              "emirati",
                                              "egyptian",
                                              "nigerian",
                                              "kenyan",
                                              "vietnamese",
                                              "thai",
                                              "indonesian",
                                              "malaysian",
                                              "filipino",
                                              "pakistani",
                                              "argentine",
                                              "chilean",
                                              "peruvian",
                                              "colombian",
                                              "cuban",
                                              "czech",
                                              "hungarian",
                                              "romanian",
                                              "arab",
                                              "nordic",
                                              "scandinavian",
                                              "latin",
                                              "hispanic",
                                              "singaporean",
                                              "national",
                                              "federal",
                                              "new",
                                              "north",
                                              "south",
                                              "east",
                                              "west",
                                              "northern",
                                              "southern",
                                              "ai",
                                              "agi",
                                              "llm",
                                              "llms",
                                              "gpu",
                                              "gpus",
                                              "cpu",
                                              "cpus",
                                              "ceo",
                                              "cfo",
                                              "cto",
                                              "coo",
                                              "ipo",
                                              "gdp",
                                              "phd",
                                              "api",
                                              "apis",
                                              "ml",
                                              "tv",
                                              "pc",
                                              "pcs",
                                              "ev",
                                              "evs",
                                              "covid",
                                              "covid-19",
                                              "nlp",
                                              "r&d",
                                              "ar",
                                              "vr",
                                              "ok",
                                              "faq",
                                              "pm",
                                              "am",
                                              "utc",
                                              "gmt",
                                              "est",
                                              "pst",
                                              "moe",
                                              "yes",
                                              "please",
                                              "breaking",
                                              "exclusive",
                                              "opinion",
                                              "analysis",
                                              "update",
                                              "live",
                                              "video",
                                              "chapter",
                                              "section",
                                              "part",
                                              "step",
                                              "figure",
                                              "table",
                                              "note",
                                              "hide",
                                              "show",
                                              "more",
                                              "menu",
                                              "home",
                                              "subscribe",
                                              "sign",
                                              "president",
                                              "chief",
                                              "executive",
                                              "minister",
                                              "secretary",
                                              "professor",
                                              "director",
                                              "chairman",
                                              "founder",
                                              "senator",
                                              "governor",
                                              "general",
                                              "deputy",
                                              "vice"};
  return *kSet;
}

// Words that never start a name even inside organisation names.
const WordSet& FunctionWords() {
  static const auto* const kSet = new WordSet{
      "the",   "a",      "an",    "this",    "that",      "these", "those", "its",   "his",
      "her",   "their",  "our",   "and",     "or",        "but",   "in",    "on",    "at",
      "for",   "from",   "with",  "by",      "as",        "of",    "to",    "while", "when",
      "after", "before", "since", "despite", "according", "like",  "under"};
  return *kSet;
}

const WordSet& OrgKeywords() {
  static const auto* const kSet = new WordSet{"inc",
                                              "corp",
                                              "corporation",
                                              "co",
                                              "company",
                                              "group",
                                              "holdings",
                                              "technologies",
                                              "technology",
                                              "labs",
                                              "capital",
                                              "partners",
                                              "ventures",
                                              "systems",
                                              "motors",
                                              "airlines",
                                              "energy",
                                              "pharmaceuticals",
                                              "pharma",
                                              "media",
                                              "fund",
                                              "cloud",
                                              "bank",
                                              "securities",
                                              "insights",
                                              "strategy",
                                              "research",
                                              "consulting",
                                              "consultancy",
                                              "analytics",
                                              "semiconductor",
                                              "semiconductors",
                                              "electronics",
                                              "industries",
                                              "networks",
                                              "software",
                                              "robotics",
                                              "ai",
                                              "intelligence",
                                              "investments",
                                              "management",
                                              "associates",
                                              "llc",
                                              "ltd",
                                              "plc",
                                              "gmbh",
                                              "ag",
                                              "studios",
                                              "entertainment",
                                              "brands",
                                              "foods",
                                              "airways",
                                              "automotive",
                                              "dynamics",
                                              "therapeutics",
                                              "biosciences",
                                              "solutions",
                                              "platforms",
                                              "payments",
                                              "exchange",
                                              "alliance",
                                              "coalition",
                                              "front",
                                              "partnership",
                                              "initiative",
                                              "consortium",
                                              "trust",
                                              "league",
                                              "club",
                                              "fc",
                                              "united",
                                              "city",
                                              "airport",
                                              "railway",
                                              "railways",
                                              "rail",
                                              "corporation",
                                              "enterprises",
                                              "mining",
                                              "oil",
                                              "gas",
                                              "power",
                                              "steel",
                                              "auto",
                                              "motor",
                                              "logistics",
                                              "shipping",
                                              "telecom",
                                              "mobile",
                                              "retail"};
  return *kSet;
}

const WordSet& InstitutionKeywords() {
  static const auto* const kSet = new WordSet{
      "university", "institute",  "academy",     "college",        "school",       "ministry",
      "department", "agency",     "bureau",      "commission",     "council",      "endowment",
      "foundation", "center",     "centre",      "administration", "office",       "court",
      "parliament", "government", "committee",   "association",    "society",      "federation",
      "authority",  "laboratory", "forum",       "organization",   "organisation", "union",
      "congress",   "senate",     "party",       "army",           "navy",         "police",
      "hospital",   "museum",     "observatory", "library",        "board",        "reserve",
      "treasury",   "service",    "assembly",    "cabinet",        "kremlin",      "nations"};
  return *kSet;
}

const WordSet& PublicationKeywords() {
  static const auto* const kSet =
      new WordSet{"times",    "post",     "journal", "news",   "review",   "herald",    "tribune",
                  "daily",    "magazine", "gazette", "weekly", "press",    "chronicle", "telegraph",
                  "observer", "insider",  "wire",    "today",  "standard", "examiner",  "monitor"};
  return *kSet;
}

// Nouns that, right before a name, say the name is a publication.
const WordSet& PublicationNouns() {
  static const auto* const kSet = new WordSet{
      "outlet",  "newspaper", "magazine", "publication", "broadcaster", "website", "blog",
      "tabloid", "daily",     "journal",  "newsletter",  "podcast",     "channel", "agency"};
  return *kSet;
}

// Heads of "the company"-style descriptions that refer to organisations.
const WordSet& OrgDescriptionHeads() {
  static const auto* const kSet = new WordSet{
      "company",  "firm",        "startup",   "start-up",  "group",        "giant",
      "maker",    "chipmaker",   "carmaker",  "automaker", "developer",    "business",
      "retailer", "bank",        "lender",    "insurer",   "manufacturer", "conglomerate",
      "outfit",   "corporation", "operator",  "provider",  "airline",      "brand",
      "supplier", "lab",         "companies", "unicorn",   "vendor",       "platform"};
  return *kSet;
}

const WordSet& InstitutionDescriptionHeads() {
  static const auto* const kSet = new WordSet{
      "authority", "agency",         "regulator",   "ministry", "office",    "government",
      "council",   "commission",     "department",  "watchdog", "court",     "police",
      "union",     "federation",     "association", "network",  "institute", "university",
      "body",      "administration", "bureau",      "board",    "club",      "team"};
  return *kSet;
}

const WordSet& ProductDescriptionHeads() {
  static const auto* const kSet = new WordSet{"model",  "chatbot", "chip",      "app",    "system",
                                              "device", "phone",   "processor", "product"};
  return *kSet;
}

// Plural nouns that name unnamed sources when next to a reporting verb.
const WordSet& GroupNouns() {
  static const auto* const kSet = new WordSet{
      "analysts",  "experts",     "officials",   "researchers", "economists", "critics",
      "sources",   "investors",   "executives",  "scientists",  "lawmakers",  "regulators",
      "observers", "insiders",    "people",      "residents",   "witnesses",  "doctors",
      "engineers", "executives",  "authorities", "diplomats",   "traders",    "academics",
      "groups",    "campaigners", "activists",   "unions",      "officers",   "forecasters"};
  return *kSet;
}

enum WordClass : std::uint32_t {
  kReportingClass = 1u << 0,
  kRoleClass = 1u << 1,
  kPrepositionClass = 1u << 2,
  kNonNameClass = 1u << 3,
  kOrgKeywordClass = 1u << 4,
  kInstitutionKeywordClass = 1u << 5,
  kPublicationKeywordClass = 1u << 6,
  kGroupNounClass = 1u << 7,
  kFunctionWordClass = 1u << 8,
  kDateRelativeAnchorClass = 1u << 9,  // DateRecognizer::RelativeAnchorWords
  kDateNameAnchorClass = 1u << 10,     // DateRecognizer::NameAnchorWords
  // Set by Prepare, not by ClassesOf: the word anchors a date. Only for
  // words of ASCII letters between ASCII bytes that are no letter or digit
  // (kEndsRun: ASCII white space and punctuation, not a no-break space); the
  // recogniser's scan reads such a word as one run, so its classes decide.
  kIsDateAnchorClass = 1u << 11,
  // Set by Prepare: any other word, which SentenceDateAnchors scans.
  kScanForDateClass = 1u << 12,
};

const WordSet& FunctionWords();
const WordSet& GroupNouns();

// One lookup per word instead of one per word list.
std::uint32_t ClassesOf(std::string_view word) {
  struct Classes {
    StringViewMap<std::uint32_t> by_word;
    WordFilter filter;  // of by_word's keys
  };
  static const auto* const kClasses = [] {
    auto* classes = new Classes();
    auto add = [classes](const WordSet& set, std::uint32_t bit) {
      for (std::string_view w : set) {
        classes->by_word[w] |= bit;
        classes->filter.Add(w);
      }
    };
    add(ReportingVerbs(), kReportingClass);
    add(RoleWords(), kRoleClass);
    add(Prepositions(), kPrepositionClass);
    add(NonNameWords(), kNonNameClass);
    add(OrgKeywords(), kOrgKeywordClass);
    add(InstitutionKeywords(), kInstitutionKeywordClass);
    add(PublicationKeywords(), kPublicationKeywordClass);
    add(GroupNouns(), kGroupNounClass);
    add(FunctionWords(), kFunctionWordClass);
    add(DateRecognizer::RelativeAnchorWords(), kDateRelativeAnchorClass);
    add(DateRecognizer::NameAnchorWords(), kDateNameAnchorClass);
    return classes;
  }();
  if (!kClasses->filter.MayContain(word)) return 0;
  auto it = kClasses->by_word.find(word);
  return it == kClasses->by_word.end() ? 0 : it->second;
}

bool Contains(const WordSet& set, std::string_view word) { return set.contains(word); }

bool IsWord(const Token& token) { return token.kind == TokenKind::kWord; }

bool HyphenPartsCapitalised(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t hyphen = text.find('-', start);
    std::string_view part = text.substr(
        start, hyphen == std::string_view::npos ? std::string_view::npos : hyphen - start);
    if (part.empty()) return false;
    const auto c = static_cast<unsigned char>(part[0]);
    if (!absl::ascii_isupper(c) && !absl::ascii_isdigit(c)) return false;
    if (hyphen == std::string_view::npos) break;
    start = hyphen + 1;
  }
  return true;
}

bool HasInternalCapital(std::string_view text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (absl::ascii_isupper(static_cast<unsigned char>(text[i]))) return true;
  }
  return false;
}

std::string_view TokenText(std::string_view text, const Token& token) {
  return text.substr(token.start, token.end - token.start);
}

// Whether a word token can be part of a capitalised name: "Wang", "36Kr",
// "Kai-Fu", "GPT-4", "iPhone"; not "Hangzhou-based", "8-bit" or "2024".
bool NameTokenInText(std::string_view text, const Token& token) {
  if (!IsWord(token) || !token.has_alpha) return false;
  const std::string_view raw = TokenText(text, token);
  if (token.has_hyphen) {
    return (token.capitalised || token.has_digit) && HyphenPartsCapitalised(raw);
  }
  if (token.capitalised) return true;
  // Not led by a capital, so any capital in it is an internal one.
  if (!token.has_upper) return false;
  if (token.has_digit && !token.starts_lower) {
    int letters = 0;
    for (char c : raw) letters += absl::ascii_isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    return letters >= 2;
  }
  return token.starts_lower && raw.size() > 2;
}

// The words of a name; a few, kept inline.
using NameWords = absl::InlinedVector<std::string_view, 8>;

EntityType ClassifyByKeywords(absl::Span<const std::string_view> words, bool* decided) {
  *decided = true;
  for (std::string_view w : words) {
    if (Contains(InstitutionKeywords(), w)) return EntityType::kInstitution;
  }
  if (!words.empty() && Contains(PublicationKeywords(), words.back()) && words.size() >= 2) {
    return EntityType::kPublication;
  }
  for (std::string_view w : words) {
    if (Contains(OrgKeywords(), w)) return EntityType::kOrg;
  }
  *decided = false;
  return EntityType::kOrg;
}

bool IsConnector(std::string_view lower) {
  return Is(lower, "of") || Is(lower, "for") || Is(lower, "and") || Is(lower, "&") ||
         Is(lower, "de") || Is(lower, "la") || Is(lower, "von") || Is(lower, "van") ||
         Is(lower, "der") || Is(lower, "du") || Is(lower, "del") || Is(lower, "on") ||
         Is(lower, "da") || Is(lower, "bin") || Is(lower, "al");
}

bool IsParticleConnector(std::string_view lower) {
  return Is(lower, "&") || Is(lower, "de") || Is(lower, "von") || Is(lower, "van") ||
         Is(lower, "der") || Is(lower, "du") || Is(lower, "del") || Is(lower, "da") ||
         Is(lower, "bin") || Is(lower, "al") || Is(lower, "la");
}

// ASCII bytes that are no letter or digit: they end the date recogniser's
// runs of letters and digits (scan::WordEnd). A byte of a multi-byte
// character may not.
constexpr auto kEndsRun = [] {
  std::array<bool, 256> ends{};
  for (int c = 0; c < 0x80; ++c) {
    ends[c] = !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z');
  }
  return ends;
}();

struct State {
  // Lower-case words seen capitalised mid-sentence; views into the tokens of
  // the article's paragraphs, which outlive the state.
  StringViewSet capitalised_mid_sentence;
  StringKeyMap<Entity> person_by_name_part;
  // First word of a multi-word organisation name -> the organisation
  // ("Halvard" -> "Halvard Bank").
  StringKeyMap<std::pair<Entity, EntityType>> org_by_first_word;
  StringKeyMap<std::string> affiliation_by_person;
};

// Pass A: tokens, sentences, token ranges of sentences, excluded spans.
void Prepare(ParagraphAnalysis& p, const SentenceSegmenter& segmenter) {
  p.lower_text = std::make_shared<std::string>();
  p.tokens = TokenizeWords(p.text, p.lower_text.get());
  const std::string_view paragraph_text = p.text;
  const auto ends_run = [paragraph_text](std::size_t at) {
    return at >= paragraph_text.size() || kEndsRun[static_cast<unsigned char>(paragraph_text[at])];
  };
  for (Token& token : p.tokens) {
    if (token.kind != TokenKind::kWord) continue;
    token.classes = ClassesOf(token.lower);
    if (token.ascii_letters_only && (token.start == 0 || ends_run(token.start - 1)) &&
        ends_run(token.end)) {
      if ((token.classes & kDateRelativeAnchorClass) != 0 ||
          (token.capitalised && (token.classes & kDateNameAnchorClass) != 0)) {
        token.classes |= kIsDateAnchorClass;
      }
    } else {
      token.classes |= kScanForDateClass;
    }
  }
  p.sentences = segmenter.Split(p.text);
  std::size_t t = 0;
  for (const SentenceSpan& s : p.sentences) {
    while (t < p.tokens.size() && p.tokens[t].end <= s.start) ++t;
    const std::size_t first = t;
    bool has_digit = false;
    for (; t < p.tokens.size() && p.tokens[t].start < s.end; ++t) {
      has_digit |= p.tokens[t].has_digit;
    }
    p.sentence_tokens.emplace_back(first, t);
    p.sentence_has_digit.push_back(has_digit);
  }
  // Tokens outside every sentence (white space only) do not exist, but keep
  // the invariant that every token belongs to some sentence.
  if (!p.sentence_tokens.empty()) p.sentence_tokens.back().second = p.tokens.size();
  p.mention_at_token.assign(p.tokens.size(), -1);

  // URLs and Markdown link targets.
  const std::string_view text = p.text;
  // Most paragraphs have no link: "http://" and "https://" need a ':', and
  // one pass for it is cheaper than searching for both.
  const bool may_have_link = text.find(':') != std::string_view::npos ||
                             text.find("www.") != std::string_view::npos ||
                             text.find("](") != std::string_view::npos;
  std::size_t pos = may_have_link ? 0 : text.size();
  while (pos < text.size()) {
    std::size_t found = std::string_view::npos;
    for (std::string_view marker : {std::string_view("http://"), std::string_view("https://"),
                                    std::string_view("www."), std::string_view("](")}) {
      const std::size_t at = text.find(marker, pos);
      if (at < found) found = at;
    }
    if (found == std::string_view::npos) break;
    std::size_t end = found;
    while (end < text.size()) {
      const char c = text[end];
      if (c == ' ' || c == '\n' || c == '\t' || c == '"' || c == '<' || c == '>') break;
      if (c == ')' && !(text.substr(found, 2) == "](" && end == found + 1)) break;
      ++end;
    }
    // Extend the start back over a Markdown link label "[...]".
    p.excluded.emplace_back(found, end);
    pos = std::max(end, found + 1);
  }

  // Title-case heading: few sentences, no final period, mostly capitalised
  // words.
  int long_words = 0;
  int capitalised = 0;
  for (const Token& token : p.tokens) {
    if (!IsWord(token) || !token.has_alpha || token.end - token.start < 4) continue;
    ++long_words;
    if (token.capitalised) ++capitalised;
  }
  const bool ends_with_stop =
      !p.text.empty() && (p.text.back() == '.' || p.text.back() == '?' || p.text.back() == '!');
  p.heading = !ends_with_stop && long_words >= 3 && capitalised * 10 >= long_words * 7;
}

bool IsSentenceInitial(const ParagraphAnalysis& p, std::size_t t) {
  const std::size_t s = p.SentenceOfToken(t);
  std::size_t first = p.sentence_tokens[s].first;
  // Skip opening punctuation, list markers and quotes.
  while (first < t && !IsWord(p.tokens[first])) ++first;
  if (first == t) return true;
  // After a colon or an opening quote mid-sentence, a new clause starts.
  const Token& previous = p.tokens[t - 1];
  return !IsWord(previous) &&
         (Is(previous.lower, ":") || IsOpeningQuote(previous.lower) || Is(previous.lower, "\"") ||
          IsDash(previous.lower) || Is(previous.lower, "("));
}

void CollectMidSentenceCapitals(const ParagraphAnalysis& p, State& state) {
  if (p.heading) return;
  for (std::size_t t = 0; t < p.tokens.size(); ++t) {
    const Token& token = p.tokens[t];
    if (!IsWord(token) || !token.capitalised) continue;
    if (IsSentenceInitial(p, t)) continue;
    state.capitalised_mid_sentence.insert(token.lower);
  }
}

// Orders mentions by start. They are mostly in order already, and std::sort
// would still move each one (a few strings) through its insertion pass;
// strictly increasing starts admit no other order, so those are left alone.
void SortByStart(std::vector<EntityMention>& mentions) {
  const auto by_start = [](const EntityMention& a, const EntityMention& b) {
    return a.start < b.start;
  };
  const auto out_of_order = [](const EntityMention& a, const EntityMention& b) {
    return a.start >= b.start;
  };
  if (std::adjacent_find(mentions.begin(), mentions.end(), out_of_order) == mentions.end()) return;
  // Mentions are heavy to swap: the sort permutes their indices (the same
  // comparisons, so the same order as sorting the mentions), and each
  // mention is then moved once.
  std::vector<std::size_t> order(mentions.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return by_start(mentions[a], mentions[b]); });
  std::vector<EntityMention> sorted;
  sorted.reserve(mentions.size());
  for (std::size_t k : order) sorted.push_back(std::move(mentions[k]));
  mentions = std::move(sorted);
}

void AddMention(ParagraphAnalysis& p, EntityMention mention) {
  const int index = static_cast<int>(p.mentions.size());
  for (std::size_t t = mention.first_token; t <= mention.last_token && t < p.tokens.size(); ++t) {
    p.mention_at_token[t] = index;
  }
  if (mention.first_token > 0) {
    const Token& before = p.tokens[mention.first_token - 1];
    mention.after_preposition = IsWord(before) && ((before.classes & kPrepositionClass) != 0);
    // "such as X", "as well as X".
  }
  mention.possessive = p.tokens[mention.last_token].possessive;
  p.mentions.push_back(std::move(mention));
}

// True when a role word appears in the `max` word tokens before `t` (after
// skipping lower-case modifiers), e.g. "professor Thomas Cao", "CEO Jane Doe".
bool RoleBefore(const ParagraphAnalysis& p, std::size_t t, std::size_t* role_first) {
  std::size_t k = t;
  int steps = 0;
  bool found = false;
  while (k > 0 && steps < 4) {
    const Token& token = p.tokens[k - 1];
    if (!IsWord(token)) break;
    if (((token.classes & kRoleClass) != 0)) {
      found = true;
      *role_first = k - 1;
    } else if (!token.starts_lower || token.has_digit ||
               (token.classes & (kPrepositionClass | kFunctionWordClass | kReportingClass)) != 0 ||
               Is(token.lower, "who") || Is(token.lower, "which") || Is(token.lower, "that")) {
      // Only modifiers may stand between a role and the name: "analysts who
      // spoke with X" does not make X a person.
      break;
    }
    --k;
    ++steps;
  }
  return found;
}

// "X, a tech analyst for Y," / "X, founder of Y,": true when the tokens after
// the mention ending at `last` start an appositive naming a role. Sets
// [app_first, app_end) to the appositive's tokens.
bool RoleAppositiveAfter(const ParagraphAnalysis& p, std::size_t last, std::size_t* app_first,
                         std::size_t* app_end) {
  const std::size_t n = p.tokens.size();
  if (last + 2 >= n || !Is(p.tokens[last + 1].lower, ",")) return false;
  const std::size_t sentence_end = p.sentence_tokens[p.SentenceOfToken(last)].second;
  bool role = false;
  std::size_t k = last + 2;
  for (; k < sentence_end && k < last + 30; ++k) {
    const Token& token = p.tokens[k];
    if (!IsWord(token)) {
      if (Is(token.lower, ",") || Is(token.lower, ";") || Is(token.lower, ".") ||
          IsClosingQuote(token.lower) || IsOpeningQuote(token.lower) || Is(token.lower, "\"") ||
          Is(token.lower, "(") || Is(token.lower, ")") || IsDash(token.lower)) {
        break;
      }
      continue;
    }
    if (k <= last + 8 && ((token.classes & kRoleClass) != 0)) role = true;
    if (((token.classes & kReportingClass) != 0)) break;
  }
  if (!role) return false;
  *app_first = last + 2;
  *app_end = k;
  return true;
}

// "X, the Reno-based battery maker," / "X, a lender," / "X, the chief
// executive,": a comma-enclosed noun phrase after the name ending at `last`
// whose head says what X is. Sets `type` from the head (organisation,
// institution or, for role words, person).
bool DescribedByAppositive(const ParagraphAnalysis& p, std::size_t last, EntityType* type) {
  const std::size_t n = p.tokens.size();
  if (last + 3 >= n || !Is(p.tokens[last + 1].lower, ",")) return false;
  const std::string_view determiner = p.tokens[last + 2].lower;
  if (!Is(determiner, "the") && !Is(determiner, "a") && !Is(determiner, "an")) return false;
  const std::size_t sentence_end = p.sentence_tokens[p.SentenceOfToken(last)].second;
  std::size_t k = last + 3;
  for (; k < sentence_end && k < last + 11; ++k) {
    const Token& token = p.tokens[k];
    if (!IsWord(token)) break;
    // A verb or clause inside means it is not a plain noun phrase.
    if ((token.classes & (kPrepositionClass | kFunctionWordClass | kReportingClass)) != 0) {
      return false;
    }
  }
  if (k >= sentence_end || !Is(p.tokens[k].lower, ",") || k == last + 3) {
    return false;
  }
  const std::string_view head = p.tokens[k - 1].lower;
  if (OrgDescriptionHeads().contains(head)) {
    *type = EntityType::kOrg;
  } else if (InstitutionDescriptionHeads().contains(head)) {
    *type = EntityType::kInstitution;
  } else if ((p.tokens[k - 1].classes & kRoleClass) != 0) {
    *type = EntityType::kPerson;
  } else {
    return false;
  }
  return true;
}

Entity MakeEntity(std::string id, std::string name) {
  Entity e;
  e.id = std::move(id);
  e.name = std::move(name);
  return e;
}

// The latest named organisation or institution whose name contains `head`
// ("the authority" -> "Vestmark Health Authority", "the bank" -> "Halvard
// Bank").
std::optional<std::pair<Entity, EntityType>> BodyNamedByHead(
    const std::vector<std::pair<Entity, EntityType>>& bodies, std::string_view head) {
  for (auto it = bodies.rbegin(); it != bodies.rend(); ++it) {
    const std::string& name = it->first.name;
    std::size_t from = 0;
    while (from < name.size()) {
      std::size_t to = from;
      while (to < name.size() && name[to] != ' ') ++to;
      const std::string_view word = std::string_view(name).substr(from, to - from);
      if (word.size() == head.size() && absl::EqualsIgnoreCase(ToAbsl(word), ToAbsl(head))) {
        return *it;
      }
      from = to + 1;
    }
  }
  return std::nullopt;
}

// The organisation or institution whose name opens the sentence of token
// `t` (its subject), unless it only gives someone's affiliation.
std::optional<std::pair<Entity, EntityType>> SentenceSubjectBody(
    const ParagraphAnalysis& p, const std::vector<bool>& affiliation_only, std::size_t t) {
  std::size_t first = p.sentence_tokens[p.SentenceOfToken(t)].first;
  while (first < t && !IsWord(p.tokens[first])) ++first;
  if (first < t && Is(p.tokens[first].lower, "the")) ++first;
  // Only a name opening the sentence is its subject.
  const int m = first < t ? p.mention_at_token[first] : -1;
  if (m < 0 || static_cast<std::size_t>(m) >= affiliation_only.size()) return std::nullopt;
  const EntityMention& mention = p.mentions[m];
  if (mention.kind != MentionKind::kName || mention.possessive || affiliation_only[m] ||
      (mention.type != EntityType::kOrg && mention.type != EntityType::kInstitution)) {
    return std::nullopt;
  }
  Entity body = mention.entity;
  body.affiliation.clear();
  return std::make_pair(std::move(body), mention.type);
}

// The organisation the article is about: the most mentioned one in the body,
// where a mention in the title (as a subject, not after a preposition) counts
// one and a half and wins ties; with none in the body, the title's. Mentions
// that only give a person's affiliation ("an analyst at X") count half.
std::optional<Entity> MainOrganisation(const std::vector<ParagraphAnalysis>& paragraphs,
                                       const std::vector<std::vector<bool>>& affiliation_only,
                                       const ParagraphAnalysis& title) {
  StringViewMap<int> score;
  std::vector<const Entity*> order;
  auto add = [&](const EntityMention& m, int points) {
    int& entry = score[m.entity.id];
    if (entry == 0) order.push_back(&m.entity);
    entry += points;
  };
  for (const EntityMention& m : title.mentions) {
    if (m.type == EntityType::kOrg && m.kind == MentionKind::kName && !m.after_preposition) {
      add(m, 3);
    }
  }
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const std::vector<EntityMention>& mentions = paragraphs[i].mentions;
    for (std::size_t k = 0; k < mentions.size(); ++k) {
      const EntityMention& m = mentions[k];
      if (m.type != EntityType::kOrg || m.kind != MentionKind::kName) continue;
      add(m, affiliation_only[i][k] ? 1 : 2);
    }
  }
  std::optional<Entity> best;
  int best_score = 0;
  for (const Entity* e : order) {
    const int points = score[e->id];
    if (points > best_score) {
      best_score = points;
      best = *e;
      best->affiliation.clear();
    }
  }
  return best;
}

// Pass B: names in one paragraph, in reading order.
void FindNames(ParagraphAnalysis& p, const EntityTable& table, State& state) {
  const std::vector<EntityMatch> known = table.FindAll(p.text, p.tokens);
  std::vector<int> known_at(p.tokens.size(), -1);
  for (std::size_t k = 0; k < known.size(); ++k)
    known_at[known[k].first_token] = static_cast<int>(k);

  const std::size_t n = p.tokens.size();
  // Asked of most tokens more than once while names grow: bytes, not
  // std::vector<bool>, whose bit arithmetic on every read was 1.4% of extraction.
  std::vector<unsigned char> name_token(n);
  for (std::size_t k = 0; k < n; ++k) name_token[k] = NameTokenInText(p.text, p.tokens[k]);
  // Room for a mention per known name and per name token, so that adding
  // mentions (an entity of three strings each) rarely moves the others.
  p.mentions.reserve(known.size() +
                     static_cast<std::size_t>(std::count(name_token.begin(), name_token.end(), 1)));
  std::size_t t = 0;
  while (t < n) {
    if (known_at[t] >= 0) {
      const EntityMatch& match = known[known_at[t]];
      EntityMention mention;
      mention.first_token = match.first_token;
      mention.last_token = match.last_token;
      mention.start = match.start;
      mention.end = match.end;
      mention.entity = MakeEntity(match.record->id, match.record->name);
      mention.type = match.record->type;
      mention.known = true;
      if (mention.type == EntityType::kPerson) {
        for (const std::string& word : match.record->lower_name_words) {
          state.person_by_name_part[word] = mention.entity;
        }
      }
      AddMention(p, std::move(mention));
      t = match.last_token + 1;
      continue;
    }
    const Token& token = p.tokens[t];
    if (p.heading && name_token[t]) {
      // A Title Case heading says nothing about which words are names; only
      // names the article has already established are taken from it.
      auto org = state.org_by_first_word.find(ToAbsl(token.lower));
      if (org != state.org_by_first_word.end()) {
        EntityMention mention;
        mention.first_token = mention.last_token = t;
        mention.start = token.start;
        mention.end = token.end;
        mention.entity = org->second.first;
        mention.type = org->second.second;
        AddMention(p, std::move(mention));
      }
      ++t;
      continue;
    }
    if (!name_token[t]) {
      ++t;
      continue;
    }
    // Grow a capitalised sequence.
    std::size_t last = t;
    bool used_of = false;
    bool has_institution = ((token.classes & kInstitutionKeywordClass) != 0) ||
                           ((token.classes & kOrgKeywordClass) != 0);
    while (last + 1 < n && (!p.tokens[last].possessive ||
                            // "People's Union", "Farmers' Alliance"
                            (last == t && p.tokens[last + 1].capitalised &&
                             (((p.tokens[last + 1].classes & kInstitutionKeywordClass) != 0) ||
                              ((p.tokens[last + 1].classes & kOrgKeywordClass) != 0))))) {
      const std::size_t next = last + 1;
      if (known_at[next] >= 0) break;
      const Token& candidate = p.tokens[next];
      if (name_token[next]) {
        if (candidate.capitalised && ((candidate.classes & kRoleClass) != 0)) break;
        if (((candidate.classes & kNonNameClass) != 0) && !Is(candidate.lower, "ai") &&
            !Is(candidate.lower, "new")) {
          break;
        }
        last = next;
        has_institution = has_institution ||
                          ((candidate.classes & kInstitutionKeywordClass) != 0) ||
                          ((candidate.classes & kOrgKeywordClass) != 0);
        continue;
      }
      // Connectors inside organisation names: "Bank of America",
      // "Council on Foreign Relations", "Moor Insights & Strategy".
      // "Federal Office for the Environment".
      if (has_institution && next + 2 < n &&
          (Is(candidate.lower, "of") || Is(candidate.lower, "for") || Is(candidate.lower, "on")) &&
          Is(p.tokens[next + 1].lower, "the") && name_token[next + 2] && known_at[next + 2] < 0 &&
          !((p.tokens[next + 2].classes & kNonNameClass) != 0)) {
        used_of = true;
        last = next + 2;
        continue;
      }
      if (next + 1 < n && name_token[next + 1] && known_at[next + 1] < 0 &&
          (candidate.kind == TokenKind::kWord || Is(candidate.lower, "&"))) {
        const std::string_view c = candidate.lower;
        const bool particle = IsParticleConnector(c);
        const bool org_connector = has_institution && IsConnector(c) && (!Is(c, "and") || used_of);
        if (particle || org_connector) {
          if (Is(c, "of") || Is(c, "for") || Is(c, "on")) used_of = true;
          last = next + 1;
          has_institution = has_institution ||
                            ((p.tokens[next + 1].classes & kInstitutionKeywordClass) != 0) ||
                            ((p.tokens[next + 1].classes & kOrgKeywordClass) != 0);
          continue;
        }
      }
      break;
    }
    // Trim non-name words at both ends ("The", "Chinese", "AI"); names with
    // an organisation keyword keep their adjectives ("National Statistics
    // Office").
    std::size_t first = t;
    while (first <= last && ((p.tokens[first].classes & kNonNameClass) != 0) &&
           (!has_institution || ((p.tokens[first].classes & kFunctionWordClass) != 0))) {
      ++first;
    }
    while (last >= first && last > t && ((p.tokens[last].classes & kNonNameClass) != 0) &&
           !p.tokens[last].possessive) {
      --last;
    }
    // A title before a name is not part of it: "MP Kavita Reddy", "Senator
    // Ana Ruiz" (organisation names keep theirs: "General Motors").
    while (!has_institution && first < last && (p.tokens[first].classes & kRoleClass) != 0) {
      ++first;
    }
    const std::size_t resume = std::max(last + 1, t + 1);
    if (first > last || (first == last && ((p.tokens[first].classes & kNonNameClass) != 0))) {
      t = resume;
      continue;
    }
    // Role words split "Perplexity CEO Aravind Srinivas" earlier; here only
    // the sequence itself is judged.
    NameWords seq_words;
    for (std::size_t k = first; k <= last; ++k) seq_words.push_back(p.tokens[k].lower);
    const std::size_t word_count = seq_words.size();
    const bool initial = IsSentenceInitial(p, first);
    const std::string_view raw_first = TokenText(p.text, p.tokens[first]);
    const bool distinctive = p.tokens[first].has_digit || HasInternalCapital(raw_first);
    auto surname = state.person_by_name_part.find(ToAbsl(seq_words.back()));
    const bool followed_by_cue =
        last + 1 < n && ((p.tokens[last + 1].classes & kReportingClass) != 0);
    // A lone capitalised word opening a sentence is usually an ordinary word;
    // it is a name when the article uses it as one elsewhere, when it speaks
    // ("Voltaris said"), or when an appositive describes it ("Voltaris, the
    // Reno-based battery maker, ...").
    EntityType appositive_type = EntityType::kOrg;
    const bool described = DescribedByAppositive(p, last, &appositive_type);
    const auto known_org = word_count == 1 ? state.org_by_first_word.find(ToAbsl(seq_words[0]))
                                           : state.org_by_first_word.end();
    if (word_count == 1 && initial && !distinctive && surname == state.person_by_name_part.end() &&
        !followed_by_cue && !described && known_org == state.org_by_first_word.end() &&
        !state.capitalised_mid_sentence.contains(seq_words[0])) {
      t = resume;
      continue;
    }
    EntityMention mention;
    mention.first_token = first;
    mention.last_token = last;
    mention.start = p.tokens[first].start;
    mention.end = p.tokens[last].end;
    const std::string name(p.text.substr(mention.start, mention.end - mention.start));
    bool decided = false;
    EntityType type = ClassifyByKeywords(seq_words, &decided);
    std::size_t role_first = 0;
    const bool role_before = RoleBefore(p, first, &role_first);
    std::size_t app_first = 0;
    std::size_t app_end = 0;
    const bool role_after = RoleAppositiveAfter(p, last, &app_first, &app_end);
    bool publication_noun = false;
    if (first > 0 && IsWord(p.tokens[first - 1]) &&
        Contains(PublicationNouns(), p.tokens[first - 1].lower)) {
      publication_noun = true;
    }
    const std::string_view preposition_before = first > 0 && IsWord(p.tokens[first - 1])
                                                    ? std::string_view(p.tokens[first - 1].lower)
                                                    : std::string_view();
    if (!decided && described) {
      type = appositive_type;
    } else if (!decided) {
      if (word_count == 1 && surname == state.person_by_name_part.end() && !distinctive &&
          (Is(preposition_before, "in") || Is(preposition_before, "near") ||
           Is(preposition_before, "across") || Is(preposition_before, "throughout") ||
           Is(preposition_before, "outside"))) {
        type = EntityType::kPlace;  // "a plant in Ghent"
      } else if (publication_noun) {
        type = EntityType::kPublication;
      } else if (word_count == 1 && surname != state.person_by_name_part.end()) {
        type = EntityType::kPerson;
      } else if (role_before || role_after) {
        type = EntityType::kPerson;
      } else if (word_count >= 2 && word_count <= 4 && !distinctive) {
        // Two to four plain capitalised words are usually a person, unless
        // they follow "from"/"at"/"the" or contain an acronym ("FC X").
        bool acronym = false;
        for (std::size_t k = first; k <= last; ++k) {
          const std::string_view raw = TokenText(p.text, p.tokens[k]);
          int upper = 0;
          for (char c : raw) upper += absl::ascii_isupper(static_cast<unsigned char>(c)) ? 1 : 0;
          if (upper >= 2 && upper == static_cast<int>(raw.size())) acronym = true;
        }
        const std::string_view before = first > 0 && IsWord(p.tokens[first - 1])
                                            ? std::string_view(p.tokens[first - 1].lower)
                                            : std::string_view();
        const bool org_context =
            Is(before, "the") || (Contains(Prepositions(), before) && !Is(before, "by") &&
                                  !Is(before, "with") && !Is(before, "to") && !Is(before, "like"));
        type = (acronym || org_context) ? EntityType::kOrg : EntityType::kPerson;
      } else {
        type = EntityType::kOrg;
      }
    }
    mention.type = type;
    auto short_org = word_count == 1 ? state.org_by_first_word.find(ToAbsl(seq_words[0]))
                                     : state.org_by_first_word.end();
    if (type == EntityType::kPerson && word_count == 1 &&
        surname != state.person_by_name_part.end()) {
      mention.entity = surname->second;
    } else if (short_org != state.org_by_first_word.end() && !publication_noun &&
               (type == EntityType::kOrg || type == EntityType::kPerson)) {
      mention.entity = short_org->second.first;
      mention.type = short_org->second.second;
      type = mention.type;
    } else {
      mention.entity = MakeEntity(Slugify(name), name);
    }
    if (word_count >= 2 && (type == EntityType::kOrg || type == EntityType::kInstitution)) {
      // "Halvard" for "Halvard Bank", "Rheinbrück" for "FC Rheinbrück".
      for (std::size_t k = first; k <= last; ++k) {
        const std::string_view w = p.tokens[k].lower;
        // The word lists' bits (IsNonNameWord, keywords, function words).
        if ((p.tokens[k].classes & (kNonNameClass | kOrgKeywordClass | kInstitutionKeywordClass |
                                    kFunctionWordClass)) != 0 ||
            IsConnector(w)) {
          continue;
        }
        // Assigned member-wise so an existing entry's strings are reused.
        std::pair<Entity, EntityType>& org = state.org_by_first_word[ToAbsl(w)];
        org.first = mention.entity;
        org.second = type;
      }
    }
    if (word_count == 1 && (type == EntityType::kOrg || type == EntityType::kInstitution) &&
        !publication_noun) {
      // Later sentences may open with it ("Voltaris plans ...").
      state.org_by_first_word.try_emplace(ToAbsl(seq_words[0]), mention.entity, type);
    }
    if (type == EntityType::kPerson) {
      for (std::string_view w : seq_words) state.person_by_name_part[ToAbsl(w)] = mention.entity;
    }
    AddMention(p, std::move(mention));
    t = resume;
  }

  // "Japan Chip Equipment Association", "Climate Alliance Switzerland": a
  // known place joined to an organisation name is part of it.
  {
    SortByStart(p.mentions);
    bool any_place = false;
    for (const EntityMention& mention : p.mentions) {
      any_place = any_place || (mention.known && mention.type == EntityType::kPlace);
    }
    std::vector<EntityMention> merged;
    if (any_place) merged.reserve(p.mentions.size());
    for (std::size_t m = 0; any_place && m < p.mentions.size(); ++m) {
      // Each mention is read once and replaced by `merged` afterwards.
      EntityMention current = std::move(p.mentions[m]);
      if (m + 1 < p.mentions.size()) {
        const EntityMention& next = p.mentions[m + 1];
        const bool adjacent = next.first_token == current.last_token + 1 && !current.possessive;
        auto keyword_org = [&](const EntityMention& e) {
          if (e.known || (e.type != EntityType::kOrg && e.type != EntityType::kInstitution)) {
            return false;
          }
          NameWords words;
          for (std::size_t k = e.first_token; k <= e.last_token; ++k) {
            words.push_back(p.tokens[k].lower);
          }
          bool decided = false;
          ClassifyByKeywords(words, &decided);
          return decided;
        };
        const bool next_ends_name = next.last_token + 1 >= n || !name_token[next.last_token + 1];
        if (adjacent &&
            ((current.known && current.type == EntityType::kPlace && keyword_org(next)) ||
             (keyword_org(current) && next.known && next.type == EntityType::kPlace &&
              next_ends_name))) {
          EntityMention joined = keyword_org(current) ? current : next;
          joined.first_token = current.first_token;
          joined.last_token = next.last_token;
          joined.start = current.start;
          joined.end = next.end;
          joined.possessive = next.possessive;
          const std::string name(p.text.substr(joined.start, joined.end - joined.start));
          joined.entity = MakeEntity(Slugify(name), name);
          joined.known = false;
          merged.push_back(std::move(joined));
          ++m;
          continue;
        }
      }
      merged.push_back(std::move(current));
    }
    if (any_place) p.mentions = std::move(merged);
    std::fill(p.mention_at_token.begin(), p.mention_at_token.end(), -1);
    for (std::size_t m = 0; m < p.mentions.size(); ++m) {
      for (std::size_t k = p.mentions[m].first_token; k <= p.mentions[m].last_token; ++k) {
        p.mention_at_token[k] = static_cast<int>(m);
      }
    }
  }

  // Group nouns next to a reporting verb: "analysts said", "experts say".
  std::vector<int> dropped;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const Token& token = p.tokens[k];
    if (p.mention_at_token[k] >= 0 || !IsWord(token) || !((token.classes & kGroupNounClass) != 0)) {
      continue;
    }
    // "Analysts at Oshiro Capital estimate": the organisation speaks.
    if (k + 2 < n && (Is(p.tokens[k + 1].lower, "at") || Is(p.tokens[k + 1].lower, "from") ||
                      Is(p.tokens[k + 1].lower, "with"))) {
      const int org = p.mention_at_token[k + 2];
      if (org >= 0 && p.mentions[org].first_token == k + 2 &&
          p.mentions[org].type != EntityType::kPlace &&
          p.mentions[org].type != EntityType::kPerson) {
        const std::size_t after = p.mentions[org].last_token + 1;
        if (after < n && ((p.tokens[after].classes & kReportingClass) != 0)) {
          EntityMention mention;
          mention.first_token = k;
          mention.last_token = p.mentions[org].last_token;
          mention.start = token.start;
          mention.end = p.mentions[org].end;
          mention.entity = p.mentions[org].entity;
          mention.type = p.mentions[org].type;
          mention.kind = MentionKind::kGroup;
          dropped.push_back(org);
          AddMention(p, std::move(mention));
          continue;
        }
      }
    }
    const bool cue_after = ((p.tokens[k + 1].classes & kReportingClass) != 0);
    const bool according =
        k >= 2 && Is(p.tokens[k - 1].lower, "to") && Is(p.tokens[k - 2].lower, "according");
    if (!cue_after && !according) continue;
    EntityMention mention;
    mention.first_token = k;
    mention.last_token = k;
    mention.start = token.start;
    mention.end = token.end;
    mention.entity = MakeEntity(Slugify(token.lower), std::string(TokenText(p.text, token)));
    mention.type = EntityType::kPerson;
    mention.kind = MentionKind::kGroup;
    AddMention(p, std::move(mention));
  }
  std::sort(dropped.begin(), dropped.end());
  for (auto it = dropped.rbegin(); it != dropped.rend(); ++it) {
    p.mentions.erase(p.mentions.begin() + *it);
  }
  SortByStart(p.mentions);
  std::fill(p.mention_at_token.begin(), p.mention_at_token.end(), -1);
  for (std::size_t m = 0; m < p.mentions.size(); ++m) {
    for (std::size_t k = p.mentions[m].first_token; k <= p.mentions[m].last_token; ++k) {
      p.mention_at_token[k] = static_cast<int>(m);
    }
  }
}

bool IsAffiliationType(EntityType type) {
  return type == EntityType::kOrg || type == EntityType::kInstitution ||
         type == EntityType::kPublication;
}

// Affiliations of person mentions: "Microsoft CEO Satya Nadella", "Brian
// Colello, a tech analyst for Morningstar,", "Sam Altman of OpenAI". Marks
// the organisation mentions used so they do not become antecedents of "it".
void FindAffiliations(ParagraphAnalysis& p, State& state, std::vector<bool>& affiliation_only) {
  affiliation_only.assign(p.mentions.size(), false);
  for (std::size_t m = 0; m < p.mentions.size(); ++m) {
    EntityMention& person = p.mentions[m];
    if (person.type != EntityType::kPerson || person.kind != MentionKind::kName) continue;
    std::string affiliation;
    int used = -1;
    // Organisation + role words right before the name.
    std::size_t role_first = 0;
    if (RoleBefore(p, person.first_token, &role_first) && role_first > 0) {
      const int before = p.mention_at_token[role_first - 1];
      if (before >= 0 && IsAffiliationType(p.mentions[before].type)) {
        affiliation = p.mentions[before].entity.name;
        used = before;
      }
    }
    // Appositive after the name.
    std::size_t app_first = 0;
    std::size_t app_end = 0;
    if (affiliation.empty() && RoleAppositiveAfter(p, person.last_token, &app_first, &app_end)) {
      int best = -1;
      int fallback = -1;
      bool after_preposition = false;
      for (std::size_t k = app_first; k < app_end; ++k) {
        const Token& token = p.tokens[k];
        if (IsWord(token) &&
            (Is(token.lower, "at") || Is(token.lower, "of") || Is(token.lower, "for") ||
             Is(token.lower, "with") || Is(token.lower, "from"))) {
          after_preposition = true;
          continue;
        }
        const int at = p.mention_at_token[k];
        if (at < 0 || !IsAffiliationType(p.mentions[at].type)) continue;
        if (after_preposition) {
          best = at;
          after_preposition = false;
        }
        if (fallback < 0) fallback = at;
        k = p.mentions[at].last_token;
      }
      if (best < 0) best = fallback;
      if (best >= 0) {
        affiliation = p.mentions[best].entity.name;
        used = best;
      }
    }
    // "Name of Org".
    if (affiliation.empty() && person.last_token + 2 < p.tokens.size() &&
        Is(p.tokens[person.last_token + 1].lower, "of")) {
      const int after = p.mention_at_token[person.last_token + 2];
      if (after >= 0 && IsAffiliationType(p.mentions[after].type)) {
        affiliation = p.mentions[after].entity.name;
        used = after;
      }
    }
    if (!affiliation.empty()) {
      person.entity.affiliation = affiliation;
      state.affiliation_by_person[person.entity.id] = affiliation;
      if (used >= 0) affiliation_only[used] = true;
    }
  }
}

}  // namespace

bool IsReportingVerb(std::string_view lower) { return ReportingVerbs().contains(lower); }
bool IsReportingVerb(const Token& token) { return (token.classes & kReportingClass) != 0; }
bool IsPreposition(const Token& token) { return (token.classes & kPrepositionClass) != 0; }
bool IsNonNameWord(const Token& token) { return (token.classes & kNonNameClass) != 0; }
bool IsRoleWord(std::string_view lower) { return RoleWords().contains(lower); }
bool IsPreposition(std::string_view lower) { return Prepositions().contains(lower); }

std::size_t ParagraphAnalysis::SentenceOfToken(std::size_t t) const {
  if (sentence_tokens.empty()) return 0;
  auto it =
      std::upper_bound(sentence_tokens.begin(), sentence_tokens.end(), t,
                       [](std::size_t value, const std::pair<std::size_t, std::size_t>& range) {
                         return value < range.first;
                       });
  if (it == sentence_tokens.begin()) return 0;
  return static_cast<std::size_t>(it - sentence_tokens.begin()) - 1;
}

std::size_t ParagraphAnalysis::TokenAtOrAfter(std::size_t offset) const {
  auto it =
      std::lower_bound(tokens.begin(), tokens.end(), offset,
                       [](const Token& token, std::size_t value) { return token.end <= value; });
  return static_cast<std::size_t>(it - tokens.begin());
}

void ParagraphAnalysis::SentenceDateAnchors(std::size_t s,
                                            std::vector<std::size_t>* anchors) const {
  anchors->clear();
  const SentenceSpan& sentence = sentences[s];
  const std::string_view sentence_text = text.substr(sentence.start, sentence.end - sentence.start);
  std::size_t k = sentence_tokens[s].first;
  if (k > 0 && tokens[k - 1].end > sentence.start) --k;  // a word cut by the sentence's start
  for (; k < tokens.size() && tokens[k].start < sentence.end; ++k) {
    const Token& token = tokens[k];
    if (token.kind != TokenKind::kWord) continue;
    const bool cut = token.start < sentence.start || token.end > sentence.end;
    if (!cut) {
      if ((token.classes & kIsDateAnchorClass) != 0) {
        anchors->push_back(token.start - sentence.start);
        continue;
      }
      if ((token.classes & kScanForDateClass) == 0) continue;
    }
    const std::size_t begin = std::max(token.start, sentence.start) - sentence.start;
    const std::size_t end = std::min(token.end, sentence.end) - sentence.start;
    if (begin > 0 && !kEndsRun[static_cast<unsigned char>(sentence_text[begin - 1])]) {
      // The recogniser's run before this word may go on into it: across a
      // letter the tokenizer takes for punctuation ("ª"), or, in invalid
      // UTF-8, across an ASCII letter or digit a truncated sequence's
      // punctuation token took ("\xE2\x80M"). Scan the whole sentence.
      const auto before = static_cast<unsigned char>(sentence_text[begin - 1]);
      std::size_t length = 0;
      if (before < 0x80 || scan::IsLetter(scan::DecodeBefore(sentence_text, begin, &length))) {
        anchors->clear();
        DateRecognizer::AppendAnchors(sentence_text, 0, sentence_text.size(), anchors);
        return;
      }
    }
    DateRecognizer::AppendAnchors(sentence_text, begin, end, anchors);
  }
}

namespace {

// Whether a scanner that reads sentence `s` of `p` as runs of letters (a
// word ends at any other character) may read one of `words`, ASCII lower
// case, in it: a word of ASCII letters is asked by its lower-case text,
// any other word by its runs of ASCII letters ("twenty-five", "we'll",
// "café": a run next to another letter is part of a longer word there,
// which says yes too early, never too late). True for a word cut by the
// sentence's ends (its part may be a word its whole is not: "st|one"), for a
// punctuation token of a truncated UTF-8 sequence that took an ASCII byte
// ("\xE2\x80" then "5"), and, when `digits_count`, for a word with a digit.
bool SentenceMayHoldWordOf(const ParagraphAnalysis& p, std::size_t s, const WordSet& words,
                           bool digits_count) {
  const SentenceSpan& sentence = p.sentences[s];
  const std::vector<Token>& tokens = p.tokens;
  std::size_t k = p.sentence_tokens[s].first;
  if (k > 0 && tokens[k - 1].end > sentence.start) --k;  // a word cut by the sentence's start
  for (; k < tokens.size() && tokens[k].start < sentence.end; ++k) {
    const Token& token = tokens[k];
    if (token.kind != TokenKind::kWord) {
      for (std::size_t b = token.start + 1; b < token.end; ++b) {
        if (static_cast<unsigned char>(p.text[b]) < 0x80) return true;
      }
      continue;
    }
    if (token.start < sentence.start || token.end > sentence.end) return true;
    if (digits_count && token.has_digit) return true;
    if (token.ascii_letters_only) {
      if (words.contains(token.lower)) return true;
      continue;
    }
    const std::string_view lower = token.lower;
    std::size_t run = 0;
    for (std::size_t b = 0; b <= lower.size(); ++b) {
      if (b < lower.size() && absl::ascii_isalpha(static_cast<unsigned char>(lower[b]))) continue;
      if (b > run && words.contains(lower.substr(run, b - run))) return true;
      run = b + 1;
    }
  }
  return false;
}

}  // namespace

bool ParagraphAnalysis::SentenceMayHoldNumber(std::size_t s, const WordSet& numeral_words) const {
  if (sentence_has_digit[s]) return true;  // most sentences with a number
  return SentenceMayHoldWordOf(*this, s, numeral_words, /*digits_count=*/true);
}

bool ParagraphAnalysis::SentenceMayHoldFutureCue(std::size_t s) const {
  return SentenceMayHoldWordOf(*this, s, DateRecognizer::FutureCueWords(),
                               /*digits_count=*/false);
}

bool ParagraphAnalysis::IsExcluded(std::size_t start, std::size_t end) const {
  for (const auto& [a, b] : excluded) {
    if (start < b && a < end) return true;
  }
  return false;
}

ArticleAnalysis AnalyzeArticle(const std::vector<std::pair<int, std::string_view>>& paragraphs,
                               const EntityTable& entities, const SentenceSegmenter& segmenter,
                               std::string_view title) {
  ArticleAnalysis article;
  article.paragraphs.resize(paragraphs.size());
  State state;
  // The title is analysed like a paragraph but yields no claims: its
  // capitalised words (in a sentence-case title) are evidence for names, and
  // the organisation it names is the likely subject of the article.
  ParagraphAnalysis title_analysis;
  if (!title.empty()) {
    title_analysis.index = -1;
    title_analysis.text = title;
    Prepare(title_analysis, segmenter);
    CollectMidSentenceCapitals(title_analysis, state);
  }
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    ParagraphAnalysis& p = article.paragraphs[i];
    p.index = paragraphs[i].first;
    p.text = paragraphs[i].second;
    Prepare(p, segmenter);
    CollectMidSentenceCapitals(p, state);
  }
  std::vector<std::vector<bool>> affiliation_only(paragraphs.size());
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    FindNames(article.paragraphs[i], entities, state);
    FindAffiliations(article.paragraphs[i], state, affiliation_only[i]);
  }
  if (!title.empty()) FindNames(title_analysis, entities, state);
  article.main_org = MainOrganisation(article.paragraphs, affiliation_only, title_analysis);

  // Pass C: pronouns and descriptions, in reading order.
  std::optional<Entity> last_person;
  std::optional<Entity> article_last_org;
  std::optional<Entity> article_last_institution;
  // Organisations and institutions named so far, latest last, for "the
  // authority" -> "Vestmark Health Authority".
  std::vector<std::pair<Entity, EntityType>> named_bodies;
  for (std::size_t i = 0; i < article.paragraphs.size(); ++i) {
    ParagraphAnalysis& p = article.paragraphs[i];
    // Fill affiliations learnt later in the article.
    for (EntityMention& m : p.mentions) {
      if (m.type == EntityType::kPerson && m.entity.affiliation.empty()) {
        auto it = state.affiliation_by_person.find(m.entity.id);
        if (it != state.affiliation_by_person.end()) m.entity.affiliation = it->second;
      }
    }
    std::optional<Entity> last_org;
    std::optional<Entity> last_institution;
    // The later of the two, for "it".
    std::optional<Entity> last_body;
    EntityType last_body_type = EntityType::kOrg;
    std::optional<Entity> last_speaker;
    bool main_org_seen = false;
    std::optional<Entity> last_product;
    bool in_quote = false;
    std::optional<Entity> last_group;
    std::vector<EntityMention> added;
    for (std::size_t t = 0; t < p.tokens.size(); ++t) {
      if (p.tokens[t].kind == TokenKind::kPunctuation) {
        const std::string_view mark = p.tokens[t].lower;
        if (Is(mark, "\xE2\x80\x9C")) in_quote = true;
        if (Is(mark, "\xE2\x80\x9D")) in_quote = false;
        if (Is(mark, "\"")) in_quote = !in_quote;
      }
      const int at = p.mention_at_token[t];
      if (at >= 0) {
        const EntityMention& m = p.mentions[at];
        if (t == m.first_token) {
          if (m.kind == MentionKind::kGroup) {
            last_group = m.entity;
            if (m.type == EntityType::kOrg) last_org = m.entity;
            if (m.type == EntityType::kInstitution) last_institution = m.entity;
          } else if (m.type == EntityType::kPerson) {
            // People named inside quotations are rarely the "he" who speaks,
            // nor is the listener of "told X".
            const bool listener =
                m.first_token > 0 && (Is(p.tokens[m.first_token - 1].lower, "told") ||
                                      Is(p.tokens[m.first_token - 1].lower, "tells"));
            if (!in_quote && !listener) last_person = m.entity;
            // A person next to a reporting verb is the likely "she said".
            const bool before_cue =
                m.last_token + 1 < p.tokens.size() && IsReportingVerb(p.tokens[m.last_token + 1]);
            const bool after_cue =
                m.first_token > 0 && IsReportingVerb(p.tokens[m.first_token - 1]);
            if (!in_quote && !listener && (before_cue || after_cue)) last_speaker = m.entity;
          }
          // A repeat of the latest body changes nothing for the search from
          // the back (BodyNamedByHead); articles name their subject often.
          const bool repeat = !named_bodies.empty() && named_bodies.back().second == m.type &&
                              named_bodies.back().first.id == m.entity.id &&
                              named_bodies.back().first.name == m.entity.name;
          if ((m.type == EntityType::kOrg || m.type == EntityType::kInstitution) &&
              m.kind == MentionKind::kName && !repeat) {
            Entity body = m.entity;
            body.affiliation.clear();
            named_bodies.emplace_back(std::move(body), m.type);
          }
          if (m.kind == MentionKind::kGroup || m.type == EntityType::kPerson) {
            // handled above
          } else if (m.type == EntityType::kInstitution && !affiliation_only[i][at]) {
            last_institution = m.entity;
            last_institution->affiliation.clear();
            article_last_institution = last_institution;
            last_body = last_institution;
            last_body_type = EntityType::kInstitution;
          } else if (m.type == EntityType::kOrg && !affiliation_only[i][at]) {
            last_org = m.entity;
            last_org->affiliation.clear();
            article_last_org = last_org;
            last_body = last_org;
            last_body_type = EntityType::kOrg;
            if (article.main_org && m.entity.id == article.main_org->id) main_org_seen = true;
          } else if (m.type == EntityType::kProduct) {
            last_product = m.entity;
          }
        }
        t = m.last_token;
        continue;
      }
      const Token& token = p.tokens[t];
      if (!IsWord(token)) continue;
      const std::string_view w = token.lower;
      EntityMention mention;
      mention.first_token = t;
      mention.last_token = t;
      mention.start = token.start;
      mention.end = token.end;
      bool make = false;
      if (Is(w, "he") || Is(w, "she") || Is(w, "him") || Is(w, "his") || Is(w, "her")) {
        mention.kind = MentionKind::kPronoun;
        mention.type = EntityType::kPerson;
        const bool subject_of_cue = (Is(w, "he") || Is(w, "she")) && t + 1 < p.tokens.size() &&
                                    IsReportingVerb(p.tokens[t + 1]);
        if (subject_of_cue && last_speaker) {
          mention.entity = *last_speaker;
        } else if (last_person) {
          mention.entity = *last_person;
        }
        make = true;
      } else if (Is(w, "it") || Is(w, "its")) {
        mention.kind = MentionKind::kPronoun;
        mention.type = EntityType::kOrg;
        if (last_body) {
          mention.entity = *last_body;
          mention.type = last_body_type;
        } else if (article.main_org) {
          mention.entity = *article.main_org;
        }
        make = true;
      } else if (Is(w, "they") || Is(w, "their")) {
        mention.kind = MentionKind::kPronoun;
        mention.type = last_group ? EntityType::kPerson : EntityType::kOrg;
        if (last_group) mention.entity = *last_group;
        make = true;
      } else if (Is(w, "the") || Is(w, "this") || Is(w, "that")) {
        // "the (Chinese|Hangzhou-based|AI)* company"
        std::size_t k = t + 1;
        int modifiers = 0;
        while (
            k < p.tokens.size() && modifiers <= 3 && IsWord(p.tokens[k]) &&
            (p.mention_at_token[k] < 0 ||
             (!p.mentions[p.mention_at_token[k]].possessive &&
              p.mentions[p.mention_at_token[k]].type != EntityType::kPerson &&
              k + 1 < p.tokens.size() && p.mention_at_token[k + 1] < 0 && IsWord(p.tokens[k + 1]) &&
              (Contains(OrgDescriptionHeads(), p.tokens[k + 1].lower) ||
               Contains(InstitutionDescriptionHeads(), p.tokens[k + 1].lower))))) {
          const std::string_view head = p.tokens[k].lower;
          // "the Beijing-based startup 01.AI": the name that follows.
          const int named = k + 1 < p.tokens.size() ? p.mention_at_token[k + 1] : -1;
          if ((Contains(OrgDescriptionHeads(), head) ||
               Contains(InstitutionDescriptionHeads(), head)) &&
              named >= 0 && p.mentions[named].kind == MentionKind::kName &&
              p.mentions[named].first_token == k + 1 &&
              p.mentions[named].type != EntityType::kPlace &&
              p.mentions[named].type != EntityType::kPerson) {
            break;  // the name itself is the mention
          }
          const bool org_head = Contains(OrgDescriptionHeads(), head) && !Is(head, "companies");
          if (org_head || Contains(InstitutionDescriptionHeads(), head)) {
            mention.kind = MentionKind::kDescription;
            mention.type = org_head ? EntityType::kOrg : EntityType::kInstitution;
            std::optional<std::pair<Entity, EntityType>> antecedent =
                BodyNamedByHead(named_bodies, head);
            // The article's own company when the paragraph has named it
            // ("..., led by Fund X, the company said" is about the subject).
            if (!antecedent && org_head && main_org_seen && article.main_org) {
              antecedent.emplace(*article.main_org, EntityType::kOrg);
            }
            // The subject of the sentence: "X signed Y from Z, the club said".
            if (!antecedent) antecedent = SentenceSubjectBody(p, affiliation_only[i], t);
            // Else the latest of the same kind: organisations in the paragraph,
            // then the main one; institutions in the paragraph, in the
            // article, then organisations.
            const std::optional<Entity>* candidates[4] = {&last_org, &article.main_org, nullptr,
                                                          nullptr};
            if (!org_head) {
              candidates[0] = &last_institution;
              candidates[1] = &article_last_institution;
              candidates[2] = &last_org;
              candidates[3] = &article_last_org;
            }
            for (int c = 0; c < 4 && !antecedent && candidates[c] != nullptr; ++c) {
              if (*candidates[c]) {
                antecedent.emplace(**candidates[c], c < 2 ? mention.type : EntityType::kOrg);
              }
            }
            if (antecedent) {
              mention.entity = std::move(antecedent->first);
              mention.type = antecedent->second;
              // "The corporation blamed ..., it said": "it" is the same body.
              (mention.type == EntityType::kOrg ? last_org : last_institution) = mention.entity;
              last_body = mention.entity;
              last_body_type = mention.type;
            }
            // An unresolved "the company" still keeps "the" from starting a
            // name; an unresolved "the authority" is dropped.
            make = org_head || mention.resolved();
            break;
          }
          if (Contains(ProductDescriptionHeads(), head)) {
            if (last_product) {
              mention.kind = MentionKind::kDescription;
              mention.type = EntityType::kProduct;
              mention.entity = *last_product;
              make = true;
            }
            break;
          }
          if (p.tokens[k].possessive || Contains(Prepositions(), head) || Is(head, "and") ||
              Is(head, "or")) {
            break;
          }
          ++k;
          ++modifiers;
        }
        if (make) mention.last_token = k;
        mention.end = p.tokens[mention.last_token].end;
      }
      if (make) {
        if (t > 0) {
          const Token& before = p.tokens[t - 1];
          mention.after_preposition = IsWord(before) && ((before.classes & kPrepositionClass) != 0);
        }
        mention.possessive = p.tokens[mention.last_token].possessive || Is(w, "its") ||
                             Is(w, "his") || Is(w, "their");
        added.push_back(std::move(mention));
        t = added.back().last_token;
      }
    }
    if (!added.empty()) {
      // A description swallows a name used as its modifier ("the Bundesliga
      // club" refers to the club, not to the league).
      p.mentions.erase(std::remove_if(p.mentions.begin(), p.mentions.end(),
                                      [&](const EntityMention& name) {
                                        for (const EntityMention& d : added) {
                                          if (name.first_token >= d.first_token &&
                                              name.last_token <= d.last_token &&
                                              name.type != EntityType::kPlace) {
                                            return true;
                                          }
                                        }
                                        return false;
                                      }),
                       p.mentions.end());
      for (EntityMention& m : added) p.mentions.push_back(std::move(m));
      SortByStart(p.mentions);
      std::fill(p.mention_at_token.begin(), p.mention_at_token.end(), -1);
      for (std::size_t m = 0; m < p.mentions.size(); ++m) {
        for (std::size_t k = p.mentions[m].first_token; k <= p.mentions[m].last_token; ++k) {
          p.mention_at_token[k] = static_cast<int>(m);
        }
      }
    }
  }
  // Affiliations given by descriptions, known only now: "Mara Ellison, the
  // company's chief executive" works for the company "the company" is.
  bool learnt = false;
  for (ParagraphAnalysis& p : article.paragraphs) {
    for (EntityMention& person : p.mentions) {
      if (person.type != EntityType::kPerson || person.kind != MentionKind::kName ||
          !person.entity.affiliation.empty()) {
        continue;
      }
      std::size_t from = 0;
      std::size_t to = 0;
      std::size_t role_first = 0;
      if (RoleAppositiveAfter(p, person.last_token, &from, &to)) {
        // [from, to) is the appositive.
      } else if (RoleBefore(p, person.first_token, &role_first) && role_first > 0) {
        from = role_first - 1;
        to = role_first;
      }
      for (std::size_t k = from; k < to; ++k) {
        const int at = p.mention_at_token[k];
        if (at < 0 || p.mentions[at].kind == MentionKind::kName) continue;
        const EntityMention& body = p.mentions[at];
        if (body.resolved() && IsAffiliationType(body.type)) {
          person.entity.affiliation = body.entity.name;
          state.affiliation_by_person.try_emplace(person.entity.id, body.entity.name);
          learnt = true;
          break;
        }
      }
    }
  }
  if (learnt) {
    for (ParagraphAnalysis& p : article.paragraphs) {
      for (EntityMention& m : p.mentions) {
        if (m.type != EntityType::kPerson || !m.entity.affiliation.empty()) continue;
        auto it = state.affiliation_by_person.find(m.entity.id);
        if (it != state.affiliation_by_person.end()) m.entity.affiliation = it->second;
      }
    }
  }
  return article;
}

}  // namespace claimtrace::claims
