package dev.switchboard.testing;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told to. Use it for every algorithm that reads time
 * (balancers, budgets, breakers, EWMA, hedge delays) so tests never sleep. Thread-safe.
 *
 * <pre>{@code
 * FakeTicker ticker = new FakeTicker();
 * RetryBudget budget = RetryBudget.builder().ticker(ticker).build();
 * ticker.advance(Duration.ofSeconds(10));
 * }</pre>
 */
public final class FakeTicker implements Ticker {
  private final AtomicLong nanos;

  /** A ticker starting at an arbitrary non-zero reading, as real tickers do. */
  public FakeTicker() {
    this(1_000_000_000L);
  }

  /** A ticker starting at {@code startNanos}. */
  public FakeTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Moves time forward by {@code duration}; negative durations are rejected. */
  public FakeTicker advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + duration);
    }
    nanos.addAndGet(duration.toNanos());
    return this;
  }

  /**
   * Moves time forward to the reading {@code nanos}, for simulations that replay timestamps.
   *
   * @throws IllegalArgumentException if {@code nanos} is earlier than now
   */
  public FakeTicker advanceTo(long nanos) {
    long now = nanos();
    if (nanos < now) {
      throw new IllegalArgumentException("time only moves forward: " + nanos + " < " + now);
    }
    return advance(Duration.ofNanos(nanos - now));
  }

  private long nanos() {
    return this.nanos.get();
  }

  /** Moves time forward by {@code millis} milliseconds. */
  public FakeTicker advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }
}
