package dev.switchboard.benchmarks.grpc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load driver: {@code threads} callers each make one call after another for
 * {@code seconds}, recording every call's latency (capped at 10 s). Bounded in time; a call that
 * throws counts as an error. Used by the gRPC and REST loopback benchmarks.
 */
final class ClosedLoop {
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** One call; {@code n} is a process-unique sequence number (for unique payloads). */
  interface Op {
    void call(long n) throws Exception;
  }

  /** What a run measured. */
  record Outcome(long calls, long errors, double seconds, Histogram latency) {
    double qps() {
      return calls / seconds;
    }
  }

  private ClosedLoop() {}

  static Outcome run(Op op, int threads, int seconds) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ids = new AtomicLong();
    Histogram[] histograms = new Histogram[threads];
    long[] counts = new long[threads];
    long[] errors = new long[threads];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      histograms[t] = new Histogram(MAX_NANOS, 3);
      workers[t] = new Thread(() -> {
        while (!stop.get()) {
          long start = System.nanoTime();
          try {
            op.call(ids.incrementAndGet());
          } catch (Exception e) {
            errors[id]++;
          }
          histograms[id].recordValue(Math.min(System.nanoTime() - start, MAX_NANOS));
          counts[id]++;
        }
      }, "bench-" + t);
    }
    long begin = System.nanoTime();
    for (Thread w : workers) {
      w.start();
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the measured window (benchmark, not a test)
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    double elapsed = (System.nanoTime() - begin) / 1e9;
    Histogram all = new Histogram(MAX_NANOS, 3);
    long calls = 0;
    long failed = 0;
    for (int t = 0; t < threads; t++) {
      all.add(histograms[t]);
      calls += counts[t];
      failed += errors[t];
    }
    return new Outcome(calls, failed, elapsed, all);
  }
}
