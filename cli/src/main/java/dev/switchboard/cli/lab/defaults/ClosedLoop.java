package dev.switchboard.cli.lab.defaults;

import dev.switchboard.errors.ServiceCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Closed-loop load: {@code callers} threads share {@code calls} blocking calls and record each
 * outcome and latency. Bounded in count and time.
 */
final class ClosedLoop {
  final AtomicInteger ok = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final Map<String, Integer> failures = new TreeMap<>();
  final ConcurrentHistogram micros = new ConcurrentHistogram(60_000_000, 3);
  long elapsedNanos;

  static ClosedLoop run(int calls, int callers, Duration limit, IntConsumer call) throws Exception {
    ClosedLoop loop = new ClosedLoop();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    long start = System.nanoTime();
    long end = start + limit.toNanos();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        done.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < calls && System.nanoTime() < end) {
            long t = System.nanoTime();
            try {
              call.accept(i);
              loop.ok.incrementAndGet();
            } catch (ServiceCallException e) {
              loop.failed.incrementAndGet();
              synchronized (loop.failures) {
                loop.failures.merge(e.kind().name(), 1, Integer::sum);
              }
            }
            loop.micros.recordValue(Math.min(60_000_000, Math.max(1, (System.nanoTime() - t) / 1000)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(limit.toMillis() + 30_000, TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    loop.elapsedNanos = System.nanoTime() - start;
    return loop;
  }

  /** Failed calls by error kind. */
  Map<String, Integer> failures() {
    synchronized (failures) {
      return new TreeMap<>(failures);
    }
  }

  int total() {
    return ok.get() + failed.get();
  }

  double successPercent() {
    return total() == 0 ? Double.NaN : 100.0 * ok.get() / total();
  }

  double millis(double percentile) {
    return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
  }
}
