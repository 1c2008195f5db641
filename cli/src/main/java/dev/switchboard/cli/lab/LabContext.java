package dev.switchboard.cli.lab;

import java.io.PrintWriter;

/**
 * How an experiment runs: full size or {@code --quick} (under a minute), the seed of every random
 * draw, and where progress lines go. Immutable.
 *
 * @param scale 1.0 for the full experiment; {@link #QUICK} for {@code --quick}; tests may go lower
 * @param seed seed of every random draw (latencies, coins)
 * @param log progress, one line per step
 */
public record LabContext(double scale, long seed, PrintWriter log) {
  /** The scale of {@code --quick}. */
  public static final double QUICK = 0.25;

  public boolean quick() {
    return scale < 1.0;
  }

  /** {@code full} scaled, at least {@code min}. */
  public int scaled(int full, int min) {
    return Math.max(min, (int) Math.round(full * scale));
  }

  /** {@code fullMillis} scaled, at least {@code minMillis}. */
  public java.time.Duration scaledMillis(long fullMillis, long minMillis) {
    return java.time.Duration.ofMillis(Math.max(minMillis, Math.round(fullMillis * scale)));
  }

  public void log(String format, Object... args) {
    log.printf(format + "%n", args);
    log.flush();
  }
}
