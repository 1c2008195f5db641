package dev.switchboard.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  @Test
  void bucketsAreContiguousAndEachUpperEdgeIsWithinOneEighthOfItsValues() {
    for (long micros = 0; micros < 1 << 20; micros += 1 + micros / 97) {
      int b = LatencyHistogram.bucket(micros);
      assertThat(LatencyHistogram.upperEdgeMicros(b)).isGreaterThan(micros);
      assertThat(b == 0 || LatencyHistogram.upperEdgeMicros(b - 1) <= micros).isTrue();
      assertThat((double) LatencyHistogram.upperEdgeMicros(b)).isLessThanOrEqualTo(micros * 1.125 + 1);
    }
    assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
  }

  @Test
  void percentilesComeFromTheWindowAndOldSlicesAgeOut() {
    LatencyHistogram h = new LatencyHistogram(ticker, Duration.ofSeconds(10), 10);
    for (int i = 1; i <= 100; i++) {
      h.record(Duration.ofMillis(i).toNanos());
    }
    assertThat(h.count()).isEqualTo(100);
    assertThat(h.percentileNanos(50, 1)).isBetween(50_000_000L, 56_250_000L);
    assertThat(h.percentileNanos(99, 1)).isBetween(99_000_000L, 111_375_000L);
    assertThat(h.percentileNanos(50, 101)).isEqualTo(-1);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(h.count()).isZero();
    assertThat(h.percentileNanos(50, 1)).isEqualTo(-1);
  }

  @Test
  void concurrentRecordsAreNeverLost() throws InterruptedException {
    LatencyHistogram h = new LatencyHistogram(ticker, Duration.ofSeconds(10), 10);
    int threads = 4;
    int each = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          h.record(3_000_000); // all into one cell: the worst case for contention
        }
      });
      ts[t].start();
    }
    go.countDown();
    for (Thread t : ts) {
      t.join(10_000);
    }
    assertThat(h.count()).isEqualTo((long) threads * each);
  }
}
