package dev.switchboard.micrometer.internal;

import static dev.switchboard.micrometer.MeterNames.*;

import dev.switchboard.telemetry.CallInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One service's routes, capped: at most {@code maxTemplates} templates get their own meters, the
 * rest share the template {@code _other} (a template is code, so the cap only bites on a bug such
 * as a template built from data). Per-endpoint timers, when enabled, are capped the same way.
 * Lookups are lock-free. Thread-safe.
 */
public final class ServiceMeters {
  /** HTTP methods with their own tag value; anything else is {@code _OTHER} (OpenTelemetry's rule). */
  private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
      "PATCH", "_OTHER"};

  private final MeterFactory factory;
  private final String service;
  private final int maxTemplates;
  private final int maxEndpoints;
  private final ConcurrentHashMap<String, RouteMeters[]> routes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer[]> endpoints;
  private final Counter ejections;

  public ServiceMeters(MeterFactory factory, String service, int maxTemplates, int maxEndpoints) {
    this.factory = factory;
    this.service = service;
    this.maxTemplates = maxTemplates;
    this.maxEndpoints = maxEndpoints;
    this.endpoints = maxEndpoints > 0 ? new ConcurrentHashMap<>() : null;
    this.ejections = factory.counter(EJECTIONS, "Endpoints ejected by outlier detection", Tags.of(SERVICE, service));
  }

  /** The meters of {@code call}'s route. */
  public RouteMeters route(CallInfo call) {
    RouteMeters[] byMethod = routes.get(call.template());
    if (byMethod == null) {
      String template = routes.size() < maxTemplates ? call.template() : OTHER;
      byMethod = routes.computeIfAbsent(template, t -> new RouteMeters[METHODS.length]);
    }
    int m = methodIndex(call.method());
    RouteMeters r = byMethod[m];
    if (r == null) {
      synchronized (byMethod) {
        r = byMethod[m];
        if (r == null) {
          String template = routes.containsKey(call.template()) ? call.template() : OTHER;
          r = new RouteMeters(factory, service, call.protocol(), METHODS[m], template);
          byMethod[m] = r; // final fields make it safe to read without the monitor; a miss just locks
        }
      }
    }
    return r;
  }

  /** Records one attempt against its endpoint, if per-endpoint meters are on. */
  public void recordEndpoint(String address, boolean success, long nanos) {
    if (endpoints == null) {
      return;
    }
    Timer[] pair = endpoints.get(address);
    if (pair == null) {
      String key = endpoints.size() < maxEndpoints ? address : OTHER;
      pair = endpoints.computeIfAbsent(key, a -> new Timer[] {endpointTimer(a, "success"), endpointTimer(a, "failure")});
    }
    pair[success ? 0 : 1].record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer endpointTimer(String address, String outcome) {
    return factory.timer(ENDPOINT_DURATION, "Attempts per endpoint (opt-in, capped)",
        Tags.of(SERVICE, service, PEER_ADDRESS, address, OUTCOME, outcome));
  }

  /** Counts one ejection. */
  public void ejection() {
    ejections.increment();
  }

  private static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length - 1; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length - 1;
  }
}
