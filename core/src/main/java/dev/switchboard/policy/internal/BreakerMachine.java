package dev.switchboard.policy.internal;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.policy.CircuitBreaker;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CircuitBreaker}: holds the current {@link BreakerState} and performs transitions by
 * CAS, so only the state that granted a permit can move the machine on. Lock-free and thread-safe.
 */
public final class BreakerMachine implements CircuitBreaker {
  private static final Logger log = LoggerFactory.getLogger(BreakerMachine.class);

  private final CircuitBreakerPolicy config;
  private final String service;
  private final Ticker ticker;
  private final TelemetryListener telemetry;
  private final AtomicReference<BreakerState> state = new AtomicReference<>();

  public BreakerMachine(CircuitBreakerPolicy config, String service, Ticker ticker, TelemetryListener telemetry) {
    this.config = config;
    this.service = service;
    this.ticker = ticker;
    this.telemetry = telemetry;
    state.set(new ClosedState(this));
  }

  @Override
  public CircuitBreakerPolicy config() {
    return config;
  }

  public String service() {
    return service;
  }

  long now() {
    return ticker.nanoTime();
  }

  public BreakerState current() {
    return state.get();
  }

  @Override
  public State state() {
    return state.get().state();
  }

  @Override
  public CircuitBreaker.Permit tryAcquire() {
    return state.get().tryAcquire(ticker.nanoTime());
  }

  /** Moves from {@code from} to {@code to}; false if another thread moved first. */
  boolean transition(BreakerState from, BreakerState to) {
    if (!state.compareAndSet(from, to)) {
      return false;
    }
    log.debug("circuit breaker for {}: {} -> {}", service, from.name(), to.name());
    try {
      telemetry.onBreakerTransition(service, from.name(), to.name());
    } catch (RuntimeException e) {
      log.warn("telemetry listener threw on breaker transition; ignored", e);
    }
    return true;
  }

  @Override
  public RejectedCallException openError() {
    BreakerState s = state.get();
    long wait = Math.max(0, s.probeInNanos(ticker.nanoTime()));
    return new RejectedCallException(ErrorKind.CIRCUIT_OPEN,
        "circuit breaker for " + service + " is " + s.name() + " (" + s.describe() + "); next probe in "
            + Duration.ofNanos(wait).toMillis() + " ms",
        Duration.ofNanos(wait));
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + service + ", " + state() + "]";
  }
}
