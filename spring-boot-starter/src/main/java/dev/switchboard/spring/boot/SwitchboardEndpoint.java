package dev.switchboard.spring.boot;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.DiscoveryStatus;
import dev.switchboard.telemetry.EndpointState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/switchboard}: every configured client, its configuration as bound and its
 * live state ({@code client.state()}, a {@link DestinationState}): discovery, every endpoint
 * (address, zone, weight, priority, health, ejection, back-off, latency EWMA, in flight,
 * successes, failures), the retry budget's balance and refusals, the breaker's state, the
 * concurrency limit and its calls in flight, the current hedge delay. {@code /actuator/switchboard/{name}} shows one. A
 * client not created yet (no call so far) shows its configuration and {@code "created": false}.
 * Expose it with {@code management.endpoints.web.exposure.include=switchboard}. Thread-safe;
 * each read takes a fresh snapshot.
 */
@Endpoint(id = "switchboard")
public class SwitchboardEndpoint {
  private final SwitchboardClients clients;

  public SwitchboardEndpoint(SwitchboardClients clients) {
    this.clients = clients;
  }

  /** Every client by name. */
  @ReadOperation
  public Map<String, Object> clients() {
    Map<String, Object> out = new TreeMap<>();
    for (String name : clients.names()) {
      out.put(name, client(name));
    }
    return Map.of("clients", out);
  }

  /** One client, or null (404) for a name that is not configured. */
  @ReadOperation
  public Map<String, Object> client(@Selector String name) {
    if (!clients.names().contains(name)) {
      return null;
    }
    ServiceConfig c = clients.config(name);
    HttpServiceClient live = clients.created().get(name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", c.discoveryTarget());
    out.put("scheme", c.scheme());
    out.put("timeoutMs", c.timeout().toMillis());
    out.put("created", live != null);
    out.put("policies", policies(c.policies()));
    if (live != null) {
      out.put("state", state(live));
    }
    return out;
  }

  private static Map<String, Object> policies(CallPolicies p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("retry", p.retryPolicy().toString());
    out.put("budget", p.retryBudget().toString());
    out.put("hedging", p.hedgingPolicy().toString());
    out.put("breaker", p.circuitBreaker().toString());
    out.put("limit", p.concurrencyLimit().toString());
    out.put("balancing", p.balancing().policy());
    out.put("zone", p.balancing().zone());
    out.put("healthCheck", p.balancing().healthCheck().map(Object::toString).orElse("off"));
    out.put("outlierDetection", p.balancing().outlierDetection().enabled());
    return out;
  }

  /** The live state, as {@link DestinationState} reads it now; durations in milliseconds. */
  private static Map<String, Object> state(HttpServiceClient client) {
    DestinationState state = client.state();
    Map<String, Object> out = new LinkedHashMap<>();
    DiscoveryStatus d = state.discovery();
    Map<String, Object> discovery = new LinkedHashMap<>();
    discovery.put("target", d.target());
    discovery.put("updates", d.updates());
    discovery.put("sinceLastUpdateMs", state.sinceLastDiscoveryUpdate().map(Duration::toMillis).orElse(null));
    discovery.put("lastError", d.lastError());
    out.put("discovery", discovery);
    out.put("endpoints", state.endpoints().stream().map(SwitchboardEndpoint::endpoint).toList());
    long balance = state.retryBudgetBalance();
    out.put("retryBudgetBalance", balance == Long.MAX_VALUE ? "unlimited" : balance);
    out.put("retryBudgetRefusals", state.retryBudgetRefusals());
    state.circuitBreakerState().ifPresent(b -> {
      out.put("breakerState", b);
      out.put("breakerRejections", state.circuitBreakerRejections());
    });
    state.concurrencyLimit().ifPresent(limit -> {
      out.put("concurrencyLimit", limit);
      out.put("inFlight", state.concurrencyInFlight());
      out.put("concurrencyLimitRejections", state.concurrencyLimitRejections());
    });
    state.hedgeDelay().ifPresent(delay -> {
      out.put("hedgeDelayMs", millis(delay));
      client.policies().hedgeDelay().ifPresent(h -> out.put("hedgeLatencySamples", h.samples()));
    });
    return out;
  }

  private static Map<String, Object> endpoint(EndpointState e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("address", e.address());
    out.put("zone", e.zone());
    out.put("weight", e.weight());
    out.put("priority", e.priority());
    out.put("healthy", e.healthy());
    out.put("ejected", e.ejected());
    if (e.ejected()) {
      out.put("ejectedForMs", e.ejectedFor().toMillis());
      out.put("ejectionReason", e.ejectionReason());
    }
    out.put("backingOffForMs", e.backingOffFor().toMillis());
    out.put("latencyEwmaMs", e.latencyEwmaNanos() < 0 ? null : e.latencyEwmaNanos() / 1e6); // null before a sample
    out.put("inFlight", e.inFlight());
    out.put("successes", e.successes());
    out.put("failures", e.failures());
    out.put("successRate", Double.isNaN(e.successRate()) ? null : e.successRate()); // JSON has no NaN
    return out;
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
