package dev.switchboard.balancer;

import dev.switchboard.balancer.internal.RoundRobinPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The catalogue of built-in balancing policies, by configuration name, with their defaults.
 *
 * <ul>
 *   <li>{@code round_robin}: each endpoint in turn; weights ignored. Default policy.
 * </ul>
 */
public final class LoadBalancerPolicies {
  private static final Map<String, LoadBalancerPolicy> BUILT_IN =
      Map.of("round_robin", new RoundRobinPolicy());

  private LoadBalancerPolicies() {}

  /** {@code round_robin}. */
  public static LoadBalancerPolicy roundRobin() {
    return BUILT_IN.get("round_robin");
  }

  /**
   * The policy named {@code name}.
   *
   * @throws IllegalArgumentException quoting the name and listing the known ones
   */
  public static LoadBalancerPolicy forName(String name) {
    Objects.requireNonNull(name, "name");
    LoadBalancerPolicy p = BUILT_IN.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown load balancing policy \"" + name + "\"; known: " + names());
    }
    return p;
  }

  /** Known policy names, sorted. */
  public static List<String> names() {
    return BUILT_IN.keySet().stream().sorted().toList();
  }
}
