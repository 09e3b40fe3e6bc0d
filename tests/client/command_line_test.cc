#include "client/command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace claimtrace::client {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<ParsedCommandLine> Parse(std::vector<std::string> args) {
  return ParseCommandLine(args);
}

std::string ErrorOf(std::vector<std::string> args) {
  const auto parsed = Parse(std::move(args));
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? "" : std::string(parsed.status().message());
}

TEST(ParseCommandLineTest, ResolvesSubcommandsAndArguments) {
  const auto parsed = Parse({"claims", "get", "abc"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_NE(parsed->command, nullptr);
  EXPECT_EQ(parsed->command->path, "claims get");
  EXPECT_EQ(parsed->args, std::vector<std::string>{"abc"});
}

TEST(ParseCommandLineTest, AcceptsGlobalFlagsBeforeAndAfterTheCommand) {
  const auto before = Parse({"--claims", "db1:1", "-o", "json", "claims", "list"});
  const auto after = Parse({"claims", "list", "--claims=db1:1", "--output", "json"});
  for (const auto* parsed : {&before, &after}) {
    ASSERT_TRUE(parsed->ok()) << parsed->status();
    EXPECT_EQ((*parsed)->global.claims_address, "db1:1");
    EXPECT_EQ((*parsed)->global.output, OutputFormat::kJson);
  }
}

TEST(ParseCommandLineTest, ReadsCommandFlagsInBothSpellings) {
  const auto parsed =
      Parse({"claims", "list", "--subject", "port-ellwood", "--kind=quantity", "-v"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->get("subject"), "port-ellwood");
  EXPECT_EQ(parsed->get("kind"), "quantity");
  EXPECT_FALSE(parsed->has("predicate"));
  EXPECT_TRUE(parsed->global.verbose);
}

TEST(ParseCommandLineTest, TakesDashAsStdinAndDoubleDashAsEndOfFlags) {
  const auto ingest = Parse({"ingest", "-", "a.txt"});
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  EXPECT_EQ(ingest->args, (std::vector<std::string>{"-", "a.txt"}));
  const auto search = Parse({"claims", "search", "--", "--weird", "query"});
  ASSERT_TRUE(search.ok()) << search.status();
  EXPECT_EQ(search->args, (std::vector<std::string>{"--weird", "query"}));
}

TEST(ParseCommandLineTest, RejectsUnknownFlagsWithTheClosestOne) {
  const std::string error = ErrorOf({"claims", "list", "--subjet", "x"});
  EXPECT_THAT(error, HasSubstr("unknown flag --subjet"));
  EXPECT_THAT(error, HasSubstr("did you mean --subject?"));
  EXPECT_THAT(error, HasSubstr("claimctl claims list --help"));
}

TEST(ParseCommandLineTest, RejectsFlagsOfAnotherCommand) {
  // --subject belongs to claims list, not to trace.
  EXPECT_THAT(ErrorOf({"trace", "abc", "--subject", "x"}), HasSubstr("unknown flag --subject"));
  EXPECT_THAT(ErrorOf({"--subject", "x", "trace", "abc"}), HasSubstr("unknown flag --subject"));
}

TEST(ParseCommandLineTest, RejectsUnknownCommandsWithASuggestion) {
  EXPECT_THAT(ErrorOf({"claim", "list"}), HasSubstr("did you mean \"claims\"?"));
  EXPECT_THAT(ErrorOf({"claims", "lst"}), HasSubstr("did you mean \"claims list\"?"));
  EXPECT_THAT(ErrorOf({"claims"}), HasSubstr("needs a subcommand: list, get, search"));
  EXPECT_THAT(ErrorOf({}), HasSubstr("missing command"));
}

TEST(ParseCommandLineTest, RejectsMissingFlagValues) {
  EXPECT_THAT(ErrorOf({"claims", "list", "--subject"}), HasSubstr("--subject needs a value"));
  EXPECT_THAT(ErrorOf({"health", "--verbose=yes"}), HasSubstr("--verbose takes no value"));
}

TEST(ParseCommandLineTest, RejectsBadOutputAndTimeoutValues) {
  EXPECT_THAT(ErrorOf({"health", "--output", "yaml"}), HasSubstr("table, json or jsonl"));
  EXPECT_THAT(ErrorOf({"health", "--timeout", "soon"}), HasSubstr("--timeout"));
  EXPECT_THAT(ErrorOf({"health", "--timeout", "0"}), HasSubstr("--timeout"));
  EXPECT_THAT(ErrorOf({"health", "-x"}), HasSubstr("unknown flag -x"));
}

TEST(ParseCommandLineTest, ChecksTheNumberOfArguments) {
  EXPECT_THAT(ErrorOf({"trace"}), HasSubstr("\"trace\" takes exactly one CLAIM"));
  EXPECT_THAT(ErrorOf({"claims", "get", "a", "b"}), HasSubstr("takes exactly one NAME"));
  EXPECT_THAT(ErrorOf({"health", "extra"}), HasSubstr("takes no arguments"));
  EXPECT_THAT(ErrorOf({"ingest"}), HasSubstr("FILE..."));
}

TEST(ParseCommandLineTest, RoutesHelpRequests) {
  const auto top = Parse({"--help"});
  ASSERT_TRUE(top.ok());
  EXPECT_TRUE(top->help);
  EXPECT_EQ(top->command, nullptr);

  for (const auto& args : std::vector<std::vector<std::string>>{
           {"help", "claims", "list"}, {"claims", "list", "--help"}, {"-h", "claims", "list"}}) {
    const auto parsed = Parse(args);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_TRUE(parsed->help);
    ASSERT_NE(parsed->command, nullptr);
    EXPECT_EQ(parsed->command->path, "claims list");
  }
  const auto group = Parse({"help", "claims"});
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->group, "claims");
  // Help does not need the command's arguments.
  EXPECT_TRUE(Parse({"trace", "--help"}).ok());
  EXPECT_THAT(ErrorOf({"help", "frobnicate"}), HasSubstr("unknown command"));
}

TEST(ParseTimeoutTest, AcceptsUnitsAndPlainSeconds) {
  EXPECT_EQ(*ParseTimeout("10s"), std::chrono::milliseconds(10000));
  EXPECT_EQ(*ParseTimeout("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(*ParseTimeout("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_EQ(*ParseTimeout("2m"), std::chrono::milliseconds(120000));
  EXPECT_EQ(*ParseTimeout("3"), std::chrono::milliseconds(3000));
  EXPECT_FALSE(ParseTimeout("-1s").ok());
  EXPECT_FALSE(ParseTimeout("10 s").ok());
  EXPECT_FALSE(ParseTimeout("").ok());
}

TEST(HelpTest, EveryCommandHasHelpWithAnExampleAndTheExitCodes) {
  for (const CommandSpec& command : CommandTable()) {
    const std::string help = CommandHelp(command);
    EXPECT_THAT(help, HasSubstr("Usage: claimctl " + command.path)) << command.path;
    ASSERT_FALSE(command.examples.empty()) << command.path;
    EXPECT_THAT(help, HasSubstr(command.examples.front())) << command.path;
    EXPECT_THAT(help, HasSubstr("5  a service is unavailable")) << command.path;
    for (const FlagSpec& flag : command.flags) EXPECT_THAT(help, HasSubstr("--" + flag.name));
  }
  const std::string top = TopLevelHelp();
  for (const CommandSpec& command : CommandTable()) EXPECT_THAT(top, HasSubstr(command.path));
  EXPECT_THAT(top, HasSubstr("3  not found"));
  EXPECT_THAT(GroupHelp("paragraphs"), HasSubstr("paragraphs get"));
}

}  // namespace
}  // namespace claimtrace::client
