package dev.switchboard.discovery.eureka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.endpoint.Endpoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Eureka's JSON for instances ({@code com.netflix.appinfo.InstanceInfo} as its Jackson codec writes
 * it): ports are {@code {"$": 8080, "@enabled": "true"}}, metadata may carry an {@code "@class"}
 * marker, and lists of one may come as a bare object (the older XStream encoding). Reading is
 * lenient, as Eureka's own clients are; what discovery needs (a host, an enabled port) is checked
 * by {@link EurekaInstance#toEndpoint}. Thread-safe.
 */
public final class InstanceJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private InstanceJson() {}

  /** The elements of {@code node}: an array's items, a lone object, or nothing. */
  static List<JsonNode> items(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(out::add);
    } else if (node.isObject()) {
      out.add(node);
    }
    return out;
  }

  /**
   * The instance in {@code node}.
   *
   * @throws IllegalArgumentException naming what is missing
   */
  public static EurekaInstance parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("instance is not a JSON object");
    }
    String app = text(node, "app").toUpperCase(Locale.ROOT);
    String hostName = text(node, "hostName");
    String ipAddr = text(node, "ipAddr");
    String instanceId = text(node, "instanceId");
    if (instanceId.isEmpty()) {
      instanceId = hostName.isEmpty() ? ipAddr : hostName; // Eureka's own fallback for instances without an id
    }
    // an unusable instance (no host, no port) is kept: it counts in the reconcile hash like every
    // instance the server holds, and is skipped, with the reason, when endpoints are made
    // the server has already applied overrides (an operator's OUT_OF_SERVICE) to "status"
    String status = text(node, "status").toUpperCase(Locale.ROOT);
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = node.get("metadata");
    if (meta != null && meta.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!f.getKey().startsWith("@") && f.getValue().isValueNode() && !f.getValue().isNull()) {
          metadata.put(f.getKey(), f.getValue().asText());
        }
      }
    }
    String zone = metadata.getOrDefault("zone", "");
    JsonNode dc = node.get("dataCenterInfo");
    if (zone.isEmpty() && dc != null && dc.path("metadata").isObject()) {
      zone = dc.path("metadata").path("availability-zone").asText("");
    }
    return new EurekaInstance(instanceId, app, status.isEmpty() ? "UNKNOWN" : status, hostName, ipAddr,
        port(node.get("port")), enabled(node.get("port"), true), port(node.get("securePort")),
        enabled(node.get("securePort"), false), zone, Map.copyOf(metadata));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? "" : v.asText().trim();
  }

  private static int port(JsonNode port) {
    if (port == null) {
      return 0;
    }
    JsonNode value = port.isObject() ? port.get("$") : port;
    return value == null ? 0 : value.asInt(0);
  }

  private static boolean enabled(JsonNode port, boolean fallback) {
    if (port == null || !port.isObject() || port.get("@enabled") == null) {
      return fallback;
    }
    JsonNode e = port.get("@enabled");
    return e.isBoolean() ? e.asBoolean() : "true".equalsIgnoreCase(e.asText().trim());
  }

  /**
   * The registration body for {@code self} as instance {@code instanceId} of {@code app}, in the
   * form Spring Cloud's Eureka client sends: {@code {"instance": {...}}}, status {@code UP}, a
   * non-secure port, {@code MyOwn} data center, the lease settings, and the endpoint's metadata
   * plus {@code zone}, {@code weight} and {@code priority} when they are not the defaults.
   */
  public static byte[] registration(Endpoint self, String app, String instanceId, EurekaTarget target,
      long lastDirtyTimestamp) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode i = root.putObject("instance");
    i.put("instanceId", instanceId);
    i.put("app", app);
    i.put("appName", app);
    i.put("hostName", self.host());
    i.put("ipAddr", self.host());
    i.put("vipAddress", app.toLowerCase(Locale.ROOT));
    i.put("secureVipAddress", app.toLowerCase(Locale.ROOT));
    i.put("status", EurekaInstance.UP);
    i.put("overriddenStatus", "UNKNOWN");
    ObjectNode port = i.putObject("port");
    port.put("$", self.port());
    port.put("@enabled", "true");
    ObjectNode secure = i.putObject("securePort");
    secure.put("$", 443);
    secure.put("@enabled", "false");
    i.put("countryId", 1);
    ObjectNode dc = i.putObject("dataCenterInfo");
    dc.put("@class", "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo");
    dc.put("name", "MyOwn");
    ObjectNode lease = i.putObject("leaseInfo");
    lease.put("renewalIntervalInSecs", target.renewInterval().toSeconds());
    lease.put("durationInSecs", target.leaseDuration().toSeconds());
    ObjectNode meta = i.putObject("metadata");
    self.metadata().forEach(meta::put);
    if (!self.zone().isEmpty()) {
      meta.put("zone", self.zone());
    }
    if (self.weight() != Endpoint.DEFAULT_WEIGHT) {
      meta.put("weight", Integer.toString(self.weight()));
    }
    if (self.priority() != Endpoint.DEFAULT_PRIORITY) {
      meta.put("priority", Integer.toString(self.priority()));
    }
    String base = "http://" + self.address();
    i.put("homePageUrl", base + "/");
    i.put("statusPageUrl", base + "/info");
    i.put("healthCheckUrl", base + "/health");
    i.put("isCoordinatingDiscoveryServer", "false");
    i.put("lastUpdatedTimestamp", Long.toString(lastDirtyTimestamp));
    i.put("lastDirtyTimestamp", Long.toString(lastDirtyTimestamp));
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
