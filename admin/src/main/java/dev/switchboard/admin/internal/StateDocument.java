package dev.switchboard.admin.internal;

import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.DiscoveryStatus;
import dev.switchboard.telemetry.EndpointState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The admin page's JSON document: every destination with its policies' live state and each
 * endpoint. Durations are milliseconds (fractions kept for latencies); a value that does not
 * apply is {@code null} (no breaker, unlimited budget, no sample yet). Stateless; thread-safe.
 */
public final class StateDocument {
  private StateDocument() {}

  /** The document for {@code states}, stamped {@code now} (display only). */
  public static String render(List<DestinationState> states, Instant now) {
    Json json = new Json().beginObject().field("generatedAt", now.toString()).beginArray("destinations");
    for (DestinationState s : states) {
      destination(json, s);
    }
    return json.endArray().endObject().toString();
  }

  private static void destination(Json json, DestinationState s) {
    json.beginObject().field("service", s.service()).field("protocol", s.protocol());
    DiscoveryStatus d = s.discovery();
    json.object("discovery").field("target", d.target()).field("updates", d.updates());
    s.sinceLastDiscoveryUpdate().ifPresentOrElse(
        since -> json.field("sinceLastUpdateMillis", since.toMillis()), () -> json.nullField("sinceLastUpdateMillis"));
    json.field("lastError", d.lastError()).endObject();
    long balance = s.retryBudgetBalance();
    json.object("retryBudget");
    if (balance == Long.MAX_VALUE) {
      json.nullField("balance");
    } else {
      json.field("balance", balance);
    }
    json.field("refusals", s.retryBudgetRefusals()).endObject();
    if (s.circuitBreakerState().isPresent()) {
      json.object("circuitBreaker").field("state", s.circuitBreakerState().get())
          .field("rejections", s.circuitBreakerRejections()).endObject();
    } else {
      json.nullField("circuitBreaker");
    }
    if (s.concurrencyLimit().isPresent()) {
      json.object("concurrencyLimit").field("limit", s.concurrencyLimit().getAsInt())
          .field("inFlight", s.concurrencyInFlight()).field("rejections", s.concurrencyLimitRejections()).endObject();
    } else {
      json.nullField("concurrencyLimit");
    }
    s.hedgeDelay().ifPresentOrElse(h -> json.field("hedgeDelayMillis", millis(h)), () -> json.nullField("hedgeDelayMillis"));
    json.beginArray("endpoints");
    for (EndpointState e : s.endpoints()) {
      endpoint(json, e);
    }
    json.endArray().endObject();
  }

  private static void endpoint(Json json, EndpointState e) {
    json.beginObject().field("address", e.address()).field("zone", e.zone()).field("weight", e.weight())
        .field("priority", e.priority()).field("healthy", e.healthy()).field("ejected", e.ejected())
        .field("ejectedForMillis", e.ejectedFor().toMillis()).field("ejectionReason", e.ejectionReason())
        .field("backingOffForMillis", e.backingOffFor().toMillis())
        .field("latencyEwmaMillis", e.latencyEwmaNanos() < 0 ? Double.NaN : e.latencyEwmaNanos() / 1e6)
        .field("inFlight", e.inFlight()).field("successes", e.successes()).field("failures", e.failures())
        .field("successRate", e.successRate()).endObject();
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
