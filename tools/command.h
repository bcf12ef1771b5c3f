// CLI subcommands register themselves here, one file per subcommand (cmd_*.cpp), so
// adding a command touches no other file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace framekit::cli {

// Adds the subcommand to `app` and returns the function to run when it is chosen.
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct CommandRegistration {
  CommandRegistration(std::string name, CommandSetup setup);
};

struct RegisteredCommand {
  std::string name;
  CommandSetup setup;
};
std::vector<RegisteredCommand>& registered_commands();

}  // namespace framekit::cli

// Usage: FRAMEKIT_CLI_COMMAND(info) { auto* sub = app.add_subcommand(...); return [=]{...}; }
#define FRAMEKIT_CLI_COMMAND(name)                                                   \
  static std::function<int()> framekit_cli_setup_##name(CLI::App& app);               \
  static ::framekit::cli::CommandRegistration framekit_cli_reg_##name(#name,          \
                                                                      framekit_cli_setup_##name); \
  static std::function<int()> framekit_cli_setup_##name(CLI::App& app)
