package dev.switchboard.cli.lab;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Open-loop load, as load balancer experiments use it (Linkerd's ran "one client at 1000 qps"):
 * requests start on a fixed schedule whether or not earlier ones have answered, so a stuck replica
 * cannot slow the offered load down. Each tick starts one call of every driver. Bounded in time;
 * waits (bounded) for calls in flight at the end.
 */
public final class OpenLoop {
  private OpenLoop() {}

  /**
   * Starts {@code drivers} {@code ratePerSecond} times a second for {@code duration}, then waits up to
   * {@code drain} for what is still in flight.
   */
  public static void run(List<Supplier<CompletableFuture<?>>> drivers, int ratePerSecond, Duration duration,
      Duration drain) throws InterruptedException {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "open-loop");
      t.setDaemon(true);
      return t;
    });
    java.util.Queue<CompletableFuture<?>> inFlight = new java.util.concurrent.ConcurrentLinkedQueue<>();
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
    try {
      ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(() -> {
        inFlight.removeIf(CompletableFuture::isDone);
        for (Supplier<CompletableFuture<?>> driver : drivers) {
          inFlight.add(driver.get());
        }
      }, 0, periodNanos, TimeUnit.NANOSECONDS);
      try {
        ticks.get(duration.toNanos(), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException expected) {
        ticks.cancel(false);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a load driver failed: " + e.getCause(), e.getCause());
      }
      try {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(drain.toNanos(), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ignored) {
        // calls still running or failed are counted by their own callbacks; the run is bounded either way
      }
    } finally {
      ticker.shutdownNow();
    }
  }
}
