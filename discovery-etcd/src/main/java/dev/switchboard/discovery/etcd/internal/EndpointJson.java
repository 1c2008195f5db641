package dev.switchboard.discovery.etcd.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.endpoint.Endpoint;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value layout of grpc-go's etcd naming ({@code go.etcd.io/etcd/client/v3/naming/endpoints},
 * {@code internal.Update}): {@code {"Op":0,"Addr":"host:port","Metadata":<any JSON>}}. {@code Op}
 * is ignored on read, as the Go resolver does (stored values are always additions).
 *
 * <p>Metadata: when it is an object, {@code weight}, {@code priority} and {@code zone} become the
 * endpoint's weight, priority and zone and other scalar fields become metadata; any other non-null value is kept as metadata
 * {@code metadata} (its JSON text). Thread-safe.
 */
public final class EndpointJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EndpointJson() {}

  /** Why a key was skipped. */
  public static final class BadEntryException extends Exception {
    BadEntryException(String message) {
      super(message);
    }
  }

  /**
   * The endpoint in {@code value}.
   *
   * @throws BadEntryException for garbage JSON, a missing port or a bad address
   */
  public static Endpoint parse(byte[] value) throws BadEntryException {
    JsonNode root;
    try {
      root = MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      throw new BadEntryException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadEntryException("unreadable: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadEntryException("not a JSON object");
    }
    JsonNode addr = root.get("Addr");
    if (addr == null || !addr.isTextual() || addr.asText().isBlank()) {
      throw new BadEntryException("no \"Addr\"");
    }
    String hostPort = addr.asText().trim();
    String host;
    String portText;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        throw new BadEntryException("Addr \"" + hostPort + "\" has no port (expected [ipv6]:port)");
      }
      host = hostPort.substring(1, close);
      portText = hostPort.substring(close + 2);
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0 || hostPort.indexOf(':') != colon) {
        throw new BadEntryException("Addr \"" + hostPort + "\" has no port (expected host:port)");
      }
      host = hostPort.substring(0, colon);
      portText = hostPort.substring(colon + 1);
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new BadEntryException("Addr \"" + hostPort + "\" has a bad port");
    }
    int weight = Endpoint.DEFAULT_WEIGHT;
    int priority = Endpoint.DEFAULT_PRIORITY;
    String zone = "";
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = root.get("Metadata");
    if (meta != null && meta.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode v = f.getValue();
        if (!v.isValueNode() || v.isNull()) {
          continue;
        }
        switch (f.getKey()) {
          case "weight" -> weight = number(v, "weight", 1);
          case "priority" -> priority = number(v, "priority", 0);
          case "zone" -> zone = v.asText();
          default -> metadata.put(f.getKey(), v.asText());
        }
      }
    } else if (meta != null && !meta.isNull()) {
      metadata.put("metadata", meta.isTextual() ? meta.asText() : meta.toString());
    }
    try {
      return new Endpoint(host, port, weight, priority, zone, metadata);
    } catch (IllegalArgumentException e) {
      throw new BadEntryException(e.getMessage());
    }
  }

  /** The integer Metadata field {@code name}, at least {@code min}. */
  private static int number(JsonNode v, String name, int min) throws BadEntryException {
    try {
      int n = v.isNumber() ? v.asInt() : Integer.parseInt(v.asText().trim());
      if (n < min) {
        throw new BadEntryException("Metadata " + name + " " + n + " is < " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadEntryException("Metadata " + name + " \"" + v.asText() + "\" is not a number");
    }
  }

  /** The value a registration writes for {@code e}, in the grpc-go layout. */
  public static byte[] render(Endpoint e) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("Op", 0);
    root.put("Addr", e.address());
    ObjectNode meta = root.putObject("Metadata");
    e.metadata().forEach(meta::put);
    meta.put("weight", e.weight());
    if (e.priority() != Endpoint.DEFAULT_PRIORITY) {
      meta.put("priority", e.priority());
    }
    if (!e.zone().isEmpty()) {
      meta.put("zone", e.zone());
    }
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
