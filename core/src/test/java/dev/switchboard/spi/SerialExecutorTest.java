package dev.switchboard.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
  @Test
  void tasksSubmittedByATaskRunAfterItInOrderOnTheSameThread() {
    SerialExecutor serial = new SerialExecutor();
    List<String> ran = new ArrayList<>();
    serial.execute(() -> {
      ran.add("a");
      serial.execute(() -> ran.add("c"));
      serial.execute(() -> ran.add("d"));
      ran.add("b"); // nested tasks wait for this one to finish
    });
    assertThat(ran).containsExactly("a", "b", "c", "d");
  }

  @Test
  void manyThreadsSubmittingNeverRunTwoTasksAtOnceAndLoseNone() throws Exception {
    SerialExecutor serial = new SerialExecutor();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    int[] count = new int[1]; // guarded by the executor alone
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      for (int t = 0; t < 4; t++) {
        pool.execute(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < 10_000; i++) {
            serial.execute(() -> {
              if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              count[0]++;
              running.decrementAndGet();
            });
          }
        });
      }
      go.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    serial.execute(() -> { }); // a happens-before edge to this thread
    assertThat(overlaps.get()).isZero();
    assertThat(count[0]).isEqualTo(40_000);
  }

  @Test
  void withAnExecutorTheDrainRunsThereAndATaskThatThrowsDoesNotStopTheQueue() {
    List<Runnable> handedOff = new ArrayList<>();
    SerialExecutor serial = new SerialExecutor(handedOff::add);
    List<String> ran = new ArrayList<>();
    serial.execute(() -> {
      throw new IllegalStateException("bug");
    });
    serial.execute(() -> ran.add("after"));
    assertThat(ran).isEmpty();
    assertThat(handedOff).hasSize(1); // one drain for both tasks
    handedOff.get(0).run();
    assertThat(ran).containsExactly("after");
    serial.executeHere(() -> ran.add("here")); // idle: drains on the calling thread
    assertThat(ran).containsExactly("after", "here");
    assertThat(handedOff).hasSize(1);
  }

  @Test
  void anExecutorThatRejectsTheDrainLeavesItToTheSubmitter() {
    SerialExecutor serial = new SerialExecutor(task -> {
      throw new RejectedExecutionException("shut down");
    });
    List<String> ran = new ArrayList<>();
    serial.execute(() -> ran.add("ran"));
    assertThat(ran).containsExactly("ran");
  }
}
