package dev.switchboard.balancer;

/**
 * A named balancing policy (a pick rule times a load metric) that creates balancers. Immutable
 * and thread-safe; one policy may create balancers for many destinations.
 */
public interface LoadBalancerPolicy {
  /** The policy name as used in configuration, e.g. {@code "round_robin"}. */
  String name();

  /** A balancer for one destination. */
  LoadBalancer newBalancer(BalancerContext context);
}
