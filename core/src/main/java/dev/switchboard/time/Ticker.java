package dev.switchboard.time;

/**
 * A source of monotonic nanoseconds. Every time-dependent part of Switchboard reads time through a
 * ticker, so tests can inject a fake (see {@code dev.switchboard.testing.FakeTicker}) and never sleep.
 *
 * <p>Implementations must be thread-safe and monotonic (never go backwards). The value has no
 * relation to wall-clock time; only differences are meaningful.
 */
@FunctionalInterface
public interface Ticker {
  /** Current reading in nanoseconds. */
  long nanoTime();

  /** The system ticker, backed by {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
