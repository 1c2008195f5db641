package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = now::get;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final TelemetryListener telemetry = new TelemetryListener() {
    @Override
    public void onLimitRejected(String service, int limit, int inFlight) {
      events.add("rejected " + inFlight + "/" + limit);
    }

    @Override
    public void onLimitChanged(String service, int oldLimit, int newLimit) {
      events.add("changed " + oldLimit + "->" + newLimit);
    }
  };

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private ConcurrencyLimit limit(ConcurrencyLimitPolicy config) {
    return ConcurrencyLimit.create(config, "users", ticker, telemetry, Timer.of(scheduler));
  }

  @Test
  void rejectsTheCallOneAboveTheLimit() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.fixed(3));
    for (int i = 0; i < 3; i++) {
      assertThat(limit.acquire(0)).isDone().isNotCompletedExceptionally();
    }
    CompletableFuture<Void> fourth = limit.acquire(0);
    assertThat(fourth).isCompletedExceptionally();
    assertThatThrownBy(fourth::join).hasCauseInstanceOf(RejectedCallException.class)
        .cause().hasMessageContaining("3 in flight, limit 3");
    assertThat(((RejectedCallException) failureOf(fourth)).kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED);
    assertThat(events).containsExactly("rejected 3/3");
    limit.release(MS, false);
    assertThat(limit.tryAcquire()).isTrue();
  }

  @Test
  void aWaitingCallGetsTheNextFreedSlot() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.fixed(1).toBuilder().maxWait(Duration.ofSeconds(30)).build());
    assertThat(limit.tryAcquire()).isTrue();
    CompletableFuture<Void> waiting = limit.acquire(TimeUnit.SECONDS.toNanos(30));
    assertThat(waiting).isNotDone();
    limit.release(MS, false);
    assertThat(waiting).isDone().isNotCompletedExceptionally();
    assertThat(limit.inFlight()).isEqualTo(1); // handed over, not freed
    limit.releaseIgnored();
    assertThat(limit.inFlight()).isZero();
  }

  @Test
  void aWaitEndsWithConcurrencyLimitedWhenNoSlotFrees() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.fixed(1).toBuilder().maxWait(Duration.ofMillis(20)).build());
    assertThat(limit.tryAcquire()).isTrue();
    CompletableFuture<Void> waiting = limit.acquire(20 * MS);
    await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
    assertThat(failureOf(waiting)).isInstanceOf(RejectedCallException.class);
    limit.releaseIgnored();
    assertThat(limit.inFlight()).isZero(); // the timed-out waiter got nothing
  }

  @Test
  void aimdShrinksOnDropsAndGrowsBackUnderLoad() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.aimd().initialLimit(20).minLimit(2).maxLimit(40).build());
    fill(limit, 20);
    for (int i = 0; i < 5; i++) {
      limit.release(10 * MS, true); // server faults
    }
    assertThat(limit.limit()).isEqualTo(10); // 20, 18, 16, 14, 12, 10
    assertThat(limit.tryAcquire()).isFalse(); // 15 still in flight
    int low = limit.limit();
    for (int i = 0; i < 20; i++) {
      fill(limit, limit.limit()); // keep it busy: growth needs at least half the limit in use
      limit.release(10 * MS, false);
    }
    assertThat(limit.limit()).isGreaterThan(low + 5);
    assertThat(events).anyMatch(e -> e.startsWith("changed 20->"));
  }

  @Test
  void aimdCountsSlowCallsAsDrops() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.aimd().initialLimit(10)
        .latencyThreshold(Duration.ofMillis(100)).build());
    fill(limit, 10);
    limit.release(500 * MS, false);
    assertThat(limit.limit()).isEqualTo(9);
  }

  @Test
  void gradientShrinksWhenLatencyRisesAndGrowsBackWhenItFalls() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.gradient().initialLimit(50).minLimit(5).maxLimit(100)
        .sampleWindow(Duration.ofMillis(100)).build());
    // Steady 10 ms latency at full use: the limit stays put or grows.
    runWindows(limit, 10, 10 * MS);
    int steady = limit.limit();
    assertThat(steady).isGreaterThanOrEqualTo(50);
    // Latency triples: the gradient falls to 0.5 and the limit shrinks window after window.
    runWindows(limit, 15, 30 * MS);
    int congested = limit.limit();
    assertThat(congested).isLessThan(steady * 3 / 4);
    // Latency recovers: the limit grows back.
    runWindows(limit, 40, 10 * MS);
    assertThat(limit.limit()).isGreaterThan(congested + 10);
    assertThat(events).anyMatch(e -> e.startsWith("changed"));
  }

  @Test
  void gradientShrinksOnDropsEvenAtSteadyLatency() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.gradient().initialLimit(50).minLimit(5).build());
    runWindows(limit, 5, 10 * MS);
    int before = limit.limit();
    for (int w = 0; w < 10; w++) {
      now.addAndGet(101 * MS);
      fill(limit, limit.limit());
      for (int i = 0; i < 20; i++) {
        limit.release(10 * MS, true);
      }
      drain(limit);
    }
    assertThat(limit.limit()).isLessThan(before * 3 / 4);
  }

  @Test
  void invalidValuesFailAtBuildNamingTheField() {
    assertThatThrownBy(() -> ConcurrencyLimitPolicy.fixed(0)).hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> ConcurrencyLimitPolicy.fixed(1).toBuilder().maxWait(Duration.ofMillis(-1)).build())
        .hasMessageContaining("maxWait");
    assertThatThrownBy(() -> ConcurrencyLimitPolicy.aimd().minLimit(0).build()).hasMessageContaining("minLimit");
    assertThatThrownBy(() -> ConcurrencyLimitPolicy.aimd().maxLimit(10).minLimit(20).initialLimit(15).build())
        .hasMessageContaining("maxLimit");
    assertThatThrownBy(() -> ConcurrencyLimitPolicy.aimd().backoffRatio(1.0).build()).hasMessageContaining("backoffRatio");
    assertThatThrownBy(() -> ConcurrencyLimitPolicy.gradient().smoothing(0).build()).hasMessageContaining("smoothing");
    assertThatThrownBy(() -> ConcurrencyLimitPolicy.gradient().tolerance(0.5).build()).hasMessageContaining("tolerance");
  }

  /** Runs {@code windows} sample windows at full use, every call taking {@code rtt}. */
  private void runWindows(ConcurrencyLimit limit, int windows, long rtt) {
    for (int w = 0; w < windows; w++) {
      now.addAndGet(101 * MS);
      int n = limit.limit();
      fill(limit, n);
      for (int i = 0; i < n; i++) {
        limit.release(rtt, false);
      }
    }
  }

  private static void fill(ConcurrencyLimit limit, int n) {
    for (int i = 0; i < n && limit.tryAcquire(); i++) {
      // take slots
    }
  }

  private static void drain(ConcurrencyLimit limit) {
    while (limit.inFlight() > 0) {
      limit.releaseIgnored();
    }
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    try {
      f.join();
      throw new AssertionError("expected failure");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
