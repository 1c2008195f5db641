package dev.switchboard.balancer;

import dev.switchboard.endpoint.Endpoint;

/**
 * The hot-path half of a balancer: an immutable snapshot that chooses an endpoint for one attempt.
 * A {@link LoadBalancer} publishes a new picker whenever endpoints, health or weights change.
 *
 * <p><b>Threading:</b> called concurrently from every calling thread. Implementations take no
 * locks and allocate as little as possible; they may read the atomics in {@link EndpointStats}.
 */
@FunctionalInterface
public interface Picker {
  /**
   * Chooses an endpoint not in {@code context.excluded()}, or returns null when no eligible
   * endpoint remains. The pipeline then retries without exclusions, and only fails with
   * {@code NO_ENDPOINTS} when that too returns null.
   */
  Endpoint pick(PickContext context);

  /**
   * Why nothing can be picked, for {@code NO_ENDPOINTS} errors: e.g. which endpoints are ejected
   * and why. Called only on failure.
   */
  default String describeUnavailable() {
    return "no endpoints";
  }

  /** A picker that never picks, explaining why. */
  static Picker unavailable(String reason) {
    return new Picker() {
      @Override
      public Endpoint pick(PickContext context) {
        return null;
      }

      @Override
      public String describeUnavailable() {
        return reason;
      }
    };
  }
}
