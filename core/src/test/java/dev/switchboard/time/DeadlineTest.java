package dev.switchboard.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final Ticker ticker = now::get;

  @Test
  void remainingShrinksAsTheTickerAdvancesAndExpiresAtZero() {
    Deadline d = Deadline.after(Duration.ofMillis(100), ticker);
    assertThat(d.remainingMillis()).isEqualTo(100);
    now.addAndGet(Duration.ofMillis(60).toNanos());
    assertThat(d.remaining()).isEqualTo(Duration.ofMillis(40));
    assertThat(d.isExpired()).isFalse();
    now.addAndGet(Duration.ofMillis(40).toNanos());
    assertThat(d.isExpired()).isTrue();
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
  }

  @Test
  void earliestPicksTheSoonerDeadlineAndToleratesNull() {
    Deadline a = Deadline.after(Duration.ofMillis(50), ticker);
    Deadline b = Deadline.after(Duration.ofMillis(80), ticker);
    assertThat(a.earliest(b)).isSameAs(a);
    assertThat(b.earliest(a)).isSameAs(a);
    assertThat(a.earliest(null)).isSameAs(a);
    assertThat(Deadline.earliest(null, b)).isSameAs(b);
    assertThat(Deadline.earliest(null, null)).isNull();
  }

  @Test
  void hugeTimeoutsSaturateInsteadOfOverflowing() {
    Deadline d = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), ticker);
    assertThat(d.isExpired()).isFalse();
    assertThat(d.remainingNanos()).isPositive();
  }

  @Test
  void negativeTimeoutIsAlreadyExpired() {
    assertThat(Deadline.after(Duration.ofMillis(-1), ticker).isExpired()).isTrue();
  }
}
