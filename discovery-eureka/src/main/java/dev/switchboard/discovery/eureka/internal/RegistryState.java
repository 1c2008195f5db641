package dev.switchboard.discovery.eureka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The local copy of a Eureka registry, every application, as Netflix's {@code DiscoveryClient}
 * keeps it: replaced by a full fetch ({@code GET /apps}), updated by deltas
 * ({@code GET /apps/delta}: the changes of the last few minutes, each instance marked
 * {@code ADDED}, {@code MODIFIED} or {@code DELETED}), and checked after each delta against the
 * server's {@code apps__hashcode}. That hash is Eureka's "reconcile hash code": instance counts per
 * status over the whole registry, sorted by status, as {@code DOWN_1_UP_2_}. A mismatch means a
 * change fell out of the delta window (we were away) or arrived out of order, and the caller must
 * fetch in full. Not thread-safe: the owning {@link EurekaRegistry} guards it.
 */
final class RegistryState {
  private final Map<String, Map<String, EurekaInstance>> apps = new HashMap<>();

  /** Replaces everything with the full registry in {@code applications}; returns every app named before or now. */
  Set<String> replace(JsonNode applications, BiConsumer<String, String> skipped) {
    Set<String> touched = new TreeSet<>(apps.keySet());
    apps.clear();
    for (JsonNode app : InstanceJson.items(applications.path("application"))) {
      String name = app.path("name").asText("").toUpperCase(Locale.ROOT);
      Map<String, EurekaInstance> instances = apps.computeIfAbsent(name, n -> new LinkedHashMap<>());
      touched.add(name);
      for (JsonNode node : InstanceJson.items(app.path("instance"))) {
        EurekaInstance i = parse(node, name, skipped);
        if (i != null) {
          instances.put(i.instanceId(), i);
        }
      }
    }
    return touched;
  }

  /** Applies a delta; returns the apps it changed. */
  Set<String> apply(JsonNode delta, BiConsumer<String, String> skipped) {
    Set<String> touched = new TreeSet<>();
    for (JsonNode app : InstanceJson.items(delta.path("application"))) {
      String name = app.path("name").asText("").toUpperCase(Locale.ROOT);
      for (JsonNode node : InstanceJson.items(app.path("instance"))) {
        EurekaInstance i = parse(node, name, skipped);
        if (i == null) {
          continue;
        }
        String action = node.path("actionType").asText("").toUpperCase(Locale.ROOT);
        Map<String, EurekaInstance> instances = apps.computeIfAbsent(i.app().isEmpty() ? name : i.app(),
            n -> new LinkedHashMap<>());
        if (action.equals("DELETED")) {
          instances.remove(i.instanceId());
        } else {
          instances.put(i.instanceId(), i); // ADDED, MODIFIED (and anything unknown: the latest wins)
        }
        touched.add(i.app().isEmpty() ? name : i.app());
      }
    }
    return touched;
  }

  /** Eureka's reconcile hash code of this copy, comparable with the server's {@code apps__hashcode}. */
  String reconcileHashCode() {
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (Map<String, EurekaInstance> instances : apps.values()) {
      for (EurekaInstance i : instances.values()) {
        counts.merge(i.status(), 1, Integer::sum);
      }
    }
    StringBuilder sb = new StringBuilder();
    counts.forEach((status, n) -> sb.append(status).append('_').append(n).append('_'));
    return sb.toString();
  }

  /** The instances of {@code app}, every status, in registry order. */
  List<EurekaInstance> instances(String app) {
    Map<String, EurekaInstance> instances = apps.get(app);
    return instances == null ? List.of() : new ArrayList<>(instances.values());
  }

  private static EurekaInstance parse(JsonNode node, String app, BiConsumer<String, String> skipped) {
    try {
      EurekaInstance i = InstanceJson.parse(node);
      return i.app().isEmpty() ? new EurekaInstance(i.instanceId(), app, i.status(), i.hostName(), i.ipAddr(),
          i.port(), i.portEnabled(), i.securePort(), i.securePortEnabled(), i.zone(), i.metadata()) : i;
    } catch (IllegalArgumentException e) {
      skipped.accept(app + "/" + node.path("instanceId").asText("?"), e.getMessage());
      return null;
    }
  }
}
