package dev.switchboard.micrometer.internal;

import static dev.switchboard.micrometer.MeterNames.*;

import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.EndpointState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The gauges and function counters of one destination, read from its {@link DestinationState}
 * when the registry is scraped (nothing is recorded per call). Registered when the client opens,
 * removed when it closes. Only what the destination has is registered: no breaker, no breaker
 * gauge. Thread-safe.
 */
public final class DestinationGauges {
  private static final String[] BREAKER_STATES = {"closed", "open", "half_open"};

  private final List<Meter> meters = new ArrayList<>();

  private DestinationGauges() {}

  /** Registers the gauges of {@code state} on {@code registry}. */
  public static DestinationGauges register(MeterRegistry registry, DestinationState state) {
    DestinationGauges g = new DestinationGauges();
    Tags tags = Tags.of(SERVICE, state.service(), PROTOCOL, state.protocol());
    g.gauge(registry, BUDGET_BALANCE, "Retries and hedges the retry budget allows now", tags, state,
        s -> s.retryBudgetBalance() == Long.MAX_VALUE ? Double.NaN : s.retryBudgetBalance());
    g.counter(registry, BUDGET_REFUSALS, "Retries and hedges the retry budget refused", tags, state,
        DestinationState::retryBudgetRefusals);
    g.counter(registry, DISCOVERY_UPDATES, "Endpoint sets discovery delivered", tags, state,
        s -> s.discovery().updates());
    g.endpoints(registry, tags, state, "available", EndpointState::available);
    g.endpoints(registry, tags, state, "ejected", EndpointState::ejected);
    g.endpoints(registry, tags, state, "unhealthy", e -> !e.healthy());
    if (state.circuitBreakerState().isPresent()) {
      for (String name : BREAKER_STATES) {
        g.gauge(registry, CIRCUIT_STATE, "1 for the circuit breaker's current state", tags.and(STATE, name), state,
            s -> name.equals(s.circuitBreakerState().orElse("")) ? 1 : 0);
      }
      g.counter(registry, CIRCUIT_REJECTIONS, "Calls the circuit breaker refused", tags, state,
          DestinationState::circuitBreakerRejections);
    }
    if (state.concurrencyLimit().isPresent()) {
      g.gauge(registry, LIMIT, "The concurrency limit now", tags, state, s -> s.concurrencyLimit().orElse(0));
      g.gauge(registry, LIMIT_IN_FLIGHT, "Calls holding a concurrency slot", tags, state,
          DestinationState::concurrencyInFlight);
      g.counter(registry, LIMIT_REJECTIONS, "Calls the concurrency limit refused", tags, state,
          DestinationState::concurrencyLimitRejections);
    }
    if (state.hedgeDelay().isPresent()) {
      g.meters.add(TimeGauge.builder(HEDGE_DELAY, state, TimeUnit.NANOSECONDS,
              s -> s.hedgeDelay().map(d -> (double) d.toNanos()).orElse(Double.NaN))
          .description("The delay before a hedge is sent, now").tags(tags).register(registry));
    }
    return g;
  }

  private void endpoints(MeterRegistry registry, Tags tags, DestinationState state, String name,
      Predicate<EndpointState> which) {
    gauge(registry, ENDPOINTS, "Endpoints by state (a snapshot per scrape)", tags.and(STATE, name), state,
        s -> s.endpoints().stream().filter(which).count());
  }

  private void gauge(MeterRegistry registry, String name, String description, Tags tags, DestinationState state,
      ToDoubleFunction<DestinationState> value) {
    meters.add(Gauge.builder(name, state, value).description(description).tags(tags).register(registry));
  }

  private void counter(MeterRegistry registry, String name, String description, Tags tags, DestinationState state,
      ToDoubleFunction<DestinationState> value) {
    meters.add(FunctionCounter.builder(name, state, value).description(description).tags(tags).register(registry));
  }

  /** Removes every meter registered for this destination. */
  public void remove(MeterRegistry registry) {
    meters.forEach(registry::remove);
  }
}
