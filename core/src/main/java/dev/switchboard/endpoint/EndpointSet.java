package dev.switchboard.endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a service's endpoints, as pushed by discovery. Duplicate addresses are
 * collapsed (the last one wins), order is otherwise preserved. Thread-safe.
 */
public final class EndpointSet {
  private static final EndpointSet EMPTY = new EndpointSet(List.of());

  private final List<Endpoint> endpoints;

  private EndpointSet(List<Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /** The empty set. */
  public static EndpointSet empty() {
    return EMPTY;
  }

  /** A set of {@code endpoints}; duplicates by address are collapsed. */
  public static EndpointSet of(Collection<Endpoint> endpoints) {
    Objects.requireNonNull(endpoints, "endpoints");
    Map<String, Endpoint> byAddress = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      byAddress.put(Objects.requireNonNull(e, "endpoint").address(), e);
    }
    return byAddress.isEmpty() ? EMPTY : new EndpointSet(List.copyOf(byAddress.values()));
  }

  /** A set of {@code endpoints}. */
  public static EndpointSet of(Endpoint... endpoints) {
    return of(List.of(endpoints));
  }

  /** The endpoints, immutable. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** Number of endpoints. */
  public int size() {
    return endpoints.size();
  }

  /** True if there are none. */
  public boolean isEmpty() {
    return endpoints.isEmpty();
  }

  /** A copy without the endpoint at {@code address}. */
  public EndpointSet without(String address) {
    List<Endpoint> copy = new ArrayList<>(endpoints);
    copy.removeIf(e -> e.address().equals(address));
    return of(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointSet s && endpoints.equals(s.endpoints);
  }

  @Override
  public int hashCode() {
    return endpoints.hashCode();
  }

  @Override
  public String toString() {
    return "EndpointSet" + endpoints;
  }
}
