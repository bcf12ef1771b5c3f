#include <algorithm>
#include <cstdio>
#include <exception>

#include "cli_error.h"
#include "command.h"
#include "framekit/core/error.h"

namespace framekit::cli {

std::vector<RegisteredCommand>& registered_commands() {
  static std::vector<RegisteredCommand> commands;
  return commands;
}

CommandRegistration::CommandRegistration(std::string name, CommandSetup setup) {
  registered_commands().push_back({std::move(name), std::move(setup)});
}

}  // namespace framekit::cli

int main(int argc, char** argv) {
  using namespace framekit::cli;
  constexpr int kUsageExit = 2;
  CLI::App app{"framekit: video frame conversion and JPEG encoding"};
  app.set_version_flag("--version", std::string("framekit ") + FRAMEKIT_VERSION);
  app.require_subcommand(1);
  auto& commands = registered_commands();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<std::pair<CLI::App*, std::function<int()>>> runners;
  for (auto& c : commands) {
    const size_t before = app.get_subcommands({}).size();
    auto run = c.setup(app);
    auto subs = app.get_subcommands({});
    if (subs.size() > before) runners.emplace_back(subs.back(), std::move(run));
  }
  // Exit codes (README "Command line"): 0 success, 2 a usage error (CLI11's parse
  // errors included), 1 any other failure.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kUsageExit;
  }
  try {
    for (auto& [sub, run] : runners)
      if (sub->parsed()) return run();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "framekit: error: %s\n", e.what());
    std::fprintf(stderr, "Run with --help for more information.\n");
    return kUsageExit;
  } catch (const framekit::Error& e) {
    std::fprintf(stderr, "framekit: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "framekit: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
