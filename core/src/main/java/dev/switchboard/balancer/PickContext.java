package dev.switchboard.balancer;

import dev.switchboard.endpoint.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * Per-attempt input to {@link Picker#pick}: endpoints to avoid (those this call already tried, for
 * retries and hedges), an optional affinity hash key, and the caller's zone. Immutable.
 *
 * @param excluded endpoints not to pick; small (at most the attempts of one call)
 * @param hashKey the affinity key for {@code ring_hash}, or null
 * @param zone the caller's zone, or the empty string
 */
public record PickContext(List<Endpoint> excluded, String hashKey, String zone) {
  private static final PickContext NONE = new PickContext(List.of(), null, "");

  public PickContext {
    excluded = List.copyOf(Objects.requireNonNull(excluded, "excluded"));
    Objects.requireNonNull(zone, "zone");
  }

  /** No exclusions, no key, no zone. */
  public static PickContext none() {
    return NONE;
  }

  /** True if {@code e} must not be picked. Linear: the list is tiny. */
  public boolean isExcluded(Endpoint e) {
    List<Endpoint> ex = excluded;
    for (int i = 0, n = ex.size(); i < n; i++) {
      Endpoint x = ex.get(i);
      if (x.port() == e.port() && x.host().equals(e.host())) {
        return true;
      }
    }
    return false;
  }
}
