package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns health state into a picker: applies the panic threshold, chooses the
 * eligible set, builds per-zone selectors for zones healthy enough to keep their traffic, and
 * attaches slow-start ramps. Control side only.
 */
final class PickerFactory {
  /** The picker and whether it was built in panic mode. */
  record Result(Picker picker, boolean panic) {}

  private final BalancerContext context;
  private final BalancingPolicy options;
  private final PickRule rule;
  private final long slowStartNanos;

  PickerFactory(BalancerContext context, PickRule rule) {
    this.context = context;
    this.options = context.options();
    this.rule = rule;
    this.slowStartNanos = options.slowStartWindow().toNanos();
  }

  Result build(Collection<EndpointHealth> all, long now) {
    if (all.isEmpty()) {
      return new Result(Picker.unavailable("discovery returned no endpoints for " + context.service()), false);
    }
    List<EndpointHealth> healthy = new ArrayList<>();
    for (EndpointHealth h : all) {
      if (h.available()) {
        healthy.add(h);
      }
    }
    boolean panic = (long) healthy.size() * 100 < (long) options.panicThresholdPercent() * all.size();
    if (healthy.isEmpty() && !panic) {
      return new Result(Picker.unavailable(describe(all, now)), false);
    }
    List<EndpointHealth> eligible = panic ? List.copyOf(all) : healthy;
    Selector everywhere = rule.bind(candidates(eligible, now));
    Map<String, Selector> byZone = panic ? Map.of() : zoneSelectors(all, healthy, now);
    String description = "all " + eligible.size() + " eligible endpoints of " + context.service()
        + " were excluded by this call" + (panic ? " (panic mode: fewer than "
        + options.panicThresholdPercent() + "% healthy, balancing over all)" : "");
    double minWeight = options.slowStartMinWeightPercent() / 100.0;
    return new Result(new HealthAwarePicker(context.ticker(), context.random(), everywhere, byZone,
        options.zone(), Math.max(1, slowStartNanos), minWeight, description), panic);
  }

  /**
   * A selector for each zone whose healthy share is at or above the spill-over threshold, over its
   * healthy endpoints. Zones below it get none, so their callers use every healthy endpoint.
   */
  private Map<String, Selector> zoneSelectors(Collection<EndpointHealth> all, List<EndpointHealth> healthy, long now) {
    Map<String, int[]> totals = new HashMap<>();
    for (EndpointHealth h : all) {
      totals.computeIfAbsent(h.endpoint.zone(), z -> new int[1])[0]++;
    }
    if (totals.size() < 2) {
      return Map.of(); // one zone (or none): preference changes nothing
    }
    Map<String, List<EndpointHealth>> local = new LinkedHashMap<>();
    for (EndpointHealth h : healthy) {
      if (!h.endpoint.zone().isEmpty()) {
        local.computeIfAbsent(h.endpoint.zone(), z -> new ArrayList<>()).add(h);
      }
    }
    Map<String, Selector> out = new HashMap<>();
    local.forEach((zone, hs) -> {
      int total = totals.get(zone)[0];
      if ((long) hs.size() * 100 >= (long) options.zoneSpilloverThresholdPercent() * total) {
        out.put(zone, rule.bind(candidates(hs, now)));
      }
    });
    return Map.copyOf(out);
  }

  private Candidates candidates(List<EndpointHealth> hs, long now) {
    int n = hs.size();
    Endpoint[] endpoints = new Endpoint[n];
    EndpointStats[] stats = new EndpointStats[n];
    long[] ramp = new long[n];
    for (int i = 0; i < n; i++) {
      EndpointHealth h = hs.get(i);
      endpoints[i] = h.endpoint;
      stats[i] = h.stats;
      if (h.rampStart != Candidates.NOT_RAMPING && now - h.rampStart >= slowStartNanos) {
        h.rampStart = Candidates.NOT_RAMPING; // ramp over: later pickers skip the check
      }
      ramp[i] = h.rampStart;
    }
    return new Candidates(endpoints, stats, ramp);
  }

  private String describe(Collection<EndpointHealth> all, long now) {
    StringBuilder sb = new StringBuilder("all ").append(all.size()).append(" endpoints of ")
        .append(context.service()).append(" are unavailable and panic mode is disabled: ");
    int shown = 0;
    for (EndpointHealth h : all) {
      if (shown == 20) {
        sb.append("; and ").append(all.size() - shown).append(" more");
        break;
      }
      sb.append(shown++ == 0 ? "" : "; ").append(h.why(now));
    }
    return sb.toString();
  }
}
