package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {
  private final DeadlineTimer timer = new DeadlineTimer(Runnable::run, "test-deadlines");

  @Test
  void firesADueTaskButNeverBeforeItsDeadline() {
    long start = System.nanoTime();
    AtomicLong firedAt = new AtomicLong();
    timer.schedule(() -> firedAt.set(System.nanoTime()), TimeUnit.MILLISECONDS.toNanos(30));
    await().atMost(Duration.ofSeconds(5)).until(() -> firedAt.get() != 0);
    assertThat(firedAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
  }

  @Test
  void aCancelledTaskNeverFiresAndCancelReportsWhetherItWon() {
    AtomicInteger cancelledRuns = new AtomicInteger();
    AtomicInteger sentinel = new AtomicInteger();
    DeadlineTimer.Timeout t = timer.schedule(cancelledRuns::incrementAndGet, TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(t.cancel()).isTrue();
    assertThat(t.cancel()).isFalse();
    // The wheel processes ticks in order: once a later task fired, the cancelled one's tick has passed.
    timer.schedule(sentinel::incrementAndGet, TimeUnit.MILLISECONDS.toNanos(60));
    await().atMost(Duration.ofSeconds(5)).until(() -> sentinel.get() == 1);
    assertThat(cancelledRuns.get()).isZero();
  }

  @Test
  void cancellingAFiredTaskReturnsFalse() {
    AtomicInteger runs = new AtomicInteger();
    DeadlineTimer.Timeout t = timer.schedule(runs::incrementAndGet, 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
    assertThat(t.cancel()).isFalse();
  }

  @Test
  void delaysLongerThanOneTurnOfTheWheelWaitTheirRounds() {
    long start = System.nanoTime();
    AtomicLong firedAt = new AtomicLong();
    timer.schedule(() -> firedAt.set(System.nanoTime()), TimeUnit.MILLISECONDS.toNanos(1300));
    await().atMost(Duration.ofSeconds(10)).until(() -> firedAt.get() != 0);
    assertThat(firedAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1300));
  }

  @Test
  void manyConcurrentSchedulersLoseNothing() throws Exception {
    ConcurrentLinkedQueue<Integer> fired = new ConcurrentLinkedQueue<>();
    AtomicInteger cancelledFired = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t * 10_000;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          int id = base + i;
          if (i % 100 == 0) {
            timer.schedule(() -> fired.add(id), TimeUnit.MILLISECONDS.toNanos(i % 50));
          } else {
            timer.schedule(cancelledFired::incrementAndGet, TimeUnit.SECONDS.toNanos(30)).cancel();
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 400);
    assertThat(fired).doesNotHaveDuplicates();
    assertThat(cancelledFired.get()).isZero();
  }
}
