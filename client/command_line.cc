#include "client/command_line.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "absl/status/status.h"

namespace claimtrace::client {
namespace {

const FlagSpec kPageSize{"page-size", "N",
                         "Fetch one page of at most N results, then print the next page token "
                         "(default: fetch every page)"};
const FlagSpec kPageToken{"page-token", "TOKEN", "Fetch the page after a previous page (one page)"};

std::vector<CommandSpec> BuildCommandTable() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"ingest",
       "FILE...",
       "Store articles and extract their claims",
       "Reads each FILE (\"-\" for stdin; a directory for every .txt and .md file in it, in name "
       "order) and sends it to provenance_service, which stores it verbatim and has "
       "claims_service extract its claims. Prints each article's name, whether it is new, how "
       "many claims were found, and its title. Metadata flags apply to every file; --uri and "
       "--title only to a single file. With 4 or more files a progress line is shown on a "
       "terminal (stderr). --output json prints an array of IngestArticleResponse, jsonl one "
       "per line.",
       {{"uri", "URL", "Canonical URL (read from the text when not given)"},
        {"title", "TEXT", "Headline (read from the text when not given)"},
        {"publisher", "NAME", "Publisher (read from the text or the URL's host when not given)"},
        {"published", "TIME", "Publication time: RFC 3339 (2024-05-02T09:30:00Z) or YYYY-MM-DD"},
        {"language", "TAG", "BCP 47 language tag (default en)"}},
       {"claimctl ingest --publisher \"Harbour Gazette\" --published 2024-05-02 story.txt",
        "claimctl ingest articles/", "curl -s https://example.com/a.txt | claimctl ingest -"},
       1,
       -1});
  commands.push_back({"articles list",
                      "",
                      "List stored articles, newest first",
                      "Lists articles, newest publication first, optionally only those of one "
                      "publisher or URL.",
                      {{"publisher", "NAME", "Only articles of this publisher"},
                       {"uri", "URL", "Only the article with this URL"},
                       kPageSize,
                       kPageToken},
                      {"claimctl articles list --publisher \"Harbour Gazette\""},
                      0,
                      0});
  commands.push_back({"articles get",
                      "NAME",
                      "Show one article",
                      "Shows an article's metadata. NAME is articles/<id> or just the id.",
                      {},
                      {"claimctl articles get 0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
                      1,
                      1});
  commands.push_back({"paragraphs list",
                      "ARTICLE",
                      "List an article's paragraphs",
                      "Lists an article's paragraphs in order with their kind and text. ARTICLE "
                      "is articles/<id> or just the id.",
                      {kPageSize, kPageToken},
                      {"claimctl paragraphs list 0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
                      1,
                      1});
  commands.push_back({"paragraphs get",
                      "NAME",
                      "Show one paragraph",
                      "Shows one paragraph verbatim. NAME is articles/<id>/paragraphs/<n> or "
                      "<id>/paragraphs/<n>.",
                      {},
                      {"claimctl paragraphs get 0f1e2d3c4b5a69788796a5b4c3d2e1f0/paragraphs/3"},
                      1,
                      1});
  commands.push_back(
      {"claims list",
       "",
       "List claims, filtered",
       "Lists claims matching every given filter flag (the ListClaims filter is built from them, "
       "values quoted). --output json prints one ListClaimsResponse with every page merged "
       "(or the one page asked for with --page-size/--page-token); jsonl prints one Claim per "
       "line.",
       {{"subject", "ENTITY", "Only claims about this entity (id or name)"},
        {"predicate", "NAME", "Only claims with this predicate, e.g. cost"},
        {"kind", "KIND", "Only claims of this kind: quantity, date, location, comparison, quote"},
        {"claimant", "ENTITY", "Only claims asserted by this entity (id or name)"},
        {"unit", "UNIT", "Only quantities in this unit, e.g. USD or percent"},
        {"min-sources", "N", "Only claims made by at least N articles"},
        {"order", "ORDER", "name (default), sources (most sources first) or updated"},
        kPageSize,
        kPageToken},
       {"claimctl claims list --subject port-ellwood --kind quantity --min-sources 2"},
       0,
       0});
  commands.push_back({"claims get",
                      "NAME",
                      "Show one claim",
                      "Shows a claim with its normalised value, claimants and source count. NAME "
                      "is claims/<id> or just the id.",
                      {},
                      {"claimctl claims get 9a8b7c6d5e4f3a2b"},
                      1,
                      1});
  commands.push_back({"claims search",
                      "QUERY...",
                      "Full-text search over claims",
                      "Finds claims whose statement, subject, claimant or unit contain every "
                      "word of QUERY (a trailing * matches a prefix), best first. Several "
                      "arguments are joined with spaces.",
                      {kPageSize, kPageToken},
                      {"claimctl claims search \"training cost\""},
                      1,
                      -1});
  commands.push_back(
      {"conflicts",
       "",
       "List groups of claims that cannot all be true",
       "Lists claims about the same subject and predicate that contradict each "
       "other, with the reason.",
       {{"subject", "ID", "Only conflicts about this entity id"}, kPageSize, kPageToken},
       {"claimctl conflicts --subject port-ellwood"},
       0,
       0});
  commands.push_back(
      {"trace",
       "CLAIM",
       "Show a claim with every source, earliest first",
       "Shows the claim, then every source, earliest publication first: publisher, title, date, "
       "URL, paragraph number, the claimant as written in that article, and the paragraph with "
       "the quoted span highlighted (bold colour on a terminal, [[...]] markers otherwise). "
       "At most --sources of them (default 100); claimctl export lists every one. "
       "--output json prints the TraceClaimResponse; jsonl one TraceSource per line.",
       {{"sources", "N", "Show at most N sources, earliest first (1 to 1000, default 100)"}},
       {"claimctl trace 9a8b7c6d5e4f3a2b", "claimctl trace 9a8b7c6d5e4f3a2b --sources 1000"},
       1,
       1});
  commands.push_back(
      {"export",
       "",
       "Every piece of evidence with its claim, article and paragraph",
       "Pages through every evidence record of every article (or of --article) and joins each "
       "with its claim, article and paragraph. --output jsonl prints one object per line: "
       "{\"claim\": Claim, \"evidence\": Evidence, \"article\": Article, \"paragraph\": "
       "Paragraph}; --output json prints an array of those objects.",
       {{"article", "NAME", "Only the evidence of this article"}},
       {"claimctl export --output jsonl > evidence.jsonl"},
       0,
       0});
  commands.push_back({"health",
                      "",
                      "Check both services",
                      "Asks each service's grpc.health.v1 service whether it is SERVING and "
                      "prints the answer with the address. Exits 5 unless both are SERVING.",
                      {},
                      {"claimctl health --claims db1:50051 --provenance db1:50052"},
                      0,
                      0});
  commands.push_back({"help",
                      "[COMMAND]",
                      "Show help for claimctl or a command",
                      "Shows the help of a command, e.g. \"claimctl help claims list\".",
                      {},
                      {"claimctl help trace"},
                      0,
                      2});
  return commands;
}

std::vector<FlagSpec> BuildGlobalFlags() {
  return {
      {"claims", "ADDR",
       "claims_service address (default $CLAIMTRACE_CLAIMS_ADDR, else localhost:50051)"},
      {"provenance", "ADDR",
       "provenance_service address (default $CLAIMTRACE_PROVENANCE_ADDR, else localhost:50052)"},
      {"timeout", "DURATION", "Deadline of each call, e.g. 10s, 500ms (default 10s)"},
      {"output", "FORMAT",
       "table (default), json (one document) or jsonl (one object per line); -o"},
      {"verbose", "", "Print each call's x-request-id and timing to stderr; -v"},
      {"help", "", "Show help; -h"},
  };
}

std::set<std::string> Groups() {
  std::set<std::string> groups;
  for (const CommandSpec& command : CommandTable()) {
    const size_t space = command.path.find(' ');
    if (space != std::string::npos) groups.insert(command.path.substr(0, space));
  }
  return groups;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The candidate closest to `word`, if close enough to be a likely typo.
std::optional<std::string> Closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

const FlagSpec* FindFlag(const std::vector<FlagSpec>& flags, std::string_view name) {
  for (const FlagSpec& flag : flags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

// Any command's flag with this name (all flags of one name take the same
// kind of value), so a flag given before its command can be read.
const FlagSpec* FindAnyCommandFlag(std::string_view name) {
  for (const CommandSpec& command : CommandTable()) {
    if (const FlagSpec* flag = FindFlag(command.flags, name)) return flag;
  }
  return nullptr;
}

std::string HelpHint(const CommandSpec* command) {
  return command != nullptr ? "see \"claimctl " + command->path + " --help\""
                            : "see \"claimctl --help\"";
}

absl::Status Usage(const std::string& message) { return absl::InvalidArgumentError(message); }

absl::Status ApplyGlobalFlag(const std::string& name, const std::string& value,
                             GlobalOptions* global) {
  if (name == "claims") {
    if (value.empty()) return Usage("--claims needs an address, e.g. localhost:50051");
    global->claims_address = value;
  } else if (name == "provenance") {
    if (value.empty()) return Usage("--provenance needs an address, e.g. localhost:50052");
    global->provenance_address = value;
  } else if (name == "timeout") {
    absl::StatusOr<std::chrono::milliseconds> timeout = ParseTimeout(value);
    if (!timeout.ok()) return timeout.status();
    global->timeout = *timeout;
  } else if (name == "output") {
    if (value == "table") {
      global->output = OutputFormat::kTable;
    } else if (value == "json") {
      global->output = OutputFormat::kJson;
    } else if (value == "jsonl") {
      global->output = OutputFormat::kJsonl;
    } else {
      return Usage("--output takes table, json or jsonl, not \"" + value + "\"");
    }
  } else if (name == "verbose") {
    global->verbose = true;
  }
  return absl::OkStatus();
}

std::string Wrap(const std::string& text, size_t width, const std::string& indent) {
  std::string out, line;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    pos = end + 1;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

std::string FlagLines(const std::vector<FlagSpec>& flags) {
  std::string out;
  for (const FlagSpec& flag : flags) {
    std::string left = "  --" + flag.name;
    if (!flag.value_name.empty()) left += " " + flag.value_name;
    if (left.size() < 28) {
      left.resize(28, ' ');
    } else {
      left += "\n" + std::string(28, ' ');
    }
    // The help wrapped to 100 columns, continuation lines under the first.
    const std::string wrapped = Wrap(flag.help, 72, std::string(28, ' '));
    out += left + wrapped.substr(28);
  }
  return out;
}

constexpr char kExitCodeHelp[] =
    "Exit codes:\n"
    "  0  success\n"
    "  1  any other error\n"
    "  2  usage error (unknown command or flag, missing argument, bad flag value)\n"
    "  3  not found (no such claim, article or paragraph)\n"
    "  4  invalid argument (the service's message, e.g. a malformed name)\n"
    "  5  a service is unavailable or did not answer within --timeout; health: not SERVING\n";

}  // namespace

const std::vector<CommandSpec>& CommandTable() {
  static const auto* commands = new std::vector<CommandSpec>(BuildCommandTable());
  return *commands;
}

const std::vector<FlagSpec>& GlobalFlagTable() {
  static const auto* flags = new std::vector<FlagSpec>(BuildGlobalFlags());
  return *flags;
}

const CommandSpec* FindCommand(std::string_view path) {
  for (const CommandSpec& command : CommandTable()) {
    if (command.path == path) return &command;
  }
  return nullptr;
}

absl::StatusOr<std::chrono::milliseconds> ParseTimeout(std::string_view text) {
  const std::string s(text);
  const auto bad = [&] {
    return Usage("--timeout takes a positive duration such as 10s, 500ms or 1m, not \"" + s + "\"");
  };
  if (s.empty()) return bad();
  char* end = nullptr;
  const double number = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || number <= 0 || number > 1e7) return bad();
  const std::string unit(end);
  double millis = 0;
  if (unit.empty() || unit == "s") {
    millis = number * 1000;
  } else if (unit == "ms") {
    millis = number;
  } else if (unit == "m") {
    millis = number * 60000;
  } else if (unit == "h") {
    millis = number * 3600000;
  } else {
    return bad();
  }
  if (millis < 1) return bad();
  return std::chrono::milliseconds(static_cast<int64_t>(millis));
}

absl::StatusOr<ParsedCommandLine> ParseCommandLine(const std::vector<std::string>& args) {
  ParsedCommandLine parsed;
  std::vector<std::string> words;  // command words until the command is known
  bool command_known = false;
  bool help_topic = false;  // "claimctl help ..."
  bool flags_done = false;
  std::vector<std::pair<std::string, std::string>> command_flags;  // checked at the end
  const std::set<std::string> groups = Groups();

  const auto resolve = [&]() -> absl::Status {
    // Called with each new command word.
    const std::string& first = words.front();
    if (first == "help") {
      help_topic = true;
      command_known = true;
      return absl::OkStatus();
    }
    if (groups.count(first) > 0) {
      if (words.size() < 2) return absl::OkStatus();
      const std::string path = first + " " + words[1];
      parsed.command = FindCommand(path);
      if (parsed.command == nullptr) {
        std::vector<std::string> subcommands;
        for (const CommandSpec& c : CommandTable()) {
          if (c.path.rfind(first + " ", 0) == 0)
            subcommands.push_back(c.path.substr(first.size() + 1));
        }
        std::string message = "unknown command \"" + path + "\"";
        if (auto close = Closest(words[1], subcommands)) {
          message += "; did you mean \"" + first + " " + *close + "\"?";
        }
        return Usage(message + " (see \"claimctl " + first + " --help\")");
      }
      command_known = true;
      return absl::OkStatus();
    }
    parsed.command = FindCommand(first);
    if (parsed.command == nullptr) {
      std::vector<std::string> names(groups.begin(), groups.end());
      for (const CommandSpec& c : CommandTable()) {
        if (c.path.find(' ') == std::string::npos) names.push_back(c.path);
      }
      std::string message = "unknown command \"" + first + "\"";
      if (auto close = Closest(first, names)) message += "; did you mean \"" + *close + "\"?";
      return Usage(message + " (see \"claimctl --help\")");
    }
    command_known = true;
    return absl::OkStatus();
  };

  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool is_flag = !flags_done && arg.size() > 1 && arg[0] == '-';
    if (!is_flag) {
      if (!command_known) {
        words.push_back(arg);
        if (absl::Status status = resolve(); !status.ok()) return status;
      } else {
        parsed.args.push_back(arg);
      }
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    std::string name, value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0) {
      name = arg.substr(2);
      const size_t eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
        has_value = true;
      }
    } else if (arg == "-h") {
      name = "help";
    } else if (arg == "-v") {
      name = "verbose";
    } else if (arg == "-o") {
      name = "output";
    } else {
      return Usage("unknown flag " + arg + " (" + HelpHint(parsed.command) + ")");
    }
    const FlagSpec* spec = FindFlag(GlobalFlagTable(), name);
    const bool global = spec != nullptr;
    if (!global) {
      spec = parsed.command != nullptr ? FindFlag(parsed.command->flags, name)
                                       : FindAnyCommandFlag(name);
    }
    if (spec == nullptr) {
      std::vector<std::string> known;
      for (const FlagSpec& f : GlobalFlagTable()) known.push_back(f.name);
      if (parsed.command != nullptr) {
        for (const FlagSpec& f : parsed.command->flags) known.push_back(f.name);
      }
      std::string message = "unknown flag --" + name;
      if (parsed.command != nullptr) message += " for \"" + parsed.command->path + "\"";
      if (auto close = Closest(name, known)) message += "; did you mean --" + *close + "?";
      return Usage(message + " (" + HelpHint(parsed.command) + ")");
    }
    if (spec->value_name.empty()) {
      if (has_value)
        return Usage("--" + name + " takes no value (" + HelpHint(parsed.command) + ")");
    } else if (!has_value) {
      if (i + 1 >= args.size()) {
        return Usage("--" + name + " needs a value " + spec->value_name + " (" +
                     HelpHint(parsed.command) + ")");
      }
      value = args[++i];
    }
    if (name == "help") {
      parsed.help = true;
    } else if (global) {
      if (absl::Status status = ApplyGlobalFlag(name, value, &parsed.global); !status.ok()) {
        return status;
      }
    } else {
      command_flags.emplace_back(name, value);
    }
  }

  if (help_topic) {
    // "claimctl help [GROUP [SUB]]": the topic is in the positional args.
    parsed.help = true;
    parsed.command = nullptr;
    if (parsed.args.empty()) return parsed;
    if (parsed.args.size() > 2)
      return Usage("help takes at most two words, e.g. \"help claims list\"");
    std::string topic = parsed.args[0];
    if (parsed.args.size() == 2) topic += " " + parsed.args[1];
    parsed.command = FindCommand(topic);
    if (parsed.command == nullptr && parsed.args.size() == 1 && groups.count(topic) > 0) {
      parsed.group = topic;
    } else if (parsed.command == nullptr) {
      return Usage("no help for unknown command \"" + topic + "\" (see \"claimctl --help\")");
    }
    parsed.args.clear();
    return parsed;
  }
  if (!words.empty() && parsed.command == nullptr && groups.count(words.front()) > 0) {
    if (parsed.help) {
      parsed.group = words.front();
      return parsed;
    }
    std::string subcommands;
    for (const CommandSpec& c : CommandTable()) {
      if (c.path.rfind(words.front() + " ", 0) == 0) {
        subcommands += (subcommands.empty() ? "" : ", ") + c.path.substr(words.front().size() + 1);
      }
    }
    return Usage("\"" + words.front() + "\" needs a subcommand: " + subcommands +
                 " (see \"claimctl " + words.front() + " --help\")");
  }
  if (parsed.help) return parsed;
  if (parsed.command == nullptr) return Usage("missing command (see \"claimctl --help\")");

  for (const auto& [name, value] : command_flags) {
    if (FindFlag(parsed.command->flags, name) == nullptr) {
      return Usage("unknown flag --" + name + " for \"" + parsed.command->path + "\" (" +
                   HelpHint(parsed.command) + ")");
    }
    parsed.flags[name] = value;
  }
  const int count = static_cast<int>(parsed.args.size());
  const CommandSpec& command = *parsed.command;
  if (count < command.min_args || (command.max_args >= 0 && count > command.max_args)) {
    std::string expected;
    if (command.max_args == 0) {
      expected = "takes no arguments";
    } else if (command.min_args == command.max_args) {
      expected = "takes exactly one " + command.arguments;
    } else {
      expected = "takes " + command.arguments;
    }
    std::string message = "\"" + command.path + "\" " + expected;
    if (count > 0 && command.max_args >= 0 && count > command.max_args) {
      message += ", got " + std::to_string(count) + " (\"" + parsed.args.back() + "\"…)";
    }
    return Usage(message + " (" + HelpHint(&command) + ")");
  }
  return parsed;
}

std::string TopLevelHelp() {
  std::string out =
      "claimctl: command-line client for claimtrace's claims and provenance services\n\n"
      "Usage: claimctl [GLOBAL FLAGS] COMMAND [ARGS] [FLAGS]\n\n"
      "Commands:\n";
  for (const CommandSpec& command : CommandTable()) {
    std::string left = "  " + command.path;
    if (!command.arguments.empty()) left += " " + command.arguments;
    if (left.size() < 28) {
      left.resize(28, ' ');
    } else {
      left += "  ";
    }
    out += left + command.summary + "\n";
  }
  out += "\nGlobal flags (before or after the command):\n" + FlagLines(GlobalFlagTable());
  out +=
      "\nNames may be given in full (claims/<id>, articles/<id>, articles/<id>/paragraphs/<n>)\n"
      "or short (<id>, <id>/paragraphs/<n>). Tables fit the terminal width ($COLUMNS when not\n"
      "a terminal, else 100 columns). Colour only on a terminal, and never with NO_COLOR set.\n"
      "List commands fetch every page unless --page-size or --page-token asks for one page.\n\n";
  out += kExitCodeHelp;
  out +=
      "\nExamples:\n"
      "  claimctl ingest --publisher \"Harbour Gazette\" story.txt\n"
      "  claimctl claims list --subject port-ellwood --min-sources 2\n"
      "  claimctl trace 9a8b7c6d5e4f3a2b\n\n"
      "Run \"claimctl help COMMAND\" or \"claimctl COMMAND --help\" for a command's flags.\n";
  return out;
}

std::string GroupHelp(std::string_view group) {
  std::string out =
      "Usage: claimctl " + std::string(group) + " SUBCOMMAND [ARGS] [FLAGS]\n\nSubcommands:\n";
  std::string example;
  for (const CommandSpec& command : CommandTable()) {
    if (command.path.rfind(std::string(group) + " ", 0) != 0) continue;
    std::string left = "  " + command.path;
    if (!command.arguments.empty()) left += " " + command.arguments;
    if (left.size() < 28) {
      left.resize(28, ' ');
    } else {
      left += "  ";
    }
    out += left + command.summary + "\n";
    if (example.empty() && !command.examples.empty()) example = command.examples.front();
  }
  out += "\nExample:\n  " + example + "\n\nRun \"claimctl " + std::string(group) +
         " SUBCOMMAND --help\" for its flags.\n";
  return out;
}

std::string CommandHelp(const CommandSpec& command) {
  std::string out =
      "claimctl " + command.path + ": " + command.summary + "\n\nUsage: claimctl " + command.path;
  if (!command.arguments.empty()) out += " " + command.arguments;
  if (!command.flags.empty()) out += " [FLAGS]";
  out += "\n\n" + Wrap(command.description, 78, "") + "\n";
  if (!command.flags.empty()) out += "Flags:\n" + FlagLines(command.flags) + "\n";
  out += "Global flags:\n" + FlagLines(GlobalFlagTable()) + "\n";
  out += command.examples.size() == 1 ? "Example:\n" : "Examples:\n";
  for (const std::string& example : command.examples) out += "  " + example + "\n";
  out += "\n";
  out += kExitCodeHelp;
  return out;
}

std::string HelpFor(const ParsedCommandLine& parsed) {
  if (parsed.command != nullptr) return CommandHelp(*parsed.command);
  if (!parsed.group.empty()) return GroupHelp(parsed.group);
  return TopLevelHelp();
}

}  // namespace claimtrace::client
