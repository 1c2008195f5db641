package dev.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command. Subcommands: {@code demo}, {@code call}. */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    version = "switchboard 0.1.0-SNAPSHOT",
    description = "Resilient service-to-service calls for Java: demo and tools.",
    subcommands = {DemoCommand.class, CallCommand.class, CommandLine.HelpCommand.class})
public final class SwitchboardCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SwitchboardCli()).execute(args));
  }
}
