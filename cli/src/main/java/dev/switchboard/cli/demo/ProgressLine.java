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

  /** Replaces the live line (terminals only). */
  synchronized void update(String line) {
    if (terminal) {
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

  private String pad(String line) {
    return line.length() >= shown ? line : line + " ".repeat(shown - line.length());
  }
}
