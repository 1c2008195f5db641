package dev.switchboard.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowCounterTest {
  private final AtomicLong now = new AtomicLong(-7_000_000_000L); // nanoTime may be negative
  private final Ticker ticker = now::get;

  @Test
  void countsWithinTheWindowAndForgetsSlicesAsTheyAgeOut() {
    SlidingWindowCounter c = new SlidingWindowCounter(ticker, Duration.ofSeconds(10), 10);
    c.add(3);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    c.add(2);
    assertThat(c.sum()).isEqualTo(5);
    now.addAndGet(Duration.ofMillis(5500).toNanos()); // first slice now older than the window
    assertThat(c.sum()).isEqualTo(2);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(c.sum()).isZero();
  }

  @Test
  void aReusedSliceStartsFromZero() {
    SlidingWindowCounter c = new SlidingWindowCounter(ticker, Duration.ofSeconds(1), 2);
    c.add(5);
    now.addAndGet(Duration.ofSeconds(1).toNanos()); // same slot index, next lap
    c.add(1);
    assertThat(c.sum()).isEqualTo(1);
  }

  @Test
  void incrementIfAtMostStopsAtTheLimit() {
    SlidingWindowCounter c = new SlidingWindowCounter(ticker, Duration.ofSeconds(10), 10);
    c.add(2);
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(c.incrementIfAtMost(4)).isTrue();
    assertThat(c.incrementIfAtMost(4)).isTrue();
    assertThat(c.incrementIfAtMost(4)).isFalse();
    assertThat(c.sum()).isEqualTo(4);
    c.decrementCurrent();
    assertThat(c.incrementIfAtMost(4)).isTrue();
  }

  @Test
  void aFreshCounterIsEmptyEvenAtTickerZero() {
    now.set(0);
    SlidingWindowCounter c = new SlidingWindowCounter(ticker, Duration.ofSeconds(10), 10);
    assertThat(c.sum()).isZero();
  }
}
