package dev.switchboard.policy;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.policy.internal.LimitAlgorithm;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One destination's concurrency limit: a count of calls in flight checked against a limit that is
 * static or adaptive ({@link ConcurrencyLimitPolicy}). A call either gets a slot at once
 * ({@link #tryAcquire()}), or waits a bounded time for one ({@link #acquire(long)}), and must give
 * it back exactly once with {@link #release} or {@link #releaseIgnored()}. Released slots go to
 * waiters first, oldest first.
 *
 * <p><b>Threading:</b> lock-free: the in-flight count and the limit are atomics, waiters sit in a
 * concurrent queue and time out on the injected timer. Call from any thread; never blocks.
 */
public final class ConcurrencyLimit {
  private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

  private final ConcurrencyLimitPolicy config;
  private final String service;
  private final TelemetryListener telemetry;
  private final Timer timer;
  private final LimitAlgorithm algorithm;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();

  private ConcurrencyLimit(ConcurrencyLimitPolicy config, String service, Ticker ticker,
      TelemetryListener telemetry, Timer timer) {
    this.config = config;
    this.service = service;
    this.telemetry = telemetry;
    this.timer = timer;
    this.algorithm = LimitAlgorithm.create(config, ticker,
        (oldLimit, newLimit) -> telemetry.onLimitChanged(service, oldLimit, newLimit));
  }

  /**
   * A limit for {@code service}; waiters time out on {@code timer}.
   *
   * @throws IllegalArgumentException if {@code config} is {@linkplain ConcurrencyLimitPolicy#unlimited() unlimited}
   */
  public static ConcurrencyLimit create(ConcurrencyLimitPolicy config, String service, Ticker ticker,
      TelemetryListener telemetry, Timer timer) {
    Objects.requireNonNull(config, "config");
    if (!config.enabled()) {
      throw new IllegalArgumentException("concurrency limit config is unlimited");
    }
    return new ConcurrencyLimit(config, Objects.requireNonNull(service, "service"),
        Objects.requireNonNull(ticker, "ticker"), Objects.requireNonNull(telemetry, "telemetry"),
        Objects.requireNonNull(timer, "timer"));
  }

  public ConcurrencyLimitPolicy config() {
    return config;
  }

  /** The current limit. */
  public int limit() {
    return algorithm.limit();
  }

  /** Calls holding a slot now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Takes a slot if one is free now. Does not report a rejection: see {@link #rejected()}. */
  public boolean tryAcquire() {
    while (true) {
      int n = inFlight.get();
      if (n >= algorithm.limit()) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * A slot now, or within {@code maxWaitNanos}. The future completes when the slot is held, or
   * fails with {@code CONCURRENCY_LIMITED} once the wait is over (reported to telemetry). The
   * returned future must not be cancelled by the caller.
   */
  public CompletableFuture<Void> acquire(long maxWaitNanos) {
    if (tryAcquire()) {
      return GRANTED;
    }
    if (maxWaitNanos <= 0) {
      return CompletableFuture.failedFuture(rejected());
    }
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    waiters.add(waiter);
    // A slot may have been freed between the failed try and the enqueue; take it ourselves.
    if (tryAcquire() && !waiter.complete(null)) {
      releaseSlot(); // a releaser handed us one meanwhile: we hold two, give one back
    }
    if (waiter.isDone()) {
      waiters.remove(waiter);
      return waiter;
    }
    Timer.Timeout timeout = timer.schedule(() -> {
      waiters.remove(waiter);
      if (!waiter.isDone()) {
        waiter.completeExceptionally(rejected()); // loses harmlessly to a releaser handing a slot over
      }
    }, maxWaitNanos, TimeUnit.NANOSECONDS);
    waiter.whenComplete((v, e) -> timeout.cancel());
    return waiter;
  }

  /**
   * Gives back a slot and feeds the adaptive algorithm: {@code rttNanos} is how long the call
   * held it, {@code dropped} true when it ended in an overload signal (server fault, timeout,
   * rate limiting).
   */
  public void release(long rttNanos, boolean dropped) {
    algorithm.onSample(rttNanos, inFlight.get(), dropped);
    releaseSlot();
  }

  /** Gives back a slot without a sample (cancelled, or refused further down before sending). */
  public void releaseIgnored() {
    releaseSlot();
  }

  /** Reports a rejection to telemetry and returns the {@code CONCURRENCY_LIMITED} error for it. */
  public RejectedCallException rejected() {
    int limit = algorithm.limit();
    int n = inFlight.get();
    telemetry.onLimitRejected(service, limit, n);
    return new RejectedCallException(ErrorKind.CONCURRENCY_LIMITED,
        "concurrency limit of " + service + " reached: " + n + " in flight, limit " + limit
            + (config.maxWait().isZero() ? "" : ", waited up to " + config.maxWait().toMillis() + " ms"));
  }

  private void releaseSlot() {
    while (true) {
      CompletableFuture<Void> w = waiters.poll();
      if (w != null) {
        if (w.complete(null)) {
          return; // handed over: the in-flight count is unchanged
        }
        continue; // that waiter timed out; try the next
      }
      inFlight.decrementAndGet();
      // A waiter may have enqueued after our poll and failed its try before our decrement.
      // Either it sees the freed slot, or we see it here and hand one over.
      if (waiters.isEmpty() || !tryAcquire()) {
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "ConcurrencyLimit[" + service + ", " + inFlight() + "/" + limit() + "]";
  }
}
