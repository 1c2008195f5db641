package dev.switchboard.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.FakeTicker;
import dev.switchboard.time.internal.DeadlineTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The timing wheel. Most tests drive a manual wheel with a fake ticker: the same bucket code the
 * production thread runs, in fake time, so timings are exact. One test runs the threaded wheel.
 */
class DeadlineTimerTest {
  private final FakeTicker ticker = new FakeTicker(0);
  private final DeadlineTimer wheel = DeadlineTimer.manual(ticker, Runnable::run);

  private void advance(long millis) {
    for (long i = 0; i < millis; i++) { // tick by tick, as the wheel's thread wakes
      ticker.advanceMillis(1);
      wheel.runDue();
    }
  }

  @Test
  void firesADueTaskButNeverBeforeItsDeadline() {
    List<Long> firedAt = new ArrayList<>();
    wheel.schedule(() -> firedAt.add(ticker.nanoTime()), 30, TimeUnit.MILLISECONDS);
    advance(29);
    assertThat(firedAt).isEmpty();
    advance(1);
    assertThat(firedAt).containsExactly(TimeUnit.MILLISECONDS.toNanos(30));
  }

  @Test
  void aDeadlineBetweenTicksFiresOnTheNextTickNotTheOneBefore() {
    AtomicInteger runs = new AtomicInteger();
    wheel.schedule(runs::incrementAndGet, 2_500, TimeUnit.MICROSECONDS);
    advance(2);
    assertThat(runs.get()).isZero();
    advance(1);
    assertThat(runs.get()).isOne();
  }

  @Test
  void aCancelledTaskIsNotKeptReachableWhileItsEntryWaitsForTheWheel() {
    // A task typically captures a whole call; the cancelled entry itself stays in its bucket
    // until the wheel passes it. The manual wheel never runs here, so the entry stays put.
    java.lang.ref.WeakReference<Object> held = scheduleAndCancelATaskHolding(new byte[1 << 20]);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      System.gc(); // a request, bounded by the timeout above
      return held.get() == null;
    });
  }

  private java.lang.ref.WeakReference<Object> scheduleAndCancelATaskHolding(Object call) {
    Timer.Timeout t = wheel.schedule(() -> assertThat(call).isNotNull(), 5, TimeUnit.SECONDS);
    assertThat(t.cancel()).isTrue();
    return new java.lang.ref.WeakReference<>(call);
  }

  @Test
  void aCancelledTaskNeverFiresAndCancelReportsWhetherItWon() {
    AtomicInteger cancelledRuns = new AtomicInteger();
    Timer.Timeout t = wheel.schedule(cancelledRuns::incrementAndGet, 20, TimeUnit.MILLISECONDS);
    assertThat(t.cancel()).isTrue();
    assertThat(t.cancel()).isFalse();
    advance(100);
    assertThat(cancelledRuns.get()).isZero();
  }

  @Test
  void cancellingAFiredTaskReturnsFalse() {
    AtomicInteger runs = new AtomicInteger();
    Timer.Timeout t = wheel.schedule(runs::incrementAndGet, 0, TimeUnit.NANOSECONDS);
    wheel.runDue();
    assertThat(runs.get()).isOne();
    assertThat(t.cancel()).isFalse();
  }

  @Test
  void delaysLongerThanOneTurnOfTheWheelWaitTheirRounds() {
    List<Long> firedAt = new ArrayList<>();
    wheel.schedule(() -> firedAt.add(ticker.nanoTime()), 2_300, TimeUnit.MILLISECONDS); // 1024 slots a turn
    advance(2_299);
    assertThat(firedAt).isEmpty();
    advance(1);
    assertThat(firedAt).containsExactly(TimeUnit.MILLISECONDS.toNanos(2_300));
  }

  @Test
  void tasksFireInDeadlineOrderAcrossBuckets() {
    List<String> fired = new ArrayList<>();
    wheel.schedule(() -> fired.add("c"), 30, TimeUnit.MILLISECONDS);
    wheel.schedule(() -> fired.add("a"), 10, TimeUnit.MILLISECONDS);
    wheel.schedule(() -> fired.add("b"), 20, TimeUnit.MILLISECONDS);
    advance(40);
    assertThat(fired).containsExactly("a", "b", "c");
  }

  @Test
  void aWheelWithItsOwnThreadCannotBeDrivenByHand() {
    DeadlineTimer threaded = new DeadlineTimer(Ticker.system(), Runnable::run, "test-timer");
    assertThatThrownBy(threaded::runDue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theProductionWheelFiresOnItsOwnThreadAndManyConcurrentSchedulersLoseNothing() throws Exception {
    DeadlineTimer threaded = new DeadlineTimer(Ticker.system(), Runnable::run, "test-timer");
    long start = System.nanoTime();
    AtomicLong firedAt = new AtomicLong();
    threaded.schedule(() -> firedAt.set(System.nanoTime()), 30, TimeUnit.MILLISECONDS);
    ConcurrentLinkedQueue<Integer> fired = new ConcurrentLinkedQueue<>();
    AtomicInteger cancelledFired = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t * 10_000;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          int id = base + i;
          if (i % 100 == 0) {
            threaded.schedule(() -> fired.add(id), i % 50, TimeUnit.MILLISECONDS);
          } else {
            threaded.schedule(cancelledFired::incrementAndGet, 30, TimeUnit.SECONDS).cancel();
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 400 && firedAt.get() != 0);
    assertThat(fired).doesNotHaveDuplicates();
    assertThat(cancelledFired.get()).isZero();
    assertThat(firedAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
  }
}
