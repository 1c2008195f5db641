package dev.switchboard.discovery;

import dev.switchboard.endpoint.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the {@link DiscoveryProvider} for a target's scheme and opens a source. Thread-safe.
 *
 * <pre>{@code
 * try (EndpointSource users = Discovery.open("dns+srv:///_users._tcp.svc.test")) {
 *   EndpointSet now = users.awaitInitial(Duration.ofSeconds(2));
 * }
 * }</pre>
 *
 * <p>Services register themselves with the same target form:
 *
 * <pre>{@code
 * Registration self = Discovery.register("zk://127.0.0.1:2181/services/users", Endpoint.of("10.0.0.7", 8080));
 * Runtime.getRuntime().addShutdownHook(new Thread(self::close));
 * }</pre>
 */
public final class Discovery {
  private static volatile List<DiscoveryProvider> providers;
  private static volatile List<Registrar> registrars;

  private Discovery() {}

  /** Opens {@code target} with the default environment. */
  public static EndpointSource open(String target) {
    return open(target, DiscoveryEnvironment.defaults());
  }

  /**
   * Opens {@code target}.
   *
   * @throws IllegalArgumentException quoting the target if it is malformed or no provider serves
   *     its scheme
   */
  public static EndpointSource open(String target, DiscoveryEnvironment environment) {
    Objects.requireNonNull(environment, "environment");
    DiscoveryTarget parsed = DiscoveryTarget.parse(target);
    return provider(parsed).open(parsed, environment);
  }

  /** Validates {@code target} without opening it: scheme known and syntax accepted by parsing. */
  public static DiscoveryProvider provider(DiscoveryTarget target) {
    for (DiscoveryProvider p : providers()) {
      if (p.scheme().equals(target.scheme()) && p.isAvailable()) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown discovery scheme \"" + target.scheme() + "\" in target \"" + target.raw()
            + "\"; known schemes: " + knownSchemes()
            + " (add the switchboard-discovery-* module that provides it)");
  }

  /** The schemes of every available provider, sorted. */
  public static List<String> knownSchemes() {
    return providers().stream()
        .filter(DiscoveryProvider::isAvailable)
        .map(DiscoveryProvider::scheme)
        .distinct()
        .sorted()
        .collect(Collectors.toList());
  }

  /** Registers {@code self} under {@code target} with the default environment. */
  public static Registration register(String target, Endpoint self) {
    return register(target, self, DiscoveryEnvironment.defaults());
  }

  /**
   * Registers {@code self} under {@code target}; close the result to deregister.
   *
   * @throws IllegalArgumentException quoting the target if it is malformed or no registrar serves
   *     its scheme
   */
  public static Registration register(String target, Endpoint self, DiscoveryEnvironment environment) {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(environment, "environment");
    DiscoveryTarget parsed = DiscoveryTarget.parse(target);
    return registrar(parsed).register(parsed, self, environment);
  }

  /** The registrar for {@code target}'s scheme. */
  public static Registrar registrar(DiscoveryTarget target) {
    List<Registrar> all = registrars();
    for (Registrar r : all) {
      if (r.scheme().equals(target.scheme()) && r.isAvailable()) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "no registrar for scheme \"" + target.scheme() + "\" in target \"" + target.raw()
            + "\"; schemes that support registration: "
            + all.stream().filter(Registrar::isAvailable).map(Registrar::scheme).distinct().sorted().toList());
  }

  private static List<Registrar> registrars() {
    List<Registrar> r = registrars;
    if (r == null) {
      List<Registrar> found = new ArrayList<>();
      ServiceLoader.load(Registrar.class, Discovery.class.getClassLoader()).forEach(found::add);
      found.sort(Comparator.comparingInt(Registrar::priority).reversed());
      registrars = r = List.copyOf(found);
    }
    return r;
  }

  private static List<DiscoveryProvider> providers() {
    List<DiscoveryProvider> p = providers;
    if (p == null) {
      List<DiscoveryProvider> found = new ArrayList<>();
      ServiceLoader.load(DiscoveryProvider.class, Discovery.class.getClassLoader()).forEach(found::add);
      found.sort(Comparator.comparingInt(DiscoveryProvider::priority).reversed());
      providers = p = List.copyOf(found);
    }
    return p;
  }
}
