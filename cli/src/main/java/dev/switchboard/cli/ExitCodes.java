package dev.switchboard.cli;

/** The CLI's exit statuses, as its {@code --help} states them. */
final class ExitCodes {
  /** Done as asked. */
  static final int OK = 0;
  /** The work failed: a call got an error or a non-2xx answer, an experiment could not run. */
  static final int FAILED = 1;
  /** The command line was wrong: unknown option, bad value, bad target or path. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
