package dev.switchboard.discovery.zookeeper.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.endpoint.Endpoint;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the JSON that curator-x-discovery's {@code JsonInstanceSerializer} writes for a
 * {@code ServiceInstance}: {@code {"name","id","address","port","sslPort","payload",
 * "registrationTimeUTC","serviceType","uriSpec","enabled"}}. The payload may be of any class (it
 * carries an {@code "@class"} type tag), so it is read as a tree, never bound to a type: an
 * instance registered with a payload class we do not have is still found.
 *
 * <p>Mapping: {@code port} (or {@code sslPort} when there is no plain port, with metadata
 * {@code tls=true}); payload fields {@code weight} and {@code zone} become the endpoint's weight
 * and zone; every other scalar payload field becomes metadata, and {@code id} becomes
 * {@code zk.id}. Instances with {@code "enabled": false} are left out. Thread-safe.
 */
public final class ServiceInstanceJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ServiceInstanceJson() {}

  /** Why an instance node was skipped. */
  public static final class BadInstanceException extends Exception {
    BadInstanceException(String message) {
      super(message);
    }
  }

  /**
   * The endpoint in {@code data}, or null if the instance is disabled.
   *
   * @throws BadInstanceException for garbage JSON, a missing port or a bad address
   */
  public static Endpoint parse(byte[] data) throws BadInstanceException {
    JsonNode root;
    try {
      root = MAPPER.readTree(data);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInstanceException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInstanceException("unreadable: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadInstanceException("not a JSON object");
    }
    if (root.path("enabled").isBoolean() && !root.get("enabled").asBoolean()) {
      return null;
    }
    String address = root.path("address").isTextual() ? root.get("address").asText().trim() : "";
    if (address.isEmpty()) {
      throw new BadInstanceException("no \"address\"");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    int port;
    if (root.path("port").isInt()) {
      port = root.get("port").asInt();
    } else if (root.path("sslPort").isInt()) {
      port = root.get("sslPort").asInt();
      metadata.put("tls", "true");
    } else {
      throw new BadInstanceException("no \"port\" or \"sslPort\"");
    }
    int weight = Endpoint.DEFAULT_WEIGHT;
    String zone = "";
    JsonNode payload = root.path("payload");
    if (payload.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String key = f.getKey();
        JsonNode v = f.getValue();
        if (key.equals("@class") || !v.isValueNode() || v.isNull()) {
          continue;
        }
        switch (key) {
          case "weight" -> weight = weight(v);
          case "zone" -> zone = v.asText();
          default -> metadata.put(key, v.asText());
        }
      }
    } else if (payload.isValueNode() && !payload.isNull()) {
      metadata.put("payload", payload.asText());
    }
    if (root.path("id").isTextual()) {
      metadata.put("zk.id", root.get("id").asText());
    }
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    try {
      return new Endpoint(address, port, weight, zone, metadata);
    } catch (IllegalArgumentException e) {
      throw new BadInstanceException(e.getMessage());
    }
  }

  private static int weight(JsonNode v) throws BadInstanceException {
    try {
      int w = v.isNumber() ? v.asInt() : Integer.parseInt(v.asText().trim());
      if (w < 1) {
        throw new BadInstanceException("payload weight " + w + " is < 1");
      }
      return w;
    } catch (NumberFormatException e) {
      throw new BadInstanceException("payload weight \"" + v.asText() + "\" is not a number");
    }
  }

  /** The payload a {@link dev.switchboard.discovery.zookeeper.ZkRegistrar} writes for {@code e}. */
  public static Map<String, Object> payload(Endpoint e) {
    Map<String, Object> p = new LinkedHashMap<>(e.metadata());
    p.put("weight", e.weight());
    if (!e.zone().isEmpty()) {
      p.put("zone", e.zone());
    }
    return p;
  }
}
