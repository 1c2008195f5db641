package dev.switchboard.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code switchboard} command: {@code demo}, {@code lab}, {@code call}. Every bad argument is one
 * line on stderr and exit status 2; see {@link ExitCodes}.
 */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    version = "switchboard 0.1.0-SNAPSHOT",
    description = "Resilient service-to-service calls for Java: a demo, reproducible experiments, and a call tool.",
    footer = {"", "Exit status: 0 done; 1 the work failed; 2 a bad command line.",
        "Set SWITCHBOARD_DEBUG=1 to see stack traces of unexpected errors."},
    subcommands = {DemoCommand.class, LabCommand.class, CallCommand.class, CommandLine.HelpCommand.class})
public final class SwitchboardCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    Logging.quietJul();
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with {@code out} and {@code err}; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    // Interpolated into `call --help`: only the forms this jar can really resolve.
    System.setProperty("switchboard.cli.forms", String.join(" ", CallTarget.forms()));
    System.setProperty("switchboard.lab.experiments", String.join(", ", LabCommand.names()));
    CliErrors errors = new CliErrors();
    CommandLine cli = new CommandLine(new SwitchboardCli())
        .registerConverter(Duration.class, new DurationConverter())
        .setExpandAtFiles(false) // `-d @file` is curl's body-from-file, not picocli's argument file
        .setUsageHelpWidth(120)
        .setUsageHelpAutoWidth(true) // the terminal's width when it can be found, else 120
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors);
    return cli.execute(args);
  }
}
