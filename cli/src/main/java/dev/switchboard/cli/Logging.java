package dev.switchboard.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * grpc-java and Netty log through java.util.logging, whose default handler prints multi-line
 * records with stack traces on stderr. The CLI keeps only SEVERE records, one line each, like its
 * logback configuration does for SLF4J.
 */
final class Logging {
  private Logging() {}

  /**
   * Raises Switchboard's own SLF4J loggers to ERROR, for commands that report those events
   * themselves (the demo prints ejections in its summary; a warning line would break its live line).
   */
  static void onlyErrorsFromSwitchboard() {
    org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("dev.switchboard");
    if (logger instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  static void quietJul() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.SEVERE);
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.SEVERE);
    handler.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        String name = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
        String cause = r.getThrown() == null ? "" : " (" + CliErrors.describe(r.getThrown()) + ")";
        return "switchboard: " + r.getLevel() + " " + name + ": " + CliErrors.oneLine(formatMessage(r)) + cause
            + System.lineSeparator();
      }
    });
    root.addHandler(handler);
  }
}
