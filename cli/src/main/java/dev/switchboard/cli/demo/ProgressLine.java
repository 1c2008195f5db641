package dev.switchboard.cli.demo;

import java.io.PrintWriter;

/**
 * A live status line. On a terminal it rewrites one line in place with a carriage return; anywhere
 * else (a pipe, a CI log) it stays silent between milestones so logs are not flooded, and milestones
 * are plain lines in both cases. Thread-safe (synchronized).
 */
final class ProgressLine {
  private final PrintWriter out;
  private final boolean terminal;
  private int shown;

  ProgressLine(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Replaces the live line (terminals only), cut to the terminal's width so it never wraps. */
  synchronized void update(String full) {
    if (terminal) {
      String line = full.length() < width() ? full : full.substring(0, width() - 1);
      out.print('\r' + pad(line));
      out.flush();
      shown = line.length();
    }
  }

  /** Prints a line that stays, above the live line on a terminal. */
  synchronized void milestone(String line) {
    if (terminal && shown > 0) {
      out.print('\r' + pad(line) + System.lineSeparator());
      shown = 0;
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Clears the live line. */
  synchronized void finish() {
    if (terminal && shown > 0) {
      out.print('\r' + " ".repeat(shown) + '\r');
      out.flush();
      shown = 0;
    }
  }

  /** {@code $COLUMNS} when the shell exports it, else a width most terminals have. */
  private static int width() {
    try {
      int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").trim());
      return Math.max(40, columns);
    } catch (NumberFormatException e) {
      return 120;
    }
  }

  private String pad(String line) {
    return line.length() >= shown ? line : line + " ".repeat(shown - line.length());
  }
}
