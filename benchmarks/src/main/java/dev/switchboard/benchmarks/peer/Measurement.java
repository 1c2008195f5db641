package dev.switchboard.benchmarks.peer;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One closed-loop measurement: {@code callers} platform threads each call one blocking API after
 * another for a fixed time. The callers exist from before the first snapshot until after the last,
 * so none of their CPU or allocation escapes the accounting; client threads that die meanwhile
 * are counted in {@link Result#threadsLost()}. Bounded in time; a call that throws is an error.
 */
final class Measurement {
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** One call; {@code n} is a sequence number (the user id asked for). */
  interface Call {
    void call(long n) throws Exception;
  }

  /**
   * What one measurement saw: successful calls and their latencies, failed calls, and the client
   * threads' CPU and allocation over all calls (per-call figures divide by successful calls).
   */
  record Result(long calls, long errors, double seconds, Histogram latency, long cpuNanos,
      long allocatedBytes, int threadsLost, String firstError, Map<String, Long> cpuByThreadGroup) {
    double callsPerSecond() {
      return calls / seconds;
    }

    double cpuMicrosPerCall() {
      return calls == 0 ? 0 : cpuNanos / 1000.0 / calls;
    }

    double bytesPerCall() {
      return calls == 0 ? 0 : (double) allocatedBytes / calls;
    }
  }

  private Measurement() {}

  /**
   * @param client names the caller threads ({@code peer-caller-<client>-<n>}), so a profile of an
   *     interleaved run (JFR) can be split by client
   */
  static Result run(String client, Call call, int callers, double seconds) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(callers);
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong ids = new AtomicLong();
    AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
    Histogram[] latencies = new Histogram[callers];
    long[] counts = new long[callers];
    long[] errors = new long[callers];
    String[] firstError = new String[1];
    Thread[] threads = new Thread[callers];
    for (int t = 0; t < callers; t++) {
      int me = t;
      latencies[t] = new Histogram(MAX_NANOS, 3);
      threads[t] = new Thread(() -> {
        ready.countDown();
        awaitQuietly(go);
        while (System.nanoTime() < stopAt.get()) {
          long start = System.nanoTime();
          try {
            call.call(ids.incrementAndGet());
            latencies[me].recordValue(Math.min(System.nanoTime() - start, MAX_NANOS));
            counts[me]++; // calls/s and latencies count successful calls only
          } catch (Exception | Error e) {
            errors[me]++;
            if (firstError[0] == null) {
              firstError[0] = e.toString();
            }
          }
        }
        finished.countDown();
        awaitQuietly(release); // stay alive until the last snapshot
      }, "peer-caller-" + client + "-" + t);
      threads[t].start();
    }
    ready.await();
    ThreadAccounting.Snapshot before = ThreadAccounting.snapshot();
    long begin = System.nanoTime();
    stopAt.set(begin + (long) (seconds * 1e9));
    go.countDown();
    finished.await();
    long end = System.nanoTime();
    ThreadAccounting.Snapshot after = ThreadAccounting.snapshot();
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }
    Histogram all = new Histogram(MAX_NANOS, 3);
    long calls = 0;
    long failed = 0;
    for (int t = 0; t < callers; t++) {
      all.add(latencies[t]);
      calls += counts[t];
      failed += errors[t];
    }
    ThreadAccounting.Delta used = ThreadAccounting.between(before, after);
    return new Result(calls, failed, (end - begin) / 1e9, all, used.cpuNanos(), used.allocatedBytes(),
        used.threadsLost(), firstError[0], used.cpuByGroup());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
