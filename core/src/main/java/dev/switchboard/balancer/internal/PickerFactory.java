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
import java.util.TreeMap;

/**
 * The one place that turns health state into a picker: groups endpoints into priority levels,
 * chooses the active level, applies the panic threshold, chooses the eligible set, builds per-zone
 * selectors for zones healthy enough to keep their traffic, and attaches slow-start ramps. Control
 * side only.
 *
 * <p>Priority levels ({@link Endpoint#priority()}, RFC 2782 and Envoy's priority levels, strict
 * failover): the <em>active</em> level is the lowest-numbered one with a healthy endpoint (neither
 * ejected nor failing active checks), and only its healthy endpoints get traffic, weighted within
 * it; each later level's healthy endpoints follow in the picker only for picks that find nothing
 * usable in the levels before (all excluded by the call or backing off). Panic is judged on the
 * active level alone, and only when no later level has a healthy endpoint to fail over to: a
 * healthy fallback beats sending traffic to endpoints known to be bad. Panic counts only
 * connectable endpoints (a dead one can serve nothing, panic or not) and balances over them; when no
 * level has a healthy endpoint, panic (if enabled) balances over the connectable endpoints of the
 * lowest level, or all of them when none is connectable. With one level
 * this is exactly the behaviour without priorities.
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
    List<List<EndpointHealth>> levels = levels(all);
    int active = -1;
    for (int i = 0; i < levels.size() && active < 0; i++) {
      if (!healthy(levels.get(i)).isEmpty()) {
        active = i;
      }
    }
    List<EndpointHealth> level = levels.get(Math.max(active, 0));
    List<EndpointHealth> healthy = healthy(level);
    boolean fallback = false;
    for (int j = active + 1; active >= 0 && j < levels.size() && !fallback; j++) {
      fallback = !healthy(levels.get(j)).isEmpty();
    }
    // Panic compares the healthy with the connectable endpoints: one that refuses connections
    // cannot serve even in panic, so dead replicas neither trigger panic nor get its traffic,
    // unless none is connectable at all (then the whole level is tried: it may be back).
    List<EndpointHealth> connectable = connectable(level);
    List<EndpointHealth> base = connectable.isEmpty() ? level : connectable;
    boolean panic = !fallback && (long) healthy.size() * 100 < (long) options.panicThresholdPercent() * base.size();
    if (healthy.isEmpty() && !panic) {
      return new Result(Picker.unavailable(describe(all, now)), false);
    }
    List<HealthAwarePicker.Level> picked = new ArrayList<>();
    List<EndpointHealth> eligible = panic ? base : healthy;
    picked.add(new HealthAwarePicker.Level(rule.bind(candidates(eligible, now)),
        panic ? Map.of() : zoneSelectors(level, healthy, now)));
    int count = eligible.size();
    for (int j = active + 1; active >= 0 && j < levels.size(); j++) {
      List<EndpointHealth> backup = healthy(levels.get(j));
      if (!backup.isEmpty()) {
        picked.add(new HealthAwarePicker.Level(rule.bind(candidates(backup, now)),
            zoneSelectors(levels.get(j), backup, now)));
        count += backup.size();
      }
    }
    String description = "all " + count + " eligible endpoints of " + context.service()
        + " were excluded by this call" + (panic ? " (panic mode: fewer than "
        + options.panicThresholdPercent() + "% healthy, balancing over all)" : "");
    double minWeight = options.slowStartMinWeightPercent() / 100.0;
    return new Result(new HealthAwarePicker(context.ticker(), context.random(),
        picked.toArray(new HealthAwarePicker.Level[0]), options.zone(), Math.max(1, slowStartNanos), minWeight,
        description), panic);
  }

  /** The endpoints grouped by priority, lowest first, each group in discovery order. */
  static List<List<EndpointHealth>> levels(Collection<EndpointHealth> all) {
    int first = all.iterator().next().endpoint.priority();
    boolean single = true;
    for (EndpointHealth h : all) {
      single &= h.endpoint.priority() == first;
    }
    if (single) {
      return List.of(List.copyOf(all)); // the common case: no priorities
    }
    TreeMap<Integer, List<EndpointHealth>> byPriority = new TreeMap<>();
    for (EndpointHealth h : all) {
      byPriority.computeIfAbsent(h.endpoint.priority(), p -> new ArrayList<>()).add(h);
    }
    return List.copyOf(byPriority.values());
  }

  private static List<EndpointHealth> connectable(List<EndpointHealth> hs) {
    List<EndpointHealth> out = new ArrayList<>(hs.size());
    for (EndpointHealth h : hs) {
      if (h.connectable) {
        out.add(h);
      }
    }
    return out;
  }

  private static List<EndpointHealth> healthy(List<EndpointHealth> hs) {
    List<EndpointHealth> out = new ArrayList<>(hs.size());
    for (EndpointHealth h : hs) {
      if (h.available()) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * A selector for each zone of one level whose healthy share is at or above the spill-over
   * threshold, over its healthy endpoints. Zones below it get none, so their callers use every
   * healthy endpoint of the level.
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
