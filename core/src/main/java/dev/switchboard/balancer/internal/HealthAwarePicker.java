package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Ticker;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The published picker: zone preference, back-off avoidance and slow start around a policy's
 * {@link Selector}. Immutable; built by {@link HealthAwareBalancer} whenever the eligible set
 * changes.
 *
 * <p>Order of preference for one pick: the caller's zone (if it has a local selector, i.e. its
 * healthy share is above the spill-over threshold), then all eligible endpoints; first skipping
 * endpoints that are backing off after a server's pushback, and only if that leaves nothing,
 * including them. Slow start: a ramping endpoint chosen by the rule is kept with probability equal
 * to its ramp factor, otherwise the rule picks once more; its share therefore grows from the
 * minimum weight to its full share over the window. The factor is computed from the ticker at pick
 * time, so the ramp needs no timers.
 *
 * <p><b>Threading:</b> called concurrently; reads immutable arrays and atomics only.
 */
final class HealthAwarePicker implements Picker {
  private final Ticker ticker;
  private final RandomGenerator random;
  private final Selector all;
  private final Map<String, Selector> byZone;
  private final String defaultZone;
  private final long slowStartWindowNanos;
  private final double slowStartMinWeight;
  private final String description;

  HealthAwarePicker(Ticker ticker, RandomGenerator random, Selector all, Map<String, Selector> byZone,
      String defaultZone, long slowStartWindowNanos, double slowStartMinWeight, String description) {
    this.ticker = ticker;
    this.random = random;
    this.all = all;
    this.byZone = byZone;
    this.defaultZone = defaultZone;
    this.slowStartWindowNanos = slowStartWindowNanos;
    this.slowStartMinWeight = slowStartMinWeight;
    this.description = description;
  }

  @Override
  public Endpoint pick(PickContext context) {
    long now = ticker.nanoTime();
    if (!byZone.isEmpty()) {
      String zone = context.zone().isEmpty() ? defaultZone : context.zone();
      Selector local = zone.isEmpty() ? null : byZone.get(zone);
      if (local != null) {
        Endpoint e = choose(local, context, now, true);
        if (e != null) {
          return e;
        }
      }
    }
    Endpoint e = choose(all, context, now, true);
    return e != null ? e : choose(all, context, now, false);
  }

  private Endpoint choose(Selector selector, PickContext context, long now, boolean strict) {
    int i = selector.select(context, now, strict);
    if (i < 0) {
      return null;
    }
    Candidates c = selector.candidates;
    long start = c.rampStart[i];
    if (start != Candidates.NOT_RAMPING) {
      double factor = rampFactor(now - start);
      if (factor < 1 && random.nextDouble() >= factor) {
        int j = selector.select(context, now, strict);
        if (j >= 0) {
          i = j;
        }
      }
    }
    return c.endpoints[i];
  }

  /** Linear ramp from the minimum weight to 1 over the window [Envoy slow start, aggression 1]. */
  double rampFactor(long elapsedNanos) {
    if (elapsedNanos >= slowStartWindowNanos) {
      return 1;
    }
    return Math.max(slowStartMinWeight, (double) Math.max(0, elapsedNanos) / slowStartWindowNanos);
  }

  @Override
  public String describeUnavailable() {
    return description;
  }

  @Override
  public String toString() {
    return "HealthAwarePicker[" + all.candidates.size() + " candidates, zones=" + byZone.keySet() + "]";
  }
}
