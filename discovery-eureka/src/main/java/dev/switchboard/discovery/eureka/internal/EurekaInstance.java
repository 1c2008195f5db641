package dev.switchboard.discovery.eureka.internal;

import dev.switchboard.endpoint.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance as Eureka's REST API describes it, reduced to what discovery needs. Immutable.
 *
 * @param instanceId Eureka's id of the instance, unique within its application
 * @param app the application name
 * @param status {@code UP}, {@code DOWN}, {@code STARTING}, {@code OUT_OF_SERVICE} or
 *     {@code UNKNOWN}
 * @param hostName the advertised host name
 * @param ipAddr the advertised IP address
 * @param port the non-secure port, or 0
 * @param portEnabled whether the non-secure port is enabled
 * @param securePort the secure port, or 0
 * @param securePortEnabled whether the secure port is enabled ({@code securePortEnabled})
 * @param zone the zone: metadata {@code zone}, else the AWS availability zone, else empty
 * @param metadata the instance's metadata map
 */
public record EurekaInstance(String instanceId, String app, String status, String hostName, String ipAddr,
    int port, boolean portEnabled, int securePort, boolean securePortEnabled, String zone,
    Map<String, String> metadata) {
  /** The only status that gets traffic. */
  public static final String UP = "UP";

  /** True for {@code UP}: Eureka's other statuses all say "send nothing here". */
  public boolean up() {
    return UP.equals(status);
  }

  /**
   * The endpoint to call: the secure port when it is enabled (as Spring Cloud's
   * {@code EurekaServiceInstance} does), else the non-secure one; the host name, or the IP address
   * with {@code useIpAddress}. Metadata {@code weight} and {@code priority}, when numbers, become
   * the endpoint's weight and priority.
   *
   * @throws IllegalArgumentException when no port is enabled or the address is unusable
   */
  public Endpoint toEndpoint(boolean useIpAddress) {
    int p = securePortEnabled ? securePort : portEnabled ? port : 0;
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("no enabled port in 1..65535 (port " + port + " enabled=" + portEnabled
          + ", securePort " + securePort + " enabled=" + securePortEnabled + ")");
    }
    String host = useIpAddress || hostName.isBlank() ? ipAddr : hostName;
    if (host.isBlank()) {
      throw new IllegalArgumentException("no hostName or ipAddr");
    }
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("eureka.instanceId", instanceId);
    meta.put("eureka.app", app);
    meta.put("eureka.secure", Boolean.toString(securePortEnabled));
    int weight = number(metadata.get("weight"), Endpoint.DEFAULT_WEIGHT, 1);
    int priority = number(metadata.get("priority"), Endpoint.DEFAULT_PRIORITY, 0);
    return new Endpoint(host, p, weight, priority, zone, meta);
  }

  private static int number(String text, int fallback, int min) {
    if (text == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(text.trim());
      if (v < min) {
        throw new IllegalArgumentException("metadata value " + v + " is below " + min);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("metadata value \"" + text + "\" is not a number");
    }
  }
}
