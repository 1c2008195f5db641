package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Ticker;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The published picker: priority failover, zone preference, back-off avoidance and slow start
 * around a policy's {@link Selector}s. Immutable; built by {@link PickerFactory} whenever the
 * eligible set changes.
 *
 * <p>Order of preference for one pick: the priority levels in order (the first is the active level;
 * later ones hold the healthy endpoints of the levels behind it); within a level, the caller's zone
 * (if it has a local selector, i.e. its healthy share is above the spill-over threshold), then all
 * of the level's eligible endpoints. That whole walk first skips endpoints that are backing off
 * after a server's pushback, and only if it finds nothing, walks again including them: a server
 * that asked us to go away is passed over for the next level, as RFC 2782 passes over an
 * unreachable target. With one level (no priorities) this is exactly zone, then all. Slow start: a ramping endpoint chosen by the rule is kept with probability equal
 * to its ramp factor, otherwise the rule picks once more; its share therefore grows from the
 * minimum weight to its full share over the window. The factor is computed from the ticker at pick
 * time, so the ramp needs no timers.
 *
 * <p><b>Threading:</b> called concurrently; reads immutable arrays and atomics only.
 */
final class HealthAwarePicker implements Picker {
  private final Ticker ticker;
  private final RandomGenerator random;
  private final Level[] levels;
  private final String defaultZone;
  private final long slowStartWindowNanos;
  private final double slowStartMinWeight;
  private final String description;

  /**
   * One priority level's selectors.
   *
   * @param all over the level's eligible endpoints
   * @param byZone per zone healthy enough to keep its traffic; empty when zones change nothing
   */
  record Level(Selector all, Map<String, Selector> byZone) {}

  HealthAwarePicker(Ticker ticker, RandomGenerator random, Level[] levels,
      String defaultZone, long slowStartWindowNanos, double slowStartMinWeight, String description) {
    this.ticker = ticker;
    this.random = random;
    this.levels = levels;
    this.defaultZone = defaultZone;
    this.slowStartWindowNanos = slowStartWindowNanos;
    this.slowStartMinWeight = slowStartMinWeight;
    this.description = description;
  }

  @Override
  public Endpoint pick(PickContext context) {
    long now = ticker.nanoTime();
    for (Level level : levels) {
      Endpoint e = pickIn(level, context, now, true);
      if (e != null) {
        return e;
      }
    }
    for (Level level : levels) {
      Endpoint e = choose(level.all, context, now, false);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  private Endpoint pickIn(Level level, PickContext context, long now, boolean strict) {
    if (!level.byZone.isEmpty()) {
      String zone = context.zone().isEmpty() ? defaultZone : context.zone();
      Selector local = zone.isEmpty() ? null : level.byZone.get(zone);
      if (local != null) {
        Endpoint e = choose(local, context, now, strict);
        if (e != null) {
          return e;
        }
      }
    }
    return choose(level.all, context, now, strict);
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
    return "HealthAwarePicker[" + levels.length + " levels, " + levels[0].all.candidates.size()
        + " active candidates, zones=" + levels[0].byZone.keySet() + "]";
  }
}
