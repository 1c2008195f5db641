package dev.switchboard.spring.boot;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.DestinationPolicies;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/switchboard}: every configured client, its configuration as bound and its
 * live state: the retry budget's balance, the breaker's state, the concurrency limit and its
 * calls in flight, the current hedge delay. {@code /actuator/switchboard/{name}} shows one. A
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
      out.put("state", state(live.policies()));
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

  private static Map<String, Object> state(DestinationPolicies live) {
    Map<String, Object> out = new LinkedHashMap<>();
    long balance = live.retryBudget().balance();
    out.put("retryBudgetBalance", balance == Long.MAX_VALUE ? "unlimited" : balance);
    live.circuitBreaker().ifPresent(b -> out.put("breakerState", b.state().toString()));
    live.concurrencyLimit().ifPresent(l -> {
      out.put("concurrencyLimit", l.limit());
      out.put("inFlight", l.inFlight());
    });
    live.hedgeDelay().ifPresent(d -> {
      out.put("hedgeDelayMs", TimeUnit.NANOSECONDS.toMillis(d.nanos()));
      out.put("hedgeLatencySamples", d.samples());
    });
    return out;
  }
}
