package dev.switchboard.pipeline.internal;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pick rules of one attempt, written once for every transport: ask the balancer's picker for
 * an endpoint this call has not tried and that no server asked to back off; else reuse a tried one
 * that is not backing off; a hedge never reuses one. Stateless and thread-safe.
 */
final class EndpointPick {
  /** How many backing-off endpoints one pick may step over before reusing tried ones. */
  private static final int MAX_SKIPS = 4;

  private EndpointPick() {}

  /**
   * An endpoint for the next attempt of a call that has tried {@code tried}, or null when the
   * picker has nothing at all.
   *
   * @throws RejectedCallException {@code NO_ENDPOINTS} for a hedge when every endpoint left was
   *     used; {@code RATE_LIMITED} with the wait when only backing-off endpoints are left
   */
  static Endpoint pick(Picker picker, EndpointStatsRegistry stats, List<Endpoint> tried, String hashKey,
      boolean hedge, String service, long now) {
    Endpoint e = picker.pick(tried.isEmpty() && hashKey == null ? PickContext.none() // a first attempt
        : new PickContext(tried, hashKey, ""));
    if (e != null && !stats.of(e).isBackingOff(now)) {
      return e; // the usual case, without building the lists below
    }
    List<Endpoint> backingOff = new ArrayList<>(0); // allocates no array until something backs off
    if (e != null) { // step over it, and over a few more that back off too
      backingOff.add(e);
      List<Endpoint> avoid = new ArrayList<>(tried);
      avoid.add(e);
      e = pickNotBackingOff(picker, stats, avoid, hashKey, now, backingOff, MAX_SKIPS - 1);
      if (e != null) {
        return e;
      }
    }
    if (tried.isEmpty() && backingOff.isEmpty()) {
      return null;
    }
    if (hedge) { // a hedge only helps on an endpoint this call has not used
      throw new RejectedCallException(ErrorKind.NO_ENDPOINTS, "no endpoint of " + service
          + " that this call has not used is available for a hedge (" + tried.size() + " used)");
    }
    // Every untried endpoint is gone or backing off: reuse tried ones that are not backing off.
    for (Endpoint t : tried) {
      if (stats.of(t).isBackingOff(now) && !backingOff.contains(t)) {
        backingOff.add(t);
      }
    }
    e = pickNotBackingOff(picker, stats, List.copyOf(backingOff), hashKey, now, backingOff, MAX_SKIPS);
    if (e != null || backingOff.isEmpty()) {
      return e;
    }
    long free = Long.MAX_VALUE;
    for (Endpoint b : backingOff) {
      free = Math.min(free, stats.of(b).backOffUntilNanos() - now);
    }
    free = Math.max(1, free);
    throw new RejectedCallException(ErrorKind.RATE_LIMITED,
        "every available endpoint of " + service + " is backing off after server pushback ("
            + backingOff.size() + " endpoint(s)); the first is free in " + TimeUnit.NANOSECONDS.toMillis(free) + " ms",
        Duration.ofNanos(free));
  }

  /**
   * Picks outside {@code excluded}, stepping over at most {@code skips} endpoints that are
   * backing off (each is added to {@code backingOff} and excluded from the next pick); null when
   * the picker runs out first.
   */
  private static Endpoint pickNotBackingOff(Picker picker, EndpointStatsRegistry stats, List<Endpoint> excluded,
      String hashKey, long now, List<Endpoint> backingOff, int skips) {
    List<Endpoint> avoid = excluded;
    for (int i = 0; i < skips; i++) {
      Endpoint e = picker.pick(new PickContext(avoid, hashKey, ""));
      if (e == null) {
        return null;
      }
      if (!stats.of(e).isBackingOff(now)) {
        return e;
      }
      if (!backingOff.contains(e)) {
        backingOff.add(e);
      }
      avoid = new ArrayList<>(avoid);
      avoid.add(e);
    }
    return null;
  }
}
