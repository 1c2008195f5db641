package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeSchedulerTest {
  private final FakeTicker ticker = new FakeTicker(0);
  private final FakeScheduler scheduler = new FakeScheduler(ticker);

  @Test
  void runsTasksInDueOrderWithTheTickerAtTheirDueTime() {
    List<Long> seen = new ArrayList<>();
    scheduler.schedule(() -> seen.add(ticker.nanoTime()), 3, TimeUnit.SECONDS);
    scheduler.schedule(() -> seen.add(ticker.nanoTime()), 1, TimeUnit.SECONDS);
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(seen).containsExactly(1_000_000_000L);
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(seen).containsExactly(1_000_000_000L, 3_000_000_000L);
    assertThat(ticker.nanoTime()).isEqualTo(4_000_000_000L);
  }

  @Test
  void periodicTasksRepeatAndCancelledTasksDoNot() {
    List<Long> seen = new ArrayList<>();
    ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(() -> seen.add(ticker.nanoTime()), 1, 1, TimeUnit.SECONDS);
    scheduler.advance(Duration.ofMillis(3_500));
    assertThat(seen).hasSize(3);
    f.cancel(false);
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(seen).hasSize(3);
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
    List<String> seen = new ArrayList<>();
    scheduler.schedule(() -> {
      seen.add("first");
      scheduler.schedule(() -> seen.add("second"), 1, TimeUnit.SECONDS);
    }, 1, TimeUnit.SECONDS);
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(seen).containsExactly("first", "second");
    assertThat(scheduler.pendingDelays()).isEmpty();
  }

  @Test
  void asATimerItFiresOnceAtTheDueTimeAndACancelledTimeoutNeverFires() {
    Timer timer = scheduler; // the same fake serves Timer users (the pipeline) and executor users
    List<Long> fired = new ArrayList<>();
    Timer.Timeout kept = timer.schedule(() -> fired.add(ticker.nanoTime()), 30, TimeUnit.MILLISECONDS);
    Timer.Timeout dropped = timer.schedule(() -> fired.add(-1L), 10, TimeUnit.MILLISECONDS);

    assertThat(dropped.cancel()).isTrue();
    assertThat(dropped.cancel()).isFalse();
    scheduler.advance(Duration.ofMillis(100));

    assertThat(fired).containsExactly(30_000_000L);
    assertThat(kept.cancel()).isFalse(); // it ran
    assertThat(Timer.of(scheduler)).isSameAs(scheduler);
  }
}
