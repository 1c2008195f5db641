package dev.switchboard.http.defaults;

import dev.switchboard.errors.ServiceCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Closed-loop load for the default-behaviour tests: {@code callers} threads share {@code calls}
 * blocking calls and record each outcome. Bounded in count and time.
 */
final class Load {
  final AtomicInteger ok = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final Map<String, Integer> failures = new ConcurrentHashMap<>();

  /** Runs {@code call} (given the call's index) {@code calls} times over {@code callers} threads. */
  static Load run(int calls, int callers, Duration limit, IntConsumer call) throws Exception {
    Load load = new Load();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    long end = System.nanoTime() + limit.toNanos();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        done.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < calls && System.nanoTime() < end) {
            try {
              call.accept(i);
              load.ok.incrementAndGet();
            } catch (ServiceCallException e) {
              load.failed.incrementAndGet();
              load.failures.merge(e.kind() + ": " + e.detail(), 1, Integer::sum);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(limit.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return load;
  }

  int total() {
    return ok.get() + failed.get();
  }

  @Override
  public String toString() {
    return ok + " ok, " + failed + " failed " + failures;
  }
}
