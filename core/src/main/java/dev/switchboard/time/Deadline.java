package dev.switchboard.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An absolute point in time on a {@link Ticker}, after which a call is no longer wanted.
 *
 * <p>A deadline is never wall-clock and is never sent absolute on the wire: each hop sends the
 * time that remains, and the receiver builds a new deadline on its own ticker. The effective
 * deadline of a call is the {@linkplain #earliest(Deadline) earliest} of its own timeout and the
 * ambient one. Immutable and thread-safe.
 */
public final class Deadline implements Comparable<Deadline> {
  private final Ticker ticker;
  private final long deadlineNanos;

  private Deadline(Ticker ticker, long deadlineNanos) {
    this.ticker = ticker;
    this.deadlineNanos = deadlineNanos;
  }

  /** A deadline {@code timeout} from now on the system ticker. */
  public static Deadline after(Duration timeout) {
    return after(timeout, Ticker.system());
  }

  /** A deadline {@code timeout} from now on {@code ticker}. Negative timeouts are already expired. */
  public static Deadline after(Duration timeout, Ticker ticker) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(ticker, "ticker");
    return afterNanos(saturatedNanos(timeout), ticker);
  }

  /** A deadline {@code nanos} from now on {@code ticker}. */
  public static Deadline afterNanos(long nanos, Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    return afterNanos(nanos, ticker, ticker.nanoTime());
  }

  /**
   * A deadline {@code nanos} after {@code nowNanos}, a reading of {@code ticker} the caller has
   * just taken (for hot paths that read the ticker once and use the reading several times).
   */
  public static Deadline afterNanos(long nanos, Ticker ticker, long nowNanos) {
    Objects.requireNonNull(ticker, "ticker");
    long at = nowNanos + nanos;
    if (nanos > 0 && at < nowNanos) {
      at = Long.MAX_VALUE; // overflow: treat as "practically never"
    }
    return new Deadline(ticker, at);
  }

  /** The ticker this deadline is measured on. */
  public Ticker ticker() {
    return ticker;
  }

  /** Nanoseconds until expiry; zero or negative once expired. */
  public long remainingNanos() {
    return deadlineNanos - ticker.nanoTime();
  }

  /**
   * Nanoseconds until expiry as of {@code nowNanos}, a reading of {@code ticker} the caller has
   * just taken; when this deadline runs on another ticker, it reads its own instead.
   */
  public long remainingNanos(Ticker ticker, long nowNanos) {
    return ticker == this.ticker ? deadlineNanos - nowNanos : remainingNanos();
  }

  /** Time until expiry, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  /** Whole milliseconds remaining, rounded down and never negative. */
  public long remainingMillis() {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(0, remainingNanos()));
  }

  /** True once the deadline has passed. */
  public boolean isExpired() {
    return remainingNanos() <= 0;
  }

  /** Whichever of this and {@code other} expires first; {@code other} may be null. */
  public Deadline earliest(Deadline other) {
    if (other == null) {
      return this;
    }
    return compareTo(other) <= 0 ? this : other;
  }

  /** The earliest of two possibly-null deadlines, or null when both are null. */
  public static Deadline earliest(Deadline a, Deadline b) {
    return a == null ? b : a.earliest(b);
  }

  @Override
  public int compareTo(Deadline o) {
    // Compare remaining times so deadlines on different tickers still order sensibly.
    return Long.compare(remainingNanos(), o.remainingNanos());
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    long ms = TimeUnit.NANOSECONDS.toMillis(remainingNanos());
    return ms <= 0 ? "Deadline[expired " + (-ms) + " ms ago]" : "Deadline[" + ms + " ms left]";
  }
}
