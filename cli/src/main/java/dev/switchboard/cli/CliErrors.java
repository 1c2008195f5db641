package dev.switchboard.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit status: bad input ({@link ParameterException},
 * {@link UsageError}) is {@link ExitCodes#USAGE}; anything else is {@link ExitCodes#FAILED}, named by
 * its type and message. Stack traces are printed only when {@code SWITCHBOARD_DEBUG} is set, because a
 * user who mistyped an option needs the option's name, not our line numbers.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final String DEBUG_ENV = "SWITCHBOARD_DEBUG";

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(prefix(cmd) + oneLine(e.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (e instanceof UsageError) {
      err.println(prefix(cmd) + oneLine(e.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return ExitCodes.USAGE;
    }
    if (System.getenv(DEBUG_ENV) != null) {
      e.printStackTrace(err);
    }
    err.println(prefix(cmd) + "error: " + describe(e));
    err.flush();
    return ExitCodes.FAILED;
  }

  /** {@code Type: message} of the deepest cause worth naming, on one line. */
  static String describe(Throwable e) {
    Throwable t = e;
    while ((t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException
        || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? "" : ": " + oneLine(t.getMessage());
    return t.getClass().getSimpleName() + message;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static String prefix(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName() + ": ";
  }
}
